// Per-datastream state machine: value levels with hysteresis, stale/offline by an explicit clock, alarm records and events, reconnect gaps.
import type { DatastreamCatalogue } from './catalogue';

export const SENSOR_STATES = ['normal', 'warning', 'alarm', 'stale', 'offline'] as const;
export type SensorState = (typeof SENSOR_STATES)[number];
export const STATE_NORMAL = 0;
export const STATE_WARNING = 1;
export const STATE_ALARM = 2;
export const STATE_STALE = 3;
export const STATE_OFFLINE = 4;

export interface StateOptions {
  /** Stale after this many expected intervals without data (3). */
  staleAfterIntervals?: number;
  /** Offline after this many (10); a datastream never heard from is offline. */
  offlineAfterIntervals?: number;
  /** Cleared and acknowledged alarms kept for the log (500). */
  closedAlarmLimit?: number;
  /** Alarm ids are `${prefix}${n}` ('A'). */
  alarmIdPrefix?: string;
}

/** `value`: a threshold crossed; `silence`: a datastream that had data went offline. */
export type AlarmCause = 'value' | 'silence';
export type AlarmSeverity = 'warning' | 'alarm';

/**
 * A plain, immutable record; a change replaces it. A value alarm stays open until cleared and acknowledged, and
 * re-raising it before acknowledgement reopens the same record (occurrences + 1), so a flapping sensor holds one
 * entry. A silence alarm closes by itself when data returns.
 */
export interface SensorAlarm {
  readonly id: string;
  readonly datastream: number;
  readonly datastreamId: string;
  readonly cause: AlarmCause;
  readonly severity: AlarmSeverity;
  readonly peakSeverity: AlarmSeverity;
  readonly raisedAtMs: number;
  /** The result that raised it or last changed its severity (NaN for silence). */
  readonly value: number;
  readonly clearedAtMs: number | null;
  readonly acknowledgedAtMs: number | null;
  readonly acknowledgedBy: string | null;
  /** Times raised while unacknowledged. */
  readonly occurrences: number;
}

export type AlarmEventKind = 'raised' | 'escalated' | 'eased' | 'cleared' | 'acknowledged';

export interface AlarmEvent {
  readonly seq: number;
  readonly kind: AlarmEventKind;
  readonly alarmId: string;
  readonly datastream: number;
  readonly datastreamId: string;
  readonly cause: AlarmCause;
  readonly severity: AlarmSeverity;
  /** phenomenonTime of the observation, or the `now` of evaluate/acknowledge. */
  readonly timeMs: number;
  readonly value: number;
}

export interface StateUpdate {
  /** Datastreams whose display state or missed-data flag changed since the last evaluate. */
  changed: Uint32Array;
  /** Alarm events since the last evaluate, in order. */
  events: AlarmEvent[];
}

const SEVERITY: Record<number, AlarmSeverity> = { 1: 'warning', 2: 'alarm' };

/** 0 normal, 1 warning, 2 alarm for value v against the four levels (NaN levels never trigger). */
function rawLevel(v: number, alarmHigh: number, warningHigh: number, alarmLow: number, warningLow: number): number {
  if (v >= alarmHigh || v <= alarmLow) return 2;
  if (v >= warningHigh || v <= warningLow) return 1;
  return 0;
}

export class SensorStates {
  readonly catalogue: DatastreamCatalogue;
  /** Value level with hysteresis: 0 normal, 1 warning, 2 alarm. */
  readonly level: Uint8Array;
  /** Display state (index into SENSOR_STATES): an alarm stays visible when its sensor goes silent. */
  readonly state: Uint8Array;
  readonly lastTimeMs: Float64Array;
  readonly lastValue: Float64Array;
  /** The span after a reconnect in which this datastream may have missed data (NaN: none). */
  readonly gapFromMs: Float64Array;
  readonly gapToMs: Float64Array;
  private readonly staleAfter: number;
  private readonly offlineAfter: number;
  private readonly closedLimit: number;
  private readonly prefix: string;
  private readonly flagChanged: Uint8Array;
  private readonly valueAlarm: (string | undefined)[];
  private readonly silenceAlarm: (string | undefined)[];
  /** The latest value alarm per datastream (open or cleared), reopened if raised again before acknowledgement. */
  private readonly lastValueAlarm: (string | undefined)[];
  private readonly open = new Map<string, SensorAlarm>();
  private readonly closed: SensorAlarm[] = [];
  private events: AlarmEvent[] = [];
  private alarmSeq = 0;
  private eventSeq = 0;

