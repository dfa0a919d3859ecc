// Per Thing, the display state of its most urgent datastream and whether any of them may have missed data: what a
// sensor's marker shows and what the per-grid counts read. Kept up to date from the datastreams each frame changed.
import type { DatastreamCatalogue } from './catalogue';
import { STATE_ALARM, STATE_NORMAL, STATE_OFFLINE, STATE_STALE, STATE_WARNING, type SensorStates } from './states';

/** A Thing not rolled up yet: none of its datastreams has changed since the start (all are still offline). */
export const NO_STATE = 255;

/** Urgency per display state (SENSOR_STATES index): alarm, then warning, offline, stale, normal. */
export const STATE_URGENCY: Readonly<Uint8Array> = (() => {
  const u = new Uint8Array(5);
  u[STATE_NORMAL] = 0;
  u[STATE_STALE] = 1;
  u[STATE_OFFLINE] = 2;
  u[STATE_WARNING] = 3;
  u[STATE_ALARM] = 4;
  return u;
})();

/** The more urgent of two display states; NO_STATE gives way to any state (ties keep `a`). */
export function moreUrgent(a: number, b: number): number {
  if (a === NO_STATE) return b;
  if (b === NO_STATE) return a;
  return STATE_URGENCY[b] > STATE_URGENCY[a] ? b : a;
}

/** Things whose rolled-up state or missed flag changed, ascending, with the new values. */
export interface ThingChanges {
  things: Uint32Array;
  state: Uint8Array;
  missed: Uint8Array;
}

/** What the roll-up reads of the state machine. */
export type DatastreamStates = Pick<SensorStates, 'state' | 'mayHaveMissed'>;

export class ThingStates {
  /** Per Thing (catalogue thingIds order): the most urgent display state of its datastreams, NO_STATE until rolled up. */
  readonly state: Uint8Array;
  /** Per Thing: 1 when any of its datastreams may have missed data during a disconnection. */
  readonly missed: Uint8Array;
  /** The datastreams of Thing t are datastreams[start[t] .. start[t + 1]). */
  private readonly start: Uint32Array;
  private readonly datastreams: Uint32Array;
  private readonly touched: Uint8Array;
  private readonly thingIndex: Uint32Array;

  constructor(catalogue: Pick<DatastreamCatalogue, 'count' | 'thingIds' | 'thingIndex'>) {
    const things = catalogue.thingIds.length;
    this.state = new Uint8Array(things).fill(NO_STATE);
    this.missed = new Uint8Array(things);
    this.touched = new Uint8Array(things);
    const start = new Uint32Array(things + 1);
    for (let i = 0; i < catalogue.count; i++) start[catalogue.thingIndex[i] + 1]++;
    for (let t = 0; t < things; t++) start[t + 1] += start[t];
    const next = start.slice(0, things);
    this.datastreams = new Uint32Array(catalogue.count);
    for (let i = 0; i < catalogue.count; i++) this.datastreams[next[catalogue.thingIndex[i]]++] = i;
    this.start = start;
    this.thingIndex = catalogue.thingIndex;
  }

  /** Rolls up again the Things of the `changed` datastreams (SensorStates.evaluate's list); returns what changed. */
  update(changed: ArrayLike<number>, states: DatastreamStates): ThingChanges {
    const touched: number[] = [];
    for (let k = 0; k < changed.length; k++) {
      const t = this.thingIndex[changed[k]];
      if (this.touched[t]) continue;
      this.touched[t] = 1;
      touched.push(t);
    }
    touched.sort((a, b) => a - b);
    const things: number[] = [];
    const state: number[] = [];
    const missed: number[] = [];
    for (const t of touched) {
      this.touched[t] = 0;
      let worst = NO_STATE;
      let miss = 0;
      for (let j = this.start[t], end = this.start[t + 1]; j < end; j++) {
        const i = this.datastreams[j];
        worst = moreUrgent(worst, states.state[i]);
        if (states.mayHaveMissed(i)) miss = 1;
      }
      if (this.state[t] === worst && this.missed[t] === miss) continue;
      this.state[t] = worst;
      this.missed[t] = miss;
      things.push(t);
      state.push(worst);
      missed.push(miss);
    }
    return { things: Uint32Array.from(things), state: Uint8Array.from(state), missed: Uint8Array.from(missed) };
  }
}
