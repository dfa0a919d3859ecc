// Imported grid features -> Grid: L3 rings projected to the local GK zone, vertices snapped into
// shared nodes, T-junctions noded. What cannot enter the topology is reported, never repaired.
import { checkInputCrs, toMetric } from '../crs/metric';
import { buildHierarchy } from '../spatial/hierarchy';
import { parseGridFeatures, type GridFeatureCollection, type GridFeatureLike, type ParsedFeature } from './gridFeatures';
import {
  DEFAULT_MIN_AREA_M2,
  DEFAULT_SNAP_M,
  ringSignedAreaM2,
  type BBox,
  type Grid,
  type GridArea,
  type GridCell,
  type GridFrame,
} from './gridModel';
import { hierarchyProblem, problem, type Problem } from './problems';
import { dropRepeats, NodeSnapper, nodeTJunctions } from './snap';
import { CGCS2000 } from '../crs/codes';

export interface GridBuildOptions {
  /** CRS of the coordinates; default EPSG:4490 (CGCS2000 lon/lat, same as WGS84 at this scale). */
  crs?: string;
  /** Snapping tolerance in metres, default 0.05. */
  snapM?: number;
  /** tiny-cell threshold in m², default 10. */
  minAreaM2?: number;
  /** GK zone to project into; default the zone of the data (or of its GK CRS). */
  zone?: number;
}

/** What the validator needs beyond the grid: the parents' own polygons and the places of left-out cells. */
export interface GridImport {
  grid: Grid;
  /** Problems found while reading and snapping (per feature; the topology checks come later). */
  problems: Problem[];
  /** L1/L2 polygons as imported, in metres: per area id, polygons of open flat rings. */
  areaPolygonsM: Map<string, Float64Array[][]>;
  /** Bboxes (metres) of L3 features that could not enter the grid: gaps there are theirs. */
  skippedBoxesM: BBox[];
  /** Input feature index of each grid cell. */
  cellSource: number[];
  /** 1 for a grid cell whose shape differs from its feature's (a vertex snapped onto another node, or a node inserted). */
  snapped: Uint8Array;
  /** Every feature as read. */
  parsed: ParsedFeature[];
}

function featuresOf(input: GridFeatureCollection | GridFeatureLike[]): GridFeatureLike[] {
  if (Array.isArray(input)) return input;
  if (input?.type !== 'FeatureCollection' || !Array.isArray(input.features))
    throw new Error('expected a GeoJSON FeatureCollection with a "features" array');
  return input.features;
}

// Every polygon coordinate of the usable features in one array, projected once (one zone for all).
function project(
  parsed: ParsedFeature[],
  crs: string,
  zone: number | undefined,
): { xyM: Float64Array; frame: GridFrame; offsets: number[] } {
  let n = 0;
  const offsets: number[] = [];
  for (const f of parsed) {
    offsets.push(n);
    for (const poly of f.polygons ?? []) for (const r of poly) n += r.length;
  }
  const flat = new Float64Array(n);
  let o = 0;
  for (const f of parsed)
    for (const poly of f.polygons ?? [])
      for (const r of poly) {
        flat.set(r, o);
        o += r.length;
      }
  const sample = n > 0 ? flat : sampleOf(parsed);
  const { xyM, frame } = toMetric(sample, crs, zone);
  return { xyM: n > 0 ? xyM : new Float64Array(0), frame: { sourceCrs: crs, crs: frame.crs, zone: frame.zone }, offsets };
}

// With no usable polygon at all, the zone still comes from whatever finite coordinates exist.
function sampleOf(parsed: ParsedFeature[]): Float64Array {
  const b = parsed.find((f) => f.finiteBox)?.finiteBox;
  return b ? Float64Array.from([b[0], b[1]]) : Float64Array.from([114, 34.76]);
}

function boxToMetric(box: BBox, crs: string, zone: number): BBox {
  const { xyM } = toMetric(Float64Array.from([box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]]), crs, zone);
  return [Math.min(xyM[0], xyM[6]), Math.min(xyM[1], xyM[3]), Math.max(xyM[2], xyM[4]), Math.max(xyM[5], xyM[7])];
}