  constructor(catalogue: DatastreamCatalogue, options: StateOptions = {}) {
    const n = catalogue.count;
    this.catalogue = catalogue;
    this.level = new Uint8Array(n);
    this.state = new Uint8Array(n).fill(STATE_OFFLINE);
    this.lastTimeMs = new Float64Array(n).fill(NaN);
    this.lastValue = new Float64Array(n).fill(NaN);
    this.gapFromMs = new Float64Array(n).fill(NaN);
    this.gapToMs = new Float64Array(n).fill(NaN);
    this.flagChanged = new Uint8Array(n);
    this.valueAlarm = new Array(n);
    this.silenceAlarm = new Array(n);
    this.lastValueAlarm = new Array(n);
    this.staleAfter = options.staleAfterIntervals ?? 3;
    this.offlineAfter = options.offlineAfterIntervals ?? 10;
    this.closedLimit = options.closedAlarmLimit ?? 500;
    this.prefix = options.alarmIdPrefix ?? 'A';
  }

  /** A new latest value of datastream i (call for every accepted latest observation, not per frame, so no spike is coalesced away). */
  observe(i: number, timeMs: number, value: number): void {
    const c = this.catalogue;
    this.lastTimeMs[i] = timeMs;
    this.lastValue[i] = value;
    const silence = this.silenceAlarm[i];
    if (silence !== undefined) this.clear(i, silence, timeMs, value);
    const prev = this.level[i];
    const aH = c.alarmHigh[i],
      wH = c.warningHigh[i],
      aL = c.alarmLow[i],
      wL = c.warningLow[i];
    let next = rawLevel(value, aH, wH, aL, wL);
    if (next < prev) {
      // Leave a level only once the value is back inside its threshold by the hysteresis.
      const h = c.hysteresis[i];
      next = Math.min(prev, rawLevel(value, aH - h, wH - h, aL + h, wL + h));
    }
    if (next === prev) return;
    this.level[i] = next;
    const id = this.valueAlarm[i];
    if (prev === 0) this.raise(i, 'value', SEVERITY[next], timeMs, value);
    else if (next === 0) this.clear(i, id!, timeMs, value);
    else this.change(id!, next > prev ? 'escalated' : 'eased', SEVERITY[next], timeMs, value);
  }

  /** Freshness of every datastream at `nowMs`; returns what changed and the alarm events since the last call. */
  evaluate(nowMs: number): StateUpdate {
    const c = this.catalogue;
    const changed: number[] = [];
    for (let i = 0; i < c.count; i++) {
      const age = nowMs - this.lastTimeMs[i];
      const interval = c.expectedIntervalMs[i];
      // NaN age (never heard from) fails both comparisons: offline.
      const fresh = age <= this.staleAfter * interval ? 0 : age <= this.offlineAfter * interval ? STATE_STALE : STATE_OFFLINE;
      if (fresh === STATE_OFFLINE && !Number.isNaN(age) && this.silenceAlarm[i] === undefined)
        this.raise(i, 'silence', 'warning', nowMs, NaN);
      const level = this.level[i];
      const s = level === 2 ? STATE_ALARM : fresh || level;
      if (s !== this.state[i] || this.flagChanged[i]) {
        changed.push(i);
        this.state[i] = s;
        this.flagChanged[i] = 0;
      }
    }
    const events = this.events;
    this.events = [];
    return { changed: Uint32Array.from(changed), events };
  }

  /**
   * After a reconnect: flags every datastream that may have published in (fromMs, toMs]: one never heard from,
   * or whose next sample was due (half an expected interval after its latest, allowing for jitter) before toMs.
   */
  markGap(fromMs: number, toMs: number): number {
    if (!(toMs > fromMs)) return 0;
    const c = this.catalogue;
    let flagged = 0;
    for (let i = 0; i < c.count; i++) {
      const last = this.lastTimeMs[i];
      if (!Number.isNaN(last) && !(toMs > last + 0.5 * c.expectedIntervalMs[i])) continue;
      this.gapFromMs[i] = Number.isNaN(this.gapFromMs[i]) ? fromMs : Math.min(this.gapFromMs[i], fromMs);
      this.gapToMs[i] = Number.isNaN(this.gapToMs[i]) ? toMs : Math.max(this.gapToMs[i], toMs);
      this.flagChanged[i] = 1;
      flagged++;
    }
    return flagged;
  }

  /** Whether datastream i may have missed data during a disconnect. */
  mayHaveMissed(i: number): boolean {
    return !Number.isNaN(this.gapToMs[i]);
  }

