// Ingest store: validated observations de-duplicated, ordered by phenomenonTime, coalesced to the latest value per datastream, with bounded history.
import type { DatastreamCatalogue } from './catalogue';
import { RingHistory } from './history';
import { REJECT_REASONS, VALID, validateFields, validateInto, type Observation, type RejectReason, type ValidateOptions } from './validate';

/** What push() did with a message: > 0 is a reject code (REJECT_REASONS[code - 1]). */
export const PUSH_LATEST = 0;
/** Older than the latest value: stored in history in order (or dropped if older than the ring), latest untouched. */
export const PUSH_LATE = -1;
/** Same datastream, phenomenonTime and result as a stored sample (a QoS 1 repeat). */
export const PUSH_DUPLICATE = -2;
/** Same datastream and phenomenonTime as the latest value but another result: the newer message wins. */
export const PUSH_CORRECTION = -3;

export interface IngestOptions extends Omit<ValidateOptions, 'nowMs'> {
  /** Samples kept per datastream (64). */
  historyCapacity?: number;
}

export interface IngestCounters {
  messages: number;
  /** Valid and new: latest values, late samples and corrections (duplicates excluded). */
  accepted: number;
  duplicates: number;
  /** Accepted but older than the datastream's latest value. */
  outOfOrder: number;
  /** Late samples older than a full history ring: counted in outOfOrder, not stored. */
  tooOld: number;
  corrections: number;
  rejected: Record<RejectReason, number>;
}

/** Datastreams whose latest value changed since the previous drain; fresh arrays, transferable. */
export interface ChangedBatch {
  count: number;
  index: Uint32Array;
  timeMs: Float64Array;
  value: Float64Array;
}

export class IngestStore {
  readonly catalogue: DatastreamCatalogue;
  readonly history: RingHistory;
  /** Latest phenomenonTime and result per datastream (NaN until the first one). */
  readonly latestTimeMs: Float64Array;
  readonly latestValue: Float64Array;
  /** The observation of the last push that validated. */
  readonly last: Observation = { index: -1, timeMs: NaN, result: NaN };
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Uint32Array;
  private dirtyCount = 0;
  private readonly rejected: Uint32Array;
  private messages = 0;
  private accepted = 0;
  private duplicates = 0;
  private outOfOrder = 0;
  private tooOld = 0;
  private corrections = 0;
  private readonly validateOptions: ValidateOptions;

  constructor(catalogue: DatastreamCatalogue, options: IngestOptions = {}) {
    const n = catalogue.count;
    this.catalogue = catalogue;
    this.history = new RingHistory(n, options.historyCapacity ?? 64);
    this.latestTimeMs = new Float64Array(n).fill(NaN);
    this.latestValue = new Float64Array(n).fill(NaN);
    this.dirty = new Uint8Array(n);
    this.dirtyList = new Uint32Array(n);
    this.rejected = new Uint32Array(REJECT_REASONS.length + 1);
    this.validateOptions = { ...options };
  }

  /** Validates and stores one message as received; `nowMs` is the receiver's clock for the future-time check. */
  push(topic: unknown, payload: unknown, nowMs?: number): number {
    this.messages++;
    this.validateOptions.nowMs = nowMs;
    const code = validateInto(topic, payload, this.catalogue, this.last, this.validateOptions);
    if (code !== VALID) {
      this.rejected[code]++;
      return code;
    }
    return this.store(this.last.index, this.last.timeMs, this.last.result);
  }

  /** Validates and stores an Observation of datastream i fetched from a SensorThings API (same checks and counters as push). */
  pushFields(i: number, phenomenonTime: unknown, result: unknown, nowMs?: number): number {
    this.messages++;
    this.validateOptions.nowMs = nowMs;
    const code = validateFields(i, phenomenonTime, result, this.catalogue, this.last, this.validateOptions);
    if (code !== VALID) {
      this.rejected[code]++;
      return code;
    }
    return this.store(i, this.last.timeMs, this.last.result);
  }

  /** Stores an already validated observation. */
  pushObservation(i: number, timeMs: number, value: number): number {
    this.messages++;
    return this.store(i, timeMs, value);
  }

  private store(i: number, timeMs: number, value: number): number {
    const latest = this.latestTimeMs[i];
    if (!(timeMs <= latest)) {
      // Newer than the latest (or the first one).
      this.latestTimeMs[i] = timeMs;
      this.latestValue[i] = value;
      this.history.append(i, timeMs, value);
      this.markDirty(i);
      this.accepted++;
      return PUSH_LATEST;
    }
    const k = this.history.find(i, timeMs);
    if (k >= 0 && this.history.valueAt(i, k) === value) {
      this.duplicates++;
      return PUSH_DUPLICATE;
    }
    this.accepted++;
    if (timeMs === latest) {
      this.corrections++;
      this.latestValue[i] = value;
      if (k >= 0) this.history.setValueAt(i, k, value);
      this.markDirty(i);
      return PUSH_CORRECTION;
    }
    this.outOfOrder++;
    if (k >= 0) {
      this.corrections++;
      this.history.setValueAt(i, k, value);
    } else if (!this.history.insert(i, timeMs, value)) {
      this.tooOld++;
    }
    return PUSH_LATE;
  }

  private markDirty(i: number): void {
    if (this.dirty[i]) return;
    this.dirty[i] = 1;
    this.dirtyList[this.dirtyCount++] = i;
  }

  /** The datastreams whose latest value changed since the last drain, in first-change order. */
  drain(): ChangedBatch {
    const count = this.dirtyCount;
    const index = this.dirtyList.slice(0, count);
    const timeMs = new Float64Array(count);
    const value = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const i = index[k];
      timeMs[k] = this.latestTimeMs[i];
      value[k] = this.latestValue[i];
      this.dirty[i] = 0;
    }
    this.dirtyCount = 0;
    return { count, index, timeMs, value };
  }

  /** How many datastreams wait for the next drain. */
  get pending(): number {
    return this.dirtyCount;
  }

  counters(): IngestCounters {
    const rejected = {} as Record<RejectReason, number>;
    REJECT_REASONS.forEach((r, k) => (rejected[r] = this.rejected[k + 1]));
    return {
      messages: this.messages,
      accepted: this.accepted,
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
      tooOld: this.tooOld,
      corrections: this.corrections,
      rejected,
    };
  }

  /** Total rejected messages. */
  get rejectedCount(): number {
    let n = 0;
    for (let k = 1; k < this.rejected.length; k++) n += this.rejected[k];
    return n;
  }
}
