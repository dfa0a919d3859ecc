// The building -> grid join: packed point-in-polygon index, point and overlap modes, roll-up, re-join, statistics.
export { buildGridIndex, type GridIndexOptions } from './gridIndex';
export { GridIndex, gridIndexFrom, serializeGridIndex, EMPTY_CELL } from './gridIndexLayout';
export { locatePoint } from './locate';
export { assignPoints, type AssignPointsOptions } from './assignPoints';
export { pointsOnSurface } from './pointOnSurface';
export { assignOverlap, type OverlapAssignment } from './assignOverlap';
export { intersectionAreaM2, EdgeList } from './overlapArea';
export { buildHierarchy, type GridHierarchy, type GridHierarchyInput, type HierarchyProblem, type HierarchyProblemKind } from './hierarchy';
export { rejoin, rejoinInBoxes, changedCellBoxes, type RejoinResult } from './rejoin';
export { gridStats, type GridStats, type GridStatsInput } from './gridStats';
export { orientSign, crossesRightRay, onSegment } from './predicates';
export { packedFeatureAreaM2, packedPolygonAreaM2 } from './packedArea';
export { packRings, type RingPolygons } from './packRings';
export {
  latticeGrid,
  latticeRings,
  clusteredPoints,
  probePoints,
  syntheticFootprints,
  type LatticeOptions,
  type PointCloudOptions,
} from './syntheticGrid';
export { benchJoin, naiveAssign, type JoinBenchmark } from './bench';