  /** Drops the missed-data flag (one datastream, or all), e.g. after a backfill from the SensorThings API. */
  clearMissed(i?: number): void {
    const from = i ?? 0;
    const to = i === undefined ? this.catalogue.count : i + 1;
    for (let k = from; k < to; k++) {
      if (Number.isNaN(this.gapToMs[k])) continue;
      this.gapFromMs[k] = NaN;
      this.gapToMs[k] = NaN;
      this.flagChanged[k] = 1;
    }
  }

  /** Acknowledges an open alarm (the event is also reported by the next evaluate); null when unknown or already acknowledged. */
  acknowledge(alarmId: string, nowMs: number, by: string | null = null): AlarmEvent | null {
    const a = this.open.get(alarmId);
    if (!a || a.acknowledgedAtMs !== null) return null;
    const next = { ...a, acknowledgedAtMs: nowMs, acknowledgedBy: by };
    const event = this.emit('acknowledged', next, nowMs, a.value);
    this.store(next);
    return event;
  }

  /** Open alarms (not yet both cleared and acknowledged), newest first. */
  alarms(): SensorAlarm[] {
    return [...this.open.values()].reverse();
  }

  /** Cleared and acknowledged alarms, newest first (bounded). */
  closedAlarms(): SensorAlarm[] {
    return this.closed.slice().reverse();
  }

  /** Datastreams per display state. */
  counts(): Record<SensorState, number> {
    const n = [0, 0, 0, 0, 0];
    for (let i = 0; i < this.state.length; i++) n[this.state[i]]++;
    return { normal: n[0], warning: n[1], alarm: n[2], stale: n[3], offline: n[4] };
  }

  private raise(i: number, cause: AlarmCause, severity: AlarmSeverity, timeMs: number, value: number): void {
    const previous = cause === 'value' ? this.open.get(this.lastValueAlarm[i] ?? '') : undefined;
    const a: SensorAlarm = previous
      ? {
          ...previous,
          severity,
          value,
          clearedAtMs: null,
          occurrences: previous.occurrences + 1,
          peakSeverity: severity === 'alarm' ? severity : previous.peakSeverity,
        }
      : {
          id: `${this.prefix}${++this.alarmSeq}`,
          datastream: i,
          datastreamId: this.catalogue.ids[i],
          cause,
          severity,
          peakSeverity: severity,
          raisedAtMs: timeMs,
          value,
          clearedAtMs: null,
          acknowledgedAtMs: null,
          acknowledgedBy: null,
          occurrences: 1,
        };
    (cause === 'value' ? this.valueAlarm : this.silenceAlarm)[i] = a.id;
    if (cause === 'value') this.lastValueAlarm[i] = a.id;
    if (previous) this.open.delete(a.id); // re-inserted below: newest first in alarms()
    this.open.set(a.id, a);
    this.emit('raised', a, timeMs, value);
  }

  private change(id: string, kind: 'escalated' | 'eased', severity: AlarmSeverity, timeMs: number, value: number): void {
    const a = this.open.get(id)!;
    const next = { ...a, severity, value, peakSeverity: severity === 'alarm' ? severity : a.peakSeverity };
    this.store(next);
    this.emit(kind, next, timeMs, value);
  }

  private clear(i: number, id: string, timeMs: number, value: number): void {
    const a = this.open.get(id)!;
    (a.cause === 'value' ? this.valueAlarm : this.silenceAlarm)[i] = undefined;
    const next = { ...a, clearedAtMs: timeMs };
    this.emit('cleared', next, timeMs, value);
    this.store(next);
  }

  /** Keeps an alarm open until it is cleared and acknowledged (silence: cleared), then moves it to the bounded log. */
  private store(a: SensorAlarm): void {
    if (a.clearedAtMs === null || (a.acknowledgedAtMs === null && a.cause === 'value')) {
      this.open.set(a.id, a);
      return;
    }
    this.open.delete(a.id);
    this.closed.push(a);
    if (this.closed.length > this.closedLimit) this.closed.splice(0, this.closed.length - this.closedLimit);
  }

  private emit(kind: AlarmEventKind, a: SensorAlarm, timeMs: number, value: number): AlarmEvent {
    const e: AlarmEvent = {
      seq: ++this.eventSeq,
      kind,
      alarmId: a.id,
      datastream: a.datastream,
      datastreamId: a.datastreamId,
      cause: a.cause,
      severity: a.severity,
      timeMs,
      value,
    };
    this.events.push(e);
    return e;
  }
}
