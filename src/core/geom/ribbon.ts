// Flat ribbons of a given width along 3D lines (roads as surfaces): two vertices per line vertex,
// offset sideways along the mitred normal, two triangles per segment.
import type { DrapedLines } from './drape';

export interface RibbonMesh {
  /** lon, lat, height per vertex. */
  positions: Float64Array;
  indices: Uint32Array;
  /** Vertex and index offsets of each part's ribbon, plus a final sentinel. */
  partVertexStart: Uint32Array;
  partIndexStart: Uint32Array;
}

/** A ribbon mesh with its vertices in earth-centred metres, as the page draws it (converted where it is built). */
export interface EcefRibbonMesh extends Omit<RibbonMesh, 'positions'> {
  /** ECEF x, y, z metres per vertex. */
  positionsEcefM: Float64Array;
}

const M_PER_DEG = 111_320;
/** A sharp bend would push a mitred corner far out; clamp its length. */
const MAX_MITER = 3;

export function ribbons(lines: DrapedLines, widthM: ArrayLike<number>, liftM: number): RibbonMesh {
  const { coords, partStart } = lines;
  const parts = partStart.length - 1;
  let vertexCount = 0;
  let indexCount = 0;
  for (let p = 0; p < parts; p++) {
    const n = partStart[p + 1] - partStart[p];
    if (n >= 2) {
      vertexCount += 2 * n;
      indexCount += 6 * (n - 1);
    }
  }
  const positions = new Float64Array(vertexCount * 3);
  const indices = new Uint32Array(indexCount);
  const partVertexStart = new Uint32Array(parts + 1);
  const partIndexStart = new Uint32Array(parts + 1);
  let vi = 0;
  let ii = 0;
  for (let p = 0; p < parts; p++) {
    partVertexStart[p] = vi;
    partIndexStart[p] = ii;
    const v0 = partStart[p];
    const n = partStart[p + 1] - v0;
    if (n < 2) continue;
    const half = widthM[p] / 2;
    const cosLat = Math.cos((coords[3 * v0 + 1] * Math.PI) / 180);
    const kx = M_PER_DEG * cosLat;
    const ky = M_PER_DEG;
    for (let k = 0; k < n; k++) {
      const v = v0 + k;
      // Unit directions (in metres) of the segments before and after this vertex.
      const a = k > 0 ? v - 1 : v;
      const b = k < n - 1 ? v + 1 : v;
      let dx0 = (coords[3 * v] - coords[3 * a]) * kx,
        dy0 = (coords[3 * v + 1] - coords[3 * a + 1]) * ky;
      let dx1 = (coords[3 * b] - coords[3 * v]) * kx,
        dy1 = (coords[3 * b + 1] - coords[3 * v + 1]) * ky;
      const l0 = Math.hypot(dx0, dy0),
        l1 = Math.hypot(dx1, dy1);
      if (l0 > 0) {
        dx0 /= l0;
        dy0 /= l0;
      } else {
        dx0 = dx1 / (l1 || 1);
        dy0 = dy1 / (l1 || 1);
      }
      if (l1 > 0) {
        dx1 /= l1;
        dy1 /= l1;
      } else {
        dx1 = dx0;
        dy1 = dy0;
      }
      // Left normal of the averaged direction, scaled so the ribbon keeps its width at the bend.
      let nx = -(dy0 + dy1),
        ny = dx0 + dx1;
      const nl = Math.hypot(nx, ny) || 1;
      nx /= nl;
      ny /= nl;
      const dot = nx * -dy1 + ny * dx1;
      const miter = Math.min(MAX_MITER, 1 / Math.max(1e-6, dot));
      const ox = (nx * half * miter) / kx;
      const oy = (ny * half * miter) / ky;
      const h = coords[3 * v + 2] + liftM;
      positions[3 * vi] = coords[3 * v] + ox;
      positions[3 * vi + 1] = coords[3 * v + 1] + oy;
      positions[3 * vi + 2] = h;
      positions[3 * vi + 3] = coords[3 * v] - ox;
      positions[3 * vi + 4] = coords[3 * v + 1] - oy;
      positions[3 * vi + 5] = h;
      if (k > 0) {
        const l = vi - 2,
          r = vi - 1;
        indices[ii++] = l;
        indices[ii++] = r;
        indices[ii++] = vi;
        indices[ii++] = vi;
        indices[ii++] = r;
        indices[ii++] = vi + 1;
      }
      vi += 2;
    }
  }
  partVertexStart[parts] = vi;
  partIndexStart[parts] = ii;
  return { positions, indices, partVertexStart, partIndexStart };
}
