// The 3-level grid: topology of shared nodes and edges, validation, edit records, GeoJSON export.
export {
  type Grid,
  type GridCell,
  type GridArea,
  type GridFrame,
  type GridOptions,
  type BBox,
  DEFAULT_SNAP_M,
  DEFAULT_MIN_AREA_M2,
  cellAreaM2,
  cellBBox,
  cellBBoxes,
  cellIndexById,
  findArea,
  ancestorsOf,
  packCells,
  ringCoords,
  nodeCount,
} from './gridModel';
export { type GridFeatureLike, type GridFeatureCollection } from './gridFeatures';
export { buildGrid, type GridBuildOptions, type GridImport } from './buildGrid';
export { validateGrid, importGrid, hierarchyProblems, type ValidateOptions } from './validateGrid';
export { type Problem, type ProblemType, PROBLEM_TYPES, countProblems, sourcePoint } from './problems';
export {
  gridTopology,
  levelBoundaryEdges,
  edgeNodeIds,
  edgeOfSegment,
  type GridTopology,
  type RingsView,
  type SegmentTable,
} from './topology';
export { applyOp, describeOp } from './applyOp';
export type {
  GridOp,
  OpResult,
  OpApplied,
  OpRefused,
  MoveVertexOp,
  InsertVertexOp,
  DeleteVertexOp,
  SplitCellOp,
  MergeCellsOp,
  MoveCellToParentOp,
  RenameOp,
  ChangeParentOp,
} from './gridOp';
export { restoreOp, type RestoreOp, type GridCellJson } from './restore';
export { gridChange, changedBoxesM, cellIndexMap, type GridChange } from './changes';
export { gridToGeoJson, areaRingsById } from './gridGeoJson';
export { nodesInSourceCrs, toGridXY } from './gridCoords';
export { GRID_LEVELS, type GridLevel } from './levels';
export { gridRgb, paletteByCell } from './gridColors';
export { gridAtLevel, buildingsOfGrid } from './gridSelection';
