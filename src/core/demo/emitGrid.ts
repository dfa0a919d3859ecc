// Writes the grid cells (with every shared vertex), the road centrelines and the road red lines.
import type { DemoConfig } from './config';
import type { CityFrame } from './frame';
import { ROAD_WIDTH_M, type GridCell, type GridLayout, type PlanLine, type RoadClass } from './grid';
import { arterialName, communityName, districtName, localRoadName, streetName } from './names';
import type { NodeIndex } from './nodes';
import type { FeatureSink } from './sink';

export const ROAD_CLASS_NAMES: Record<RoadClass, 'arterial' | 'secondary' | 'branch'> = { 1: 'arterial', 2: 'secondary', 3: 'branch' };

export interface GridIds {
  l1: string[];
  l2: string[];
  l3: string[];
}

export interface RoadInfo {
  id: string;
  name: string;
  line: PlanLine;
  /** Plan points along the centreline, every grid node included. */
  points: number[];
}

/** Plan ring/line -> lon/lat flat array through the warp. */
export function planToLonLat(frame: CityFrame, plan: ArrayLike<number>): Float64Array {
  const out = new Float64Array(plan.length);
  for (let i = 0; i < plan.length; i += 2) frame.toLonLat(plan[i], plan[i + 1], out, i);
  return out;
}

export function gridIds(grid: GridLayout): GridIds {
  return {
    l1: grid.l1.map((_, i) => `L1-${String(i + 1).padStart(3, '0')}`),
    l2: grid.l2.map((_, i) => `L2-${String(i + 1).padStart(4, '0')}`),
    l3: grid.l3.map((_, i) => `L3-${String(i + 1).padStart(6, '0')}`),
  };
}

/** L1, then L2, then L3 polygons; parents are the exact union of their children (same boundary vertices). */
export function emitGrids(config: DemoConfig, frame: CityFrame, grid: GridLayout, nodes: NodeIndex, ids: GridIds, sink: FeatureSink): void {
  const { widthM, heightM } = grid;
  const l1Names = grid.l1.map((c, i) => `${districtName(config.seed, sector(c, widthM, heightM))}-${streetName(config.seed, i)}`);
  const l2Names = grid.l2.map((c, i) => `${l1Names[c.parent]}-${communityName(config.seed, i)}`);
  const emit = (
    cells: GridCell[],
    level: 1 | 2 | 3,
    names: (c: GridCell, i: number) => string,
    own: string[],
    parents: string[] | null,
  ) => {
    cells.forEach((c, i) => {
      const coords = planToLonLat(frame, nodes.rectRing(c));
      sink.add(
        { type: 'Polygon', coords, ringEnds: [coords.length / 2] },
        {
          id: own[i],
          level,
          parentId: parents ? parents[c.parent] : null,
          name: names(c, i),
        },
      );
    });
  };
  emit(grid.l1, 1, (_, i) => l1Names[i], ids.l1, null);
  emit(grid.l2, 2, (_, i) => l2Names[i], ids.l2, ids.l1);
  emit(grid.l3, 3, (c) => `${l2Names[c.parent]}-第${c.ordinal + 1}网格`, ids.l3, ids.l2);
}

// 0 for the centre, 1..8 for the compass sectors around it: districts are wedges of the city.
function sector(c: GridCell, widthM: number, heightM: number): number {
  const dx = (c.x0 + c.x1) / 2 - widthM / 2;
  const dy = (c.y0 + c.y1) / 2 - heightM / 2;
  if (Math.hypot(dx, dy) < 0.2 * Math.min(widthM, heightM)) return 0;
  return 1 + (Math.floor(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * 8) % 8);
}

/** Road centrelines (one feature per line piece) and their two red lines each; returns the roads for pipes and sensors. */
export function emitRoads(
  config: DemoConfig,
  frame: CityFrame,
  grid: GridLayout,
  nodes: NodeIndex,
  roadSink: FeatureSink,
  lineSink: FeatureSink,
  nextLineId: () => string,
): RoadInfo[] {
  const crossIndex = buildCrossIndex(grid.lines);
  const roads: RoadInfo[] = [];
  grid.lines.forEach((line, i) => {
    const id = `R-${String(i + 1).padStart(6, '0')}`;
    const name = line.cls === 1 ? arterialName(config.seed, line.nameKey) : localRoadName(config.seed, i, line.cls === 2);
    const points = nodes.linePoints(line);
    const coords = planToLonLat(frame, points);
    const widthM = ROAD_WIDTH_M[line.cls];
    roadSink.add({ type: 'LineString', coords }, { id, name, class: ROAD_CLASS_NAMES[line.cls], widthM });
    roads.push({ id, name, line, points });
    // Red lines stop where they meet the crossing road's red line.
    const half = widthM / 2;
    const a = line.a + crossHalfWidth(crossIndex, line, line.a);
    const b = line.b - crossHalfWidth(crossIndex, line, line.b);
    if (b - a < 1) return;
    const along = nodes.along(line.horizontal, line.c, line.a, line.b).filter((p) => p > a && p < b);
    const positions = [a, ...along, b];
    for (const side of [-1, 1]) {
      const plan: number[] = [];
      for (const p of positions) {
        if (line.horizontal) plan.push(p, line.c + side * half);
        else plan.push(line.c + side * half, p);
      }
      lineSink.add(
        { type: 'LineString', coords: planToLonLat(frame, plan) },
        {
          id: nextLineId(),
          kind: 'red',
          name: `${name}道路红线`,
          refId: id,
        },
      );
    }
  });
  return roads;
}

type CrossIndex = Map<string, PlanLine[]>;

function buildCrossIndex(lines: PlanLine[]): CrossIndex {
  const index: CrossIndex = new Map();
  for (const l of lines) {
    const key = `${l.horizontal ? 'h' : 'v'}${l.c}`;
    const list = index.get(key);
    if (list) list.push(l);
    else index.set(key, [l]);
  }
  return index;
}

// Half the width of the widest road crossing `line` at position p (0 when none).
function crossHalfWidth(index: CrossIndex, line: PlanLine, p: number): number {
  const list = index.get(`${line.horizontal ? 'v' : 'h'}${p}`) ?? [];
  let best = 0;
  for (const l of list) {
    if (line.c >= l.a && line.c <= l.b) best = Math.max(best, ROAD_WIDTH_M[l.cls] / 2);
  }
  return best;
}
