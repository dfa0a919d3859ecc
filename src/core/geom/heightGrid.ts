// A regular lon/lat grid of heights (a decoded DEM) and bilinear sampling from it.

export interface HeightGrid {
  width: number;
  height: number;
  /** [west, south, east, north] of the outer pixel edges, degrees. */
  bboxDeg: [number, number, number, number];
  /** Row-major, first row north. */
  heightsM: Float32Array;
}

/** Bilinear height at lon/lat (pixel-centre registered); outside the grid the nearest edge value. */
export function sampleHeightM(grid: HeightGrid, lonDeg: number, latDeg: number): number {
  const { width, height, bboxDeg, heightsM } = grid;
  const px = ((lonDeg - bboxDeg[0]) / (bboxDeg[2] - bboxDeg[0])) * width - 0.5;
  const py = ((bboxDeg[3] - latDeg) / (bboxDeg[3] - bboxDeg[1])) * height - 0.5;
  const x = px < 0 ? 0 : px > width - 1 ? width - 1 : px;
  const y = py < 0 ? 0 : py > height - 1 ? height - 1 : py;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const fx = x - x0;
  const fy = y - y0;
  const top = heightsM[y0 * width + x0] * (1 - fx) + heightsM[y0 * width + x1] * fx;
  const bottom = heightsM[y1 * width + x0] * (1 - fx) + heightsM[y1 * width + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Heights for a size×size heightmap tile spanning [west, south, east, north], rows north to south,
 * as Cesium's HeightmapTerrainData expects (edge samples on the tile borders).
 */
export function sampleTileHeights(
  grid: HeightGrid,
  rect: [number, number, number, number],
  size: number,
  result = new Float32Array(size * size),
): Float32Array {
  const [west, south, east, north] = rect;
  const step = size > 1 ? 1 / (size - 1) : 0;
  for (let row = 0; row < size; row++) {
    const lat = north - (north - south) * row * step;
    for (let col = 0; col < size; col++) {
      result[row * size + col] = sampleHeightM(grid, west + (east - west) * col * step, lat);
    }
  }
  return result;
}
