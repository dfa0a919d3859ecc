// Deterministic sensor streams for every datastream with scripted incidents; the caller's timer passes the clock in.
import { Rng } from '../util/random';
import type { DatastreamCatalogue } from './catalogue';
import { incidentProgress, resolveIncidents, type IncidentTimeline, type ResolvedIncident } from './incidents';
import { observationPayload, observationTopic, REJECT_REASONS, type RejectReason } from './validate';

export interface SimulationOptions {
  /** Publication frequency multiplier: 1 = every datastream at its expected interval. */
  rate?: number;
  /** Incident timeline speed multiplier (tests run it fast). */
  speed?: number;
  /** ± fraction of the interval added to each publication (0.1). */
  jitter?: number;
  seed?: number;
  /** Extra malformed messages per valid one (0..1), cycling through every reject reason. */
  badRate?: number;
  /** A datastream inside an active incident publishes at least this often (5 s, divided by rate), as alarming devices do. */
  incidentIntervalS?: number;
  /** Every datastream publishes its first value within this many seconds of the start (5). */
  firstWithinS?: number;
}

export interface SimMessage {
  topic: string;
  payload: string;
  datastream: number;
  /** phenomenonTime (epoch ms) and result of a valid message (what the SensorThings API serves as history). */
  timeMs?: number;
  result?: number;
  /** Set on deliberately malformed messages: the reason the ingest will give. */
  bad?: RejectReason;
}

