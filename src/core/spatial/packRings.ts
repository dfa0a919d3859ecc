// Nested rings -> PackedPolygons, for fixtures, synthetic grids and small hand-made layers.
import type { PackedPolygons } from '../geom/packed';

/** A feature as polygons of rings, each ring an open flat [x, y, x, y, ...] list; the first ring of a polygon is its outer ring. */
export type RingPolygons = number[][][];

/** Packs features (each a list of polygons, each a list of open flat rings) into columns; ids default to the feature index. */
export function packRings(features: RingPolygons[], ids?: string[]): PackedPolygons {
  let nPolys = 0;
  let nRings = 0;
  let nVerts = 0;
  for (const f of features) {
    nPolys += f.length;
    for (const p of f) {
      nRings += p.length;
      for (const r of p) nVerts += r.length >> 1;
    }
  }
  const coords = new Float64Array(nVerts * 2);
  const ringStart = new Uint32Array(nRings + 1);
  const polyRingStart = new Uint32Array(nPolys + 1);
  const featurePolyStart = new Uint32Array(features.length + 1);
  const bbox = new Float64Array(features.length * 4);
  let v = 0;
  let r = 0;
  let p = 0;
  features.forEach((f, fi) => {
    featurePolyStart[fi] = p;
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const poly of f) {
      polyRingStart[p++] = r;
      for (const ring of poly) {
        ringStart[r++] = v;
        for (let i = 0; i + 1 < ring.length; i += 2) {
          const x = ring[i],
            y = ring[i + 1];
          coords[v * 2] = x;
          coords[v * 2 + 1] = y;
          v++;
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      }
    }
    bbox.set([minX, minY, maxX, maxY], fi * 4);
  });
  featurePolyStart[features.length] = p;
  polyRingStart[nPolys] = r;
  ringStart[nRings] = v;
  return { coords, ringStart, polyRingStart, featurePolyStart, bbox, ids: ids ?? features.map((_, i) => String(i)) };
}
