// Lines laid on a height grid: densified so no segment cuts through the terrain between samples,
// each vertex carrying its ground height.
import { F64Builder, U32Builder } from '../util/growable';
import { sampleHeightM, type HeightGrid } from './heightGrid';

const M_PER_DEG = 111_320;

export interface DrapedLines {
  /** lon, lat, ground height (m) per vertex. */
  coords: Float64Array;
  /** Vertex offset of each part, plus a final sentinel (parts as in the input). */
  partStart: Uint32Array;
}

/**
 * Drapes lon/lat parts on `grid`, inserting vertices so no segment is longer than `maxStepM`.
 * With `closed`, each part is a ring: its first vertex is repeated at the end.
 */
export function drapeLines(grid: HeightGrid, coords: Float64Array, partStart: Uint32Array, maxStepM: number, closed: boolean): DrapedLines {
  const out = new F64Builder();
  const starts = new U32Builder();
  const parts = partStart.length - 1;
  for (let p = 0; p < parts; p++) {
    starts.push(out.length / 3);
    const v0 = partStart[p];
    const v1 = partStart[p + 1];
    const count = closed ? v1 - v0 + 1 : v1 - v0;
    for (let k = 0; k < count; k++) {
      const v = v0 + (k % (v1 - v0));
      const x = coords[2 * v];
      const y = coords[2 * v + 1];
      if (k > 0) {
        const pv = v0 + ((k - 1) % (v1 - v0));
        const px = coords[2 * pv];
        const py = coords[2 * pv + 1];
        const cosLat = Math.cos((y * Math.PI) / 180);
        const lengthM = Math.hypot((x - px) * M_PER_DEG * cosLat, (y - py) * M_PER_DEG);
        const steps = Math.ceil(lengthM / maxStepM);
        for (let s = 1; s < steps; s++) {
          const t = s / steps;
          const ix = px + (x - px) * t;
          const iy = py + (y - py) * t;
          out.push(ix);
          out.push(iy);
          out.push(sampleHeightM(grid, ix, iy));
        }
      }
      out.push(x);
      out.push(y);
      out.push(sampleHeightM(grid, x, y));
    }
  }
  starts.push(out.length / 3);
  return { coords: out.finish(), partStart: starts.finish() };
}
