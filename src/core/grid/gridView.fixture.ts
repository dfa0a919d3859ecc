// A synthetic 3-level grid for the grid view's tests: one L1 cut into 4 × 4 L2, each cut into 2 × 2 L3.
import type { PolygonBuffers } from '../geom/packed';

type Ring = [number, number][];

/** Features of one polygon each (outer ring, then holes) packed as the file reader does. */
export function pack(features: Ring[][]): PolygonBuffers {
  const coords: number[] = [];
  const ringStart = [0];
  const polyRingStart = [0];
  const featurePolyStart = [0];
  const bbox: number[] = [];
  for (const rings of features) {
    for (const ring of rings) {
      for (const [x, y] of ring) coords.push(x, y);
      ringStart.push(coords.length / 2);
    }
    polyRingStart.push(ringStart.length - 1);
    featurePolyStart.push(polyRingStart.length - 1);
    const xs = rings[0].map((v) => v[0]);
    const ys = rings[0].map((v) => v[1]);
    bbox.push(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  return {
    coords: Float64Array.from(coords),
    ringStart: Uint32Array.from(ringStart),
    polyRingStart: Uint32Array.from(polyRingStart),
    featurePolyStart: Uint32Array.from(featurePolyStart),
    bbox: Float64Array.from(bbox),
  };
}

const square = (x: number, y: number, d: number): Ring => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
];

/** One L1 of 0.036° at (113.6, 34.7) cut into 4 × 4 L2 and each L2 into 2 × 2 L3; the last L3 has a hole. */
export function threeLevelGrid(): { polygons: PolygonBuffers; level: Uint8Array; hole: [number, number] } {
  const x0 = 113.6;
  const y0 = 34.7;
  const features: Ring[][] = [[square(x0, y0, 0.036)]];
  const level = [1];
  const add = (ring: Ring, lv: number) => {
    features.push([ring]);
    level.push(lv);
  };
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) add(square(x0 + 0.009 * i, y0 + 0.009 * j, 0.009), 2);
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) add(square(x0 + 0.0045 * i, y0 + 0.0045 * j, 0.0045), 3);
  const last = features[features.length - 1];
  const [hx, hy] = last[0][0];
  last.push(square(hx + 0.0015, hy + 0.0015, 0.0015));
  return { polygons: pack(features), level: Uint8Array.from(level), hole: [hx + 0.00225, hy + 0.00225] };
}
