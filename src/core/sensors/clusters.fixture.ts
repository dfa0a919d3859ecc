// Sensors scattered at random over a city-sized square (tests of the clusters and the marker view).
import { Rng } from '../util/random';

/** n sensors scattered over a ~20 km square around Zhengzhou. */
export function scatteredSensors(n: number, seed = 7): { lonLatDeg: Float64Array; groundM: Float32Array } {
  const rng = new Rng(seed);
  const lonLatDeg = new Float64Array(2 * n);
  const groundM = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    lonLatDeg[2 * i] = 113.55 + 0.22 * rng.next();
    lonLatDeg[2 * i + 1] = 34.68 + 0.18 * rng.next();
    groundM[i] = 90 + 20 * rng.next();
  }
  return { lonLatDeg, groundM };
}
