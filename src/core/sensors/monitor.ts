// The ingest store and the state machine behind one API: push every message, take one frame per render tick.
import type { DatastreamCatalogue } from './catalogue';
import { IngestStore, PUSH_CORRECTION, PUSH_LATEST, type ChangedBatch, type IngestOptions } from './ingest';
import { SensorStates, type AlarmEvent, type StateOptions } from './states';

export interface MonitorOptions extends IngestOptions, StateOptions {}

/** Everything the scene and panels need for one frame; typed arrays are fresh (transferable from a worker). */
export interface SensorFrame {
  /** Latest values changed since the last frame. */
  values: ChangedBatch;
  /** Datastreams whose display state or missed-data flag changed, with the new state (SENSOR_STATES index) and flag. */
  states: { index: Uint32Array; state: Uint8Array; missed: Uint8Array };
  events: AlarmEvent[];
}

export class SensorMonitor {
  readonly ingest: IngestStore;
  readonly states: SensorStates;

  constructor(catalogue: DatastreamCatalogue, options: MonitorOptions = {}) {
    this.ingest = new IngestStore(catalogue, options);
    this.states = new SensorStates(catalogue, options);
  }

  /** One message as received; returns the IngestStore push code. Levels are evaluated per message, so no spike is coalesced away. */
  push(topic: unknown, payload: unknown, nowMs?: number): number {
    const code = this.ingest.push(topic, payload, nowMs);
    if (code === PUSH_LATEST || code === PUSH_CORRECTION) {
      const o = this.ingest.last;
      this.states.observe(o.index, o.timeMs, o.result);
    }
    return code;
  }

  /** An Observation of datastream i from a SensorThings API (a backfill), validated like a message; same codes as push. */
  pushFields(i: number, phenomenonTime: unknown, result: unknown, nowMs?: number): number {
    const code = this.ingest.pushFields(i, phenomenonTime, result, nowMs);
    if (code === PUSH_LATEST || code === PUSH_CORRECTION) {
      const o = this.ingest.last;
      this.states.observe(o.index, o.timeMs, o.result);
    }
    return code;
  }

  /** An already validated observation; same codes as push. */
  pushObservation(i: number, timeMs: number, value: number): number {
    const code = this.ingest.pushObservation(i, timeMs, value);
    if (code === PUSH_LATEST || code === PUSH_CORRECTION) this.states.observe(i, timeMs, value);
    return code;
  }

  /** Coalesced values, state changes at `nowMs` and alarm events since the previous frame. */
  frame(nowMs: number): SensorFrame {
    const values = this.ingest.drain();
    const { changed, events } = this.states.evaluate(nowMs);
    const state = new Uint8Array(changed.length);
    const missed = new Uint8Array(changed.length);
    for (let k = 0; k < changed.length; k++) {
      state[k] = this.states.state[changed[k]];
      missed[k] = this.states.mayHaveMissed(changed[k]) ? 1 : 0;
    }
    return { values, states: { index: changed, state, missed }, events };
  }
}
