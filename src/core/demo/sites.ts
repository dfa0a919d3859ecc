// The city's landmarks in plan metres: CBD with its lake, a river, a heritage site, the industrial side, the airport.
import { Rng } from '../util/random';
import { STREAM } from './streams';

export interface CitySites {
  widthM: number;
  heightM: number;
  cbd: { x: number; y: number; radiusM: number };
  heritage: { x: number; y: number };
  river: { baseY: number; amp1: number; k1: number; p1: number; amp2: number; k2: number; p2: number; halfWidthM: number };
  /** Unit vector from the centre towards the industrial districts (east-south-east, like Zhengzhou's). */
  industrialDir: [number, number];
  /** Noise phases for organic district boundaries. */
  noise: [number, number];
}

export function buildSites(widthM: number, heightM: number, seed: number): CitySites {
  const rng = new Rng(seed, STREAM.site);
  const minSide = Math.min(widthM, heightM);
  const angle = (-20 + rng.range(-10, 10)) * (Math.PI / 180);
  return {
    widthM,
    heightM,
    cbd: { x: widthM / 2 + 400, y: heightM / 2 + 200, radiusM: Math.min(2500, Math.max(900, 0.18 * minSide)) },
    heritage: { x: widthM / 2 - 1500, y: heightM / 2 - 900 },
    river: {
      baseY: heightM / 2 + 0.17 * heightM,
      amp1: 180,
      k1: (2 * Math.PI) / rng.range(2800, 3600),
      p1: rng.range(0, 2 * Math.PI),
      amp2: 90,
      k2: (2 * Math.PI) / rng.range(1100, 1500),
      p2: rng.range(0, 2 * Math.PI),
      halfWidthM: 35,
    },
    industrialDir: [Math.cos(angle), Math.sin(angle)],
    noise: [rng.range(0, 2 * Math.PI), rng.range(0, 2 * Math.PI)],
  };
}

/** Plan y of the river centreline at plan x (the river runs west to east across the whole city). */
export function riverY(s: CitySites, x: number): number {
  const r = s.river;
  return r.baseY + r.amp1 * Math.sin(r.k1 * x + r.p1) + r.amp2 * Math.sin(r.k2 * x + r.p2);
}

/** Smallest vertical distance from the river centreline to a plan rectangle (0 when the river crosses it). */
export function riverDistanceToRect(s: CitySites, x0: number, y0: number, x1: number, y1: number): number {
  let best = Infinity;
  const steps = Math.max(2, Math.ceil((x1 - x0) / 10));
  for (let i = 0; i <= steps; i++) {
    const y = riverY(s, x0 + ((x1 - x0) * i) / steps);
    const d = y < y0 ? y0 - y : y > y1 ? y - y1 : 0;
    if (d < best) best = d;
  }
  return best;
}

/** Smooth noise in [-1, 1] for district boundaries. */
export function districtNoise(s: CitySites, x: number, y: number): number {
  return Math.sin(x / 1700 + s.noise[0]) * Math.cos(y / 2100 + s.noise[1]);
}
