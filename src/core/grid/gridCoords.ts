// Between the grid's metres (GK zone, what edit records use) and its input CRS (lon/lat for drawing and picking).
import { transformFlat, transformPoint } from '../crs/transform';
import type { Grid } from './gridModel';

/** x,y per node slot in the input CRS (lon/lat degrees for lon/lat input), e.g. for drawing edges and handles. */
export function nodesInSourceCrs(grid: Grid): Float64Array {
  const { crs, sourceCrs } = grid.frame;
  if (crs === sourceCrs) return grid.nodeXY.slice();
  return transformFlat(crs, sourceCrs, grid.nodeXY, new Float64Array(grid.nodeXY.length)) as Float64Array;
}

/** A point in the input CRS (a picked lon/lat) as grid metres, for moveVertex `to`, split lines and the like. */
export function toGridXY(grid: Grid, p: ArrayLike<number>): [number, number] {
  const { crs, sourceCrs } = grid.frame;
  if (crs === sourceCrs) return [p[0], p[1]];
  const r = transformPoint(sourceCrs, crs, p);
  return [r[0], r[1]];
}