interface Member {
  incident: ResolvedIncident;
  /** Position in a wave (its start is delayed by k·stepS). */
  k: number;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export class SensorSimulation {
  readonly incidents: ResolvedIncident[];
  readonly startMs: number;
  /** The undisturbed value per datastream (a mean-reverting walk around its baseline). */
  readonly normal: Float64Array;
  private readonly cat: DatastreamCatalogue;
  private readonly baseline: Float64Array;
  private readonly sigma: Float64Array;
  private readonly nextMs: Float64Array;
  private readonly lastMs: Float64Array;
  private readonly members: Map<number, Member[]>;
  private readonly rng: Rng;
  private readonly rate: number;
  private readonly speed: number;
  private readonly jitter: number;
  private readonly badRate: number;
  private readonly incidentIntervalMs: number;
  private readonly loopS: number;
  private badSeq = 0;

  constructor(cat: DatastreamCatalogue, timeline: IncidentTimeline, startMs: number, options: SimulationOptions = {}) {
    const n = cat.count;
    this.cat = cat;
    this.startMs = startMs;
    this.rate = options.rate ?? 1;
    this.speed = options.speed ?? 1;
    this.jitter = options.jitter ?? 0.1;
    this.badRate = options.badRate ?? 0;
    this.incidentIntervalMs = ((options.incidentIntervalS ?? 5) * 1000) / this.rate;
    this.loopS = timeline.loopS ?? 0;
    this.rng = new Rng(options.seed ?? 1, 0x5e5);
    this.incidents = resolveIncidents(cat, timeline);
    this.members = new Map();
    for (const incident of this.incidents) {
      incident.datastreams.forEach((i, k) => this.members.set(i, [...(this.members.get(i) ?? []), { incident, k }]));
    }
    this.baseline = new Float64Array(n);
    this.sigma = new Float64Array(n);
    this.normal = new Float64Array(n);
    this.nextMs = new Float64Array(n);
    this.lastMs = new Float64Array(n).fill(-Infinity);
    const firstMs = (options.firstWithinS ?? 5) * 1000;
    for (let i = 0; i < n; i++) {
      this.placeBaseline(i);
      this.normal[i] = this.baseline[i];
      this.nextMs[i] = startMs + this.rng.next() * Math.min(firstMs, cat.expectedIntervalMs[i] / this.rate);
    }
  }

  /** A normal operating value: between the range floor and the high warning, or above the low warning, away from both. */
  private placeBaseline(i: number): void {
    const c = this.cat;
    const wH = c.warningHigh[i],
      wL = c.warningLow[i],
      lo = c.rangeMin[i],
      hi = c.rangeMax[i];
    const u = this.rng.next();
    let b: number;
    let room: number;
    if (!Number.isNaN(wH) && !Number.isNaN(wL)) {
      b = wL + (wH - wL) * (0.4 + 0.2 * u);
      room = (wH - wL) / 2;
    } else if (!Number.isNaN(wH)) {
      const floor = Number.isFinite(lo) ? Math.max(lo, wH > 0 ? 0 : lo) : wH - Math.abs(wH) - 1;
      b = floor + (wH - floor) * (0.2 + 0.4 * u);
      room = wH - b;
    } else if (!Number.isNaN(wL)) {
      const top = Number.isFinite(hi) ? hi : Math.abs(wL) * 3 + 1;
      b = wL + (top - wL) * (0.1 + 0.15 * u);
      room = b - wL;
    } else {
      b = Number.isFinite(lo) && Number.isFinite(hi) ? lo + (hi - lo) * (0.3 + 0.4 * u) : 0;
      room = Number.isFinite(hi - lo) ? (hi - lo) / 4 : 1;
    }
    this.baseline[i] = b;
    this.sigma[i] = 0.04 * Math.abs(room);
  }

  /** Timeline seconds at nowMs (looping when loopS > 0). */
  timelineS(nowMs: number): number {
    const e = ((nowMs - this.startMs) / 1000) * this.speed;
    return this.loopS > 0 ? e % this.loopS : e;
  }

  /** Whether datastream i is silenced at timeline second e. */
  silenced(i: number, e: number): boolean {
    for (const m of this.members.get(i) ?? []) {
      const s = m.incident.spec;
      if (s.kind === 'silence' && e >= s.atS && e < s.atS + (s.durationS ?? Infinity)) return true;
    }
    return false;
  }

  /** The active ramp/wave on datastream i at timeline second e: its target and progress, or null. */
  private active(i: number, e: number): { to: number; p: number } | null {
    for (const m of this.members.get(i) ?? []) {
      const s = m.incident.spec;
      if (s.kind === 'silence') continue;
      const p = incidentProgress(s, e, s.kind === 'wave' ? m.k * s.stepS : 0);
      if (p >= 0) return { to: s.to, p };
    }
    return null;
  }

  private gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.rng.next())) * Math.cos(2 * Math.PI * this.rng.next());
  }

  /** The messages due between the previous step and nowMs (each stamped with its due time, never in the future). */
  step(nowMs: number): SimMessage[] {
    const c = this.cat;
    const e = this.timelineS(nowMs);
    const out: SimMessage[] = [];
    for (let i = 0; i < c.count; i++) {
      const interval = c.expectedIntervalMs[i] / this.rate;
      const incident = this.members.has(i) ? this.active(i, e) : null;
      if (incident && this.nextMs[i] > this.lastMs[i] + this.incidentIntervalMs)
        this.nextMs[i] = Math.max(this.lastMs[i] + this.incidentIntervalMs, this.startMs);
      if (nowMs < this.nextMs[i]) continue;
      const t = Math.max(Math.min(this.nextMs[i], nowMs), this.lastMs[i] + 1);
      const period = incident ? Math.min(interval, this.incidentIntervalMs) : interval;
      this.nextMs[i] = Math.max(t + period * (1 + this.jitter * (2 * this.rng.next() - 1)), nowMs);
      if (this.members.has(i) && this.silenced(i, e)) continue;
      this.lastMs[i] = t;
      const b = this.baseline[i];
      this.normal[i] = b + (this.normal[i] - b) * 0.8 + this.sigma[i] * this.gauss();
      let v = incident ? this.normal[i] * (1 - incident.p) + incident.to * incident.p + 0.3 * this.sigma[i] * this.gauss() : this.normal[i];
      v = round(Math.min(c.rangeMax[i], Math.max(c.rangeMin[i], v)));
      out.push({ topic: observationTopic(c.ids[i]), payload: observationPayload(t, v), datastream: i, timeMs: t, result: v });
      if (this.badRate > 0 && this.rng.next() < this.badRate) out.push(this.malformed(i, t, nowMs));
    }
    return out;
  }

  /** A malformed message of the next reject reason in turn. */
  malformed(i: number, timeMs: number, nowMs: number): SimMessage {
    const c = this.cat;
    const bad = REJECT_REASONS[this.badSeq++ % REJECT_REASONS.length];
    const time = new Date(timeMs).toISOString();
    let topic = observationTopic(c.ids[i]);
    let payload = observationPayload(timeMs, this.normal[i]);
    if (bad === 'bad-topic') topic = `v1.1/Datastreams(${c.ids[i]})/Observationz`;
    else if (bad === 'unknown-datastream') topic = observationTopic(`'sim-unknown-${this.badSeq}'`);
    else if (bad === 'too-large') payload = `{"phenomenonTime":"${time}","result":1,"pad":"${'x'.repeat(5000)}"}`;
    else if (bad === 'bad-json') payload = payload.slice(0, -5);
    else if (bad === 'missing-result') payload = `{"phenomenonTime":"${time}"}`;
    else if (bad === 'non-finite-result') payload = `{"phenomenonTime":"${time}","result":"high"}`;
    else if (bad === 'bad-time') payload = `{"phenomenonTime":"yesterday","result":${round(this.normal[i])}}`;
    else if (bad === 'out-of-range') {
      const over = Number.isFinite(c.rangeMax[i]) ? c.rangeMax[i] + Math.max(1, Math.abs(c.rangeMax[i])) : NaN;
      const under = Number.isFinite(c.rangeMin[i]) ? c.rangeMin[i] - Math.max(1, Math.abs(c.rangeMin[i])) : NaN;
      const v = Number.isNaN(over) ? under : over;
      payload = Number.isNaN(v) ? payload.slice(0, -5) : observationPayload(timeMs, v);
      if (Number.isNaN(v)) return { topic, payload, datastream: i, bad: 'bad-json' };
    } else payload = observationPayload(nowMs + 86_400_000, this.normal[i]);
    return { topic, payload, datastream: i, bad };
  }
}
