// Axis-aligned rectangles as GeoJSON Polygon coordinates, for tests that lay out a small city by hand.

/** The rectangle [x0, x1] × [y0, y1] as a Polygon's coordinates: one closed ring, anticlockwise from (x0, y0). */
export function rectPolygon(x0: number, y0: number, x1: number, y1: number): number[][][] {
  return [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ];
}

/** The square of half-side `half` around (cx, cy), as rectPolygon. */
export const squarePolygon = (cx: number, cy: number, half: number): number[][][] =>
  rectPolygon(cx - half, cy - half, cx + half, cy + half);
