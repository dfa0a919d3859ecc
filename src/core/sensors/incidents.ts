// Scripted incidents for the simulator: a JSON timeline (ramps, waves along a main, silent stations) resolved to datastreams.
import { datastreamsOfThing, type DatastreamCatalogue } from './catalogue';

/** Which datastream: by id, or the nth (0-based, catalogue order) of a sensor type / observed property. */
export interface IncidentTarget {
  datastream?: string | number;
  type?: string;
  property?: string;
  nth?: number;
}

/** Timeline seconds: starts at atS, rises linearly over rampS to `to`, holds holdS, returns to normal over recoverS. */
export interface IncidentShape {
  atS: number;
  rampS: number;
  to: number;
  holdS?: number;
  recoverS?: number;
}

export type IncidentSpec =
  | ({ kind: 'ramp'; name: string; target: IncidentTarget } & IncidentShape)
  /** `count` neighbouring datastreams of the target's type, nearest-first from the target, each starting stepS after the previous. */
  | ({ kind: 'wave'; name: string; target: IncidentTarget; count: number; stepS: number } & IncidentShape)
  /** Every datastream of the target's Thing stops publishing (for durationS, or until the timeline loops). */
  | { kind: 'silence'; name: string; target: IncidentTarget; atS: number; durationS?: number };

export interface IncidentTimeline {
  /** The timeline restarts after this many seconds (0: runs once). */
  loopS?: number;
  incidents: IncidentSpec[];
}

/** The demo's incidents: a gas leak, a manhole cover tilting, a pressure drop along a water main, a tunnel station going silent. */
export const DEFAULT_INCIDENTS: IncidentTimeline = {
  loopS: 1200,
  incidents: [
    { kind: 'ramp', name: 'gas leak', target: { type: 'gas' }, atS: 30, rampS: 90, to: 40, holdS: 180, recoverS: 90 },
    { kind: 'ramp', name: 'manhole cover tilting', target: { type: 'manhole_cover' }, atS: 60, rampS: 20, to: 28, holdS: 600, recoverS: 5 },
    {
      kind: 'wave',
      name: 'pressure drop along a water main',
      target: { type: 'water_pressure' },
      count: 5,
      stepS: 20,
      atS: 120,
      rampS: 40,
      to: 0.08,
      holdS: 240,
      recoverS: 60,
    },
    { kind: 'silence', name: 'station going silent', target: { type: 'utility_tunnel' }, atS: 90, durationS: 900 },
  ],
};

export interface ResolvedIncident {
  spec: IncidentSpec;
  /** Datastream indices; for a wave in sequence order. */
  datastreams: number[];
}

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** Checks a timeline read from JSON; throws an Error naming the incident and field at fault. */
export function parseIncidentTimeline(json: unknown): IncidentTimeline {
  const o = json as { loopS?: unknown; incidents?: unknown } | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o.incidents)) throw new Error('expected {"incidents": [...], "loopS"?: seconds}');
  if (o.loopS !== undefined && !(finite(o.loopS) && (o.loopS as number) >= 0)) throw new Error('loopS must be a number of seconds ≥ 0');
  o.incidents.forEach((inc: unknown, k: number) => {
    const at = `incidents[${k}]`;
    const i = inc as Record<string, unknown>;
    if (!i || typeof i !== 'object') throw new Error(`${at}: expected an object`);
    if (i.kind !== 'ramp' && i.kind !== 'wave' && i.kind !== 'silence') throw new Error(`${at}: kind must be ramp, wave or silence`);
    if (typeof i.name !== 'string') throw new Error(`${at}: name must be a string`);
    if (!i.target || typeof i.target !== 'object') throw new Error(`${at}: target must be an object ({"datastream"} or {"type", "nth"?})`);
    const numbers = i.kind === 'silence' ? ['atS'] : ['atS', 'rampS', 'to', ...(i.kind === 'wave' ? ['count', 'stepS'] : [])];
    for (const f of numbers) if (!finite(i[f])) throw new Error(`${at} (${i.name}): ${f} must be a number`);
    for (const f of ['holdS', 'recoverS', 'durationS'])
      if (i[f] !== undefined && !(finite(i[f]) && (i[f] as number) >= 0)) throw new Error(`${at} (${i.name}): ${f} must be a number ≥ 0`);
  });
  return o as IncidentTimeline;
}

/** The datastream a target names; throws when nothing matches. */
export function resolveTarget(cat: DatastreamCatalogue, target: IncidentTarget): number {
  if (target.datastream !== undefined) {
    const i = cat.indexById.get(String(target.datastream));
    if (i === undefined) throw new Error(`no Datastream ${target.datastream}`);
    return i;
  }
  const nth = target.nth ?? 0;
  let seen = 0;
  for (let i = 0; i < cat.count; i++) {
    if (target.type !== undefined && cat.types[cat.typeIndex[i]] !== target.type) continue;
    if (target.property !== undefined && cat.property[i] !== target.property) continue;
    if (seen++ === nth) return i;
  }
  throw new Error(`no Datastream #${nth} of ${JSON.stringify(target)} (${seen} match)`);
}

/** Nearest-neighbour chain of `count` datastreams of the same type and property, starting at `start`. */
function chainFrom(cat: DatastreamCatalogue, start: number, count: number): number[] {
  const ll = cat.lonLatDeg;
  const candidates: number[] = [];
  for (let i = 0; i < cat.count; i++) {
    if (i !== start && cat.typeIndex[i] === cat.typeIndex[start] && cat.property[i] === cat.property[start]) candidates.push(i);
  }
  const chain = [start];
  const cosLat = Math.cos((ll[start * 2 + 1] * Math.PI) / 180) || 1;
  while (chain.length < count && candidates.length) {
    const last = chain[chain.length - 1];
    let best = 0;
    let bestD = Infinity;
    candidates.forEach((c, k) => {
      const dx = (ll[c * 2] - ll[last * 2]) * cosLat;
      const dy = ll[c * 2 + 1] - ll[last * 2 + 1];
      const d = dx * dx + dy * dy;
      if (d < bestD) [best, bestD] = [k, d];
    });
    chain.push(candidates.splice(best, 1)[0]);
  }
  return chain;
}

/** Every incident with its datastreams; throws an Error naming the incident whose target matches nothing. */
export function resolveIncidents(cat: DatastreamCatalogue, timeline: IncidentTimeline): ResolvedIncident[] {
  return timeline.incidents.map((spec) => {
    let start: number;
    try {
      start = resolveTarget(cat, spec.target);
    } catch (err) {
      throw new Error(`incident "${spec.name}": ${(err as Error).message}`, { cause: err });
    }
    if (spec.kind === 'silence') return { spec, datastreams: datastreamsOfThing(cat, cat.thingIndex[start]) };
    if (spec.kind === 'wave') return { spec, datastreams: chainFrom(cat, start, Math.max(1, Math.floor(spec.count))) };
    return { spec, datastreams: [start] };
  });
}

/** How far (0..1) a ramp or wave member is towards its `to` at timeline second e, or -1 when inactive. */
export function incidentProgress(shape: IncidentShape, e: number, delayS = 0): number {
  const t = e - shape.atS - delayS;
  if (t < 0) return -1;
  const ramp = Math.max(shape.rampS, 1e-9);
  const hold = shape.holdS ?? 120;
  const recover = shape.recoverS ?? 30;
  if (t < ramp) return t / ramp;
  if (t < ramp + hold) return 1;
  if (t < ramp + hold + recover) return 1 - (t - ramp - hold) / recover;
  return -1;
}
