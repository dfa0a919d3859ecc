// What the live feed's worker is given and what it hands the page each tick: plain records, typed arrays transferred.
import type { AlarmCounts } from './alarmList';
import type { IngestCounters } from './ingest';
import type { ConnectionStatus } from './reconnect';
import type { SensorAlarm } from './states';
import type { GridLiveCount } from './thingGrids';

export interface LiveConfig {
  /** The city's SensorThings Things: a file, or a SensorThings API `…/Things?$expand=Locations,Datastreams` URL (all pages). */
  catalogueUrl: string;
  /** The city's grids: sensors and alarms are counted per level-1 grid. */
  gridsUrl?: string;
  /** ws:// or wss:// URL of the MQTT broker; user:password@ in it are used as credentials and never stored. */
  brokerUrl: string;
  /** Credentials the user gave (kept by the page in sessionStorage only). */
  username?: string;
  password?: string;
  /** A SensorThings API service root (`http://…/v1.1`): after a reconnect, what may have been missed is fetched from it. */
  staUrl?: string;
}

/** The SensorThings API backfill after the latest reconnect. */
export interface BackfillProgress {
  state: 'idle' | 'running' | 'done' | 'error';
  /** Datastreams to fetch, fetched (their missed-data flag cleared), and failed (flag kept). */
  datastreams: number;
  done: number;
  failed: number;
  /** Observations received, and those that were new (not already seen over MQTT; rejected ones are counted by reason). */
  observations: number;
  added: number;
  error?: string;
}

/** An open alarm with what the alarm list shows about its sensor. */
export interface LiveAlarm extends SensorAlarm {
  thingId: string;
  name: string;
  unit: string;
  type: string;
}

/** One tick for the page: what changed per Thing, the connection, counters and the open alarms when they changed. */
export interface LiveFrame {
  status: ConnectionStatus;
  /** Why the broker refused the connection (status unauthorized). */
  authError?: string;
  backfill: BackfillProgress;
  /** Thing indices (in the catalogue's thingIds order) whose display state changed, with the new state. */
  things: Uint32Array;
  thingState: Uint8Array;
  /** 1 where the Thing may have missed data during a disconnection. */
  thingMissed: Uint8Array;
  counters: IngestCounters;
  /** The most urgent open alarms (at most ALARM_LIST_LIMIT), newest first; null when unchanged since the last frame. */
  alarms: LiveAlarm[] | null;
  /** Counts over every open alarm; null when unchanged. */
  alarmCounts: AlarmCounts | null;
  /** Datastreams per display state. */
  byState: Record<string, number>;
  /** Sensors and alarming sensors per level-1 grid; null when unchanged since the last frame. */
  grids: GridLiveCount[] | null;
}
