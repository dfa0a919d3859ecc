// Underground pipelines along every road (CJJ 61 kinds), one feature per node-to-node section, offset by kind.
import type { DemoConfig } from './config';
import type { CityFrame } from './frame';
import { ROAD_WIDTH_M } from './grid';
import type { RoadInfo } from './emitGrid';
import { planToLonLat } from './emitGrid';
import { Rng } from '../util/random';
import { STREAM } from './streams';
import { snapToPipe } from '../sensors/placement';
import type { SensorCandidate } from './sensors';
import type { FeatureSink } from './sink';
import type { CitySites } from './sites';

export const PIPE_KINDS = ['water', 'drainage', 'gas', 'heat', 'power', 'telecom', 'industrial', 'unknown'] as const;
export type PipeKind = (typeof PIPE_KINDS)[number];

/** Signed offset from the centreline as a fraction of the half red-line width. */
const OFFSET: Record<PipeKind, number> = {
  water: 0.55,
  drainage: -0.15,
  gas: -0.55,
  heat: 0.3,
  power: -0.8,
  telecom: 0.8,
  industrial: 0.15,
  unknown: -0.35,
};
/** Cover depth = base + spread * smooth field in [0, 1], metres. */
const DEPTH: Record<PipeKind, [number, number]> = {
  water: [1.0, 0.8],
  drainage: [1.8, 2.7],
  gas: [0.9, 0.6],
  heat: [1.2, 1.0],
  power: [0.7, 0.5],
  telecom: [0.7, 0.4],
  industrial: [1.0, 1.0],
  unknown: [0.8, 1.7],
};
const OWNER: Record<PipeKind, string[]> = {
  water: ['市自来水公司'],
  drainage: ['市排水管理处'],
  gas: ['市燃气公司'],
  heat: ['市热力公司'],
  power: ['市供电公司'],
  telecom: ['中国电信', '中国移动', '中国联通', '中国广电'],
  industrial: ['经开区工业管网公司'],
  unknown: ['不明'],
};

export interface PipeCandidates {
  manhole_cover: SensorCandidate[];
  hydrant: SensorCandidate[];
  gas: SensorCandidate[];
  water_pressure: SensorCandidate[];
}

interface Section {
  diameterMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  material: string;
}

function section(kind: PipeKind, cls: 1 | 2 | 3, rng: Rng): Section {
  const d = (list: number[], material: string): Section => ({ diameterMm: rng.pick(list), widthMm: null, heightMm: null, material });
  const box = (w: number[], h: number[], material: string): Section => ({
    diameterMm: null,
    widthMm: rng.pick(w),
    heightMm: rng.pick(h),
    material,
  });
  switch (kind) {
    case 'water': {
      const s = d(cls === 1 ? [600, 800, 1000] : cls === 2 ? [300, 400, 500] : [150, 200, 300], '');
      s.material = (s.diameterMm ?? 0) <= 300 ? 'PE' : '球墨铸铁';
      return s;
    }
    case 'drainage':
      if (cls === 1 && rng.chance(0.4)) return box([2000, 2500, 3000], [1500, 2000], '钢筋混凝土箱涵');
      return d(cls === 1 ? [1200, 1500, 1800] : cls === 2 ? [800, 1000, 1200] : [400, 500, 600], cls === 3 ? 'HDPE' : '钢筋混凝土');
    case 'gas':
      return d(cls === 1 ? [300, 400, 500] : cls === 2 ? [200, 300] : [110, 160, 200], cls === 1 ? '钢' : 'PE');
    case 'heat':
      return d(cls === 1 ? [500, 600, 800] : cls === 2 ? [300, 400] : [200], '钢');
    case 'power':
      return box(cls === 1 ? [1200, 1400] : cls === 2 ? [1000] : [800], cls === 1 ? [900, 1000] : cls === 2 ? [800] : [600], '混凝土排管');
    case 'telecom':
      return box(cls === 1 ? [800] : cls === 2 ? [600] : [400], cls === 1 ? [500] : cls === 2 ? [400] : [300], rng.pick(['PVC', 'HDPE']));
    case 'industrial':
      return d([200, 300, 400], '钢');
    default:
      return d([100, 150, 200, 300], '不明');
  }
}