/** Reads grid features into a Grid plus the per-feature problems and what validation needs. */
export function buildGrid(input: GridFeatureCollection | GridFeatureLike[], options: GridBuildOptions = {}): GridImport {
  const features = featuresOf(input);
  const crs = checkInputCrs(options.crs ?? CGCS2000);
  const snapM = options.snapM ?? DEFAULT_SNAP_M;
  const minAreaM2 = options.minAreaM2 ?? DEFAULT_MIN_AREA_M2;
  if (!(snapM >= 0)) throw new Error(`snapping tolerance must be >= 0 m, got ${snapM}`);
  const { parsed, problems } = parseGridFeatures(features);

  const hierarchy = buildHierarchy({
    ids: parsed.map((f) => f.id),
    level: Uint8Array.from(parsed, (f) => (f.level === 1 || f.level === 2 || f.level === 3 ? f.level : 0)),
    parentId: parsed.map((f) => f.parentId),
  });
  for (const h of hierarchy.problems) {
    if (h.kind === 'bad-level') {
      // The level as written in the file (the hierarchy saw it as a number).
      const f = parsed.find((p) => p.id === h.id && !(p.level === 1 || p.level === 2 || p.level === 3));
      const level = JSON.stringify(features[f?.index ?? -1]?.properties?.level ?? null);
      problems.push(hierarchyProblem({ ...h, detail: `level ${level} is not 1, 2 or 3`, params: { level } }, null));
    } else problems.push(hierarchyProblem(h, null));
  }

  const { xyM, frame, offsets } = project(parsed, crs, options.zone);
  const seen = new Set<string>();
  const snapper = new NodeSnapper(snapM);
  const cellRings: number[][][] = [];
  const cellMoved: boolean[] = [];
  const cellFeatures: ParsedFeature[] = [];
  const skippedBoxesM: BBox[] = [];
  const areaPolygonsM = new Map<string, Float64Array[][]>();
  const areas: GridArea[] = [];
  parsed.forEach((f, k) => {
    const duplicate = seen.has(f.id);
    seen.add(f.id);
    let o = offsets[k];
    const polygonsM = (f.polygons ?? []).map((poly) =>
      poly.map((r) => {
        const ring = xyM.subarray(o, o + r.length);
        o += r.length;
        return ring;
      }),
    );
    if (f.level === 1 || f.level === 2) {
      if (duplicate) return;
      areas.push({ id: f.id, level: f.level, name: f.name, parentId: f.parentId, ...(f.props ? { props: f.props } : {}) });
      if (f.polygons) areaPolygonsM.set(f.id, polygonsM);
      return;
    }
    if (f.level !== 3) return;
    if (duplicate || !f.polygons) {
      if (f.finiteBox) skippedBoxesM.push(boxToMetric(f.finiteBox, crs, frame.zone));
      return;
    }
    const rings: number[][] = [];
    let moved = false;
    for (const poly of polygonsM) {
      for (const ring of poly) {
        const ids: number[] = [];
        for (let i = 0; i < ring.length; i += 2) {
          const v = snapper.snap(ring[i], ring[i + 1]);
          const d = snapper.xy.data;
          moved ||= d[v * 2] !== ring[i] || d[v * 2 + 1] !== ring[i + 1];
          ids.push(v);
        }
        rings.push(ids);
      }
    }
    cellRings.push(rings);
    cellMoved.push(moved);
    cellFeatures.push(f);
  });

  // Nodes of one cell may lie on another's segments: insert them (ring by ring, flattened).
  const nodeXYAll = snapper.xy.finish();
  const flatRings = cellRings.flat().map(dropRepeats);
  const tJunctions = nodeTJunctions(nodeXYAll, flatRings, snapM).rings;
  const noded = tJunctions.map(dropRepeats);

  const cells: GridCell[] = [];
  const cellSource: number[] = [];
  const snapped: number[] = [];
  let r = 0;
  cellFeatures.forEach((f, fc) => {
    const polys = f.polygons!;
    const out: Int32Array[] = [];
    let bad: Problem | null = null;
    let k = 0;
    polys.forEach((poly, pi) =>
      poly.forEach((_, ri) => {
        const ring = noded[r + k];
        k++;
        if (bad) return;
        const where = { id: f.id, polygon: polys.length > 1 ? pi : -1, ring: ri };
        const first = polys[pi][ri];
        const location: [number, number] = [first[0], first[1]];
        if (ring.length < 3) {
          bad = problem('too-few-points', [f.id], location, 'ring-collapses', { ...where, count: ring.length, snapM });
          return;
        }
        const a = ringSignedAreaM2(nodeXYAll, ring);
        if (a === 0) {
          bad = problem('empty-cell', [f.id], location, 'ring-collinear', where);
          return;
        }
        const wantCcw = ri === 0;
        const ids = Int32Array.from(ring);
        if (a > 0 !== wantCcw) ids.reverse();
        out.push(ids);
      }),
    );
    let changed = cellMoved[fc];
    for (let q = r; q < r + k && !changed; q++) changed = tJunctions[q] !== flatRings[q];
    r += k;
    if (bad) {
      problems.push(bad);
      if (f.finiteBox) skippedBoxesM.push(boxToMetric(f.finiteBox, crs, frame.zone));
      return;
    }
    cells.push({ id: f.id, name: f.name, parentId: f.parentId, rings: out, ...(f.props ? { props: f.props } : {}) });
    cellSource.push(f.index);
    snapped.push(changed ? 1 : 0);
  });

  const { nodeXY, cells: compact } = compactNodes(nodeXYAll, cells);
  const grid: Grid = { frame, options: { snapM, minAreaM2 }, nodeXY, cells: compact, areas };
  return { grid, problems, areaPolygonsM, skippedBoxesM, cellSource, parsed, snapped: Uint8Array.from(snapped) };
}

// Node ids renumbered in order of first use, so cells left out leave no unused slots.
function compactNodes(xy: Float64Array, cells: GridCell[]): { nodeXY: Float64Array; cells: GridCell[] } {
  const map = new Int32Array(xy.length >> 1).fill(-1);
  const order: number[] = [];
  for (const c of cells)
    for (const r of c.rings)
      for (const v of r)
        if (map[v] < 0) {
          map[v] = order.length;
          order.push(v);
        }
  const nodeXY = new Float64Array(order.length * 2);
  order.forEach((v, i) => {
    nodeXY[i * 2] = xy[v * 2];
    nodeXY[i * 2 + 1] = xy[v * 2 + 1];
  });
  return { nodeXY, cells: cells.map((c) => ({ ...c, rings: c.rings.map((r) => r.map((v) => map[v])) })) };
}
