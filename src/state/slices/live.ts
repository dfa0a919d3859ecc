// Live slice: the sensor feed (`?live=ws://…`): connection, counters, the open alarms and each sensor's display state.
import type { ErrorData } from '../../io/errorData';
import type { BackfillProgress } from '../../io/sensorThingsBackfill';
import type { SliceStore } from '../sliceStore';

/** The live sensor feed (`?live=ws://…`): connection, counters and the open alarms. */
export interface LiveState {
  status: 'off' | 'connecting' | 'live' | 'reconnecting' | 'offline' | 'error' | 'unauthorized';
  error?: string;
  /** The error as data when its kind is catalogued, for the page's language (`error` stays English). */
  errorData?: ErrorData;
  /** Why the broker refused the connection (status unauthorized): the page asks for credentials. */
  authError?: string;
  /** The SensorThings API backfill after the latest reconnect. */
  backfill?: BackfillProgress;
  messages: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  outOfOrder: number;
  /** Datastreams per display state. */
  byState: Record<string, number>;
  /** The most urgent open alarms (at most a few hundred), newest first, with their sensor's Thing id, name, unit and type. */
  alarms: LiveAlarmRecord[];
  /** Counts over every open alarm (the list above may show only the most urgent). */
  alarmCounts?: { total: number; active: number; alarm: number; warning: number; silence: number; unacknowledged: number };
  /** Sensors that may have missed data while the connection was down (until they report again). */
  mayHaveMissed: number;
  /** Sensors, online and alarming sensors per level-1 grid. */
  grids: { id: string; name: string; lonLatDeg: [number, number]; sensors: number; online: number; alarm: number; warning: number }[];
}

export interface LiveAlarmRecord {
  id: string;
  thingId: string;
  datastreamId: string;
  name: string;
  unit: string;
  type: string;
  cause: 'value' | 'silence';
  severity: 'warning' | 'alarm';
  raisedAtMs: number;
  value: number;
  clearedAtMs: number | null;
  acknowledgedAtMs: number | null;
  acknowledgedBy: string | null;
  occurrences: number;
}

export interface LiveSlice {
  live: LiveState;
  /** Display state per sensor (SENSOR_STATES index, 255 unknown), replaced when any changes; null without a live feed. */
  sensorStates: Uint8Array | null;
}

export function initialLive(): LiveSlice {
  return {
    live: {
      status: 'off',
      messages: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      outOfOrder: 0,
      byState: {},
      alarms: [],
      grids: [],
      mayHaveMissed: 0,
    },
    sensorStates: null,
  };
}

type Store = SliceStore<LiveSlice>;

export const liveActions = {
  setLive(store: Store, patch: Partial<LiveState>): void {
    store.setState((s) => ({ live: { ...s.live, ...patch } }));
  },
  /** One frame of the feed: the sensors' display states and the counters, in one render. */
  liveFrame(store: Store, sensorStates: Uint8Array | null, patch: Partial<LiveState>): void {
    store.setState((s) => ({ sensorStates, live: { ...s.live, ...patch } }));
  },
};