function kindsFor(cls: 1 | 2 | 3, industrialZone: boolean, rng: Rng): PipeKind[] {
  const k: PipeKind[] = ['water', 'drainage'];
  if (cls === 1) k.push('gas', 'heat', 'power', 'telecom');
  else if (cls === 2) {
    k.push('gas', 'power', 'telecom');
    if (rng.chance(0.5)) k.push('heat');
  } else {
    if (rng.chance(0.7)) k.push('gas');
    if (rng.chance(0.5)) k.push('telecom');
    if (rng.chance(0.4)) k.push('power');
  }
  if (industrialZone && rng.chance(0.35)) k.push('industrial');
  if (rng.chance(0.02)) k.push('unknown');
  return k;
}

export function emitPipelines(
  config: DemoConfig,
  frame: CityFrame,
  sites: CitySites,
  roads: RoadInfo[],
  sink: FeatureSink,
): { count: number; candidates: PipeCandidates } {
  const candidates: PipeCandidates = { manhole_cover: [], hydrant: [], gas: [], water_pressure: [] };
  const phase = new Rng(config.seed, STREAM.pipe, -1);
  const ph = PIPE_KINDS.map(() => [phase.range(0, 6.283), phase.range(0, 6.283)]);
  const depthAt = (kind: PipeKind, x: number, y: number) => {
    const [base, spread] = DEPTH[kind];
    const [p1, p2] = ph[PIPE_KINDS.indexOf(kind)];
    return Math.round((base + spread * (0.5 + 0.5 * Math.sin(x / 530 + p1) * Math.cos(y / 410 + p2))) * 100) / 100;
  };
  const r = 0.5 * Math.min(sites.widthM, sites.heightM);
  let count = 0;
  const ll = [0, 0];
  roads.forEach((road, ri) => {
    const { line, points } = road;
    const rng = new Rng(config.seed, STREAM.pipe, ri);
    const mx = (points[0] + points[points.length - 2]) / 2;
    const my = (points[1] + points[points.length - 1]) / 2;
    const t = ((mx - sites.widthM / 2) * sites.industrialDir[0] + (my - sites.heightM / 2) * sites.industrialDir[1]) / r;
    const half = ROAD_WIDTH_M[line.cls] / 2;
    for (const kind of kindsFor(line.cls, t > 0.4, rng)) {
      const sec = section(kind, line.cls, rng);
      const owner = rng.pick(OWNER[kind]);
      const year = rng.int(line.cls === 1 ? 1990 : line.cls === 2 ? 1995 : 2000, 2023);
      const off = OFFSET[kind] * half;
      for (let i = 2; i < points.length; i += 2) {
        const ax = line.horizontal ? points[i - 2] : line.c + off;
        const ay = line.horizontal ? line.c + off : points[i - 1];
        const bx = line.horizontal ? points[i] : line.c + off;
        const by = line.horizontal ? line.c + off : points[i + 1];
        const id = `PL-${String(++count).padStart(7, '0')}`;
        const startDepthM = depthAt(kind, ax, ay);
        const endDepthM = depthAt(kind, bx, by);
        const lineLonLat = planToLonLat(frame, [ax, ay, bx, by]);
        sink.add(
          { type: 'LineString', coords: lineLonLat },
          {
            id,
            kind,
            diameterMm: sec.diameterMm ?? undefined,
            widthMm: sec.widthMm ?? undefined,
            heightMm: sec.heightMm ?? undefined,
            startDepthM,
            endDepthM,
            material: sec.material,
            owner,
            year,
            roadId: road.id,
          },
        );
        const at = (x: number, y: number, depthM: number): SensorCandidate => {
          frame.toLonLat(x, y, ll);
          return { assetId: id, assetKind: 'pipeline', lon: ll[0], lat: ll[1], depthM };
        };
        const midX = (ax + bx) / 2;
        const midY = (ay + by) / 2;
        // In-line sensors sit on the pipe as written (the city frame bends plan lines), at its cover depth there.
        const onPipe = (): SensorCandidate => {
          const c = at(midX, midY, 0);
          const p = snapToPipe(lineLonLat, startDepthM, endDepthM, c.lon, c.lat);
          return { ...c, lon: p.lonDeg, lat: p.latDeg, depthM: Math.round(p.depthM * 100) / 100 };
        };
        if (kind === 'drainage') candidates.manhole_cover.push(at(ax, ay, 0));
        else if (kind === 'gas') candidates.gas.push(onPipe());
        else if (kind === 'water' && line.cls === 1) candidates.water_pressure.push(onPipe());
        else if (kind === 'water') {
          // Hydrants stand at the kerb on the water main's side of the road.
          const kerb = Math.sign(off) * (half - 2);
          candidates.hydrant.push(at(line.horizontal ? midX : line.c + kerb, line.horizontal ? line.c + kerb : midY, 0));
        }
      }
    }
  });
  return { count, candidates };
}
