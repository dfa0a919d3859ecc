// Sensors worker: the live feed's whole ingest off the page's thread. It subscribes to SensorThings
// Observations over MQTT (mqtt.js over WebSocket), validates, de-duplicates, orders and coalesces them
// (src/core/sensors), runs the state machine, and hands the page one small frame per tick.
import { expose, transfer } from 'comlink';
import mqtt, { type MqttClient } from 'mqtt';
import { readDatastreamCatalogue, type DatastreamCatalogue } from '../src/core/sensors/catalogue';
import { SensorMonitor } from '../src/core/sensors/monitor';
import { summariseAlarms, type AlarmCounts } from '../src/core/sensors/alarmList';
import { ConnectionTracker, isAuthRefusal, type ConnectionStatus } from '../src/core/sensors/reconnect';
import { STATE_ALARM, STATE_NORMAL, STATE_OFFLINE, STATE_STALE, STATE_WARNING, type SensorAlarm } from '../src/core/sensors/states';
import type { IngestCounters } from '../src/core/sensors/ingest';
import type { SensorSeries } from '../src/core/sensors/series';
import { fetchBytes } from '../src/io/fetchBytes';
import { fetchThingsDocument } from '../src/io/sensorThingsApi';
import { backfillMissed, backfillStartsMs, type BackfillProgress } from '../src/io/sensorThingsBackfill';
import { readFeatures } from '../src/io/featureFile';
import { numberColumn, packPolygons, stringColumn } from '../src/io/packGeoJson';
import { toMetric } from '../src/core/crs/metric';
import { selectPolygons, withCoords } from '../src/core/geom/packed';
import { assignPoints } from '../src/core/spatial/assignPoints';
import { buildGridIndex } from '../src/core/spatial/gridIndex';
import { buildHierarchy } from '../src/core/spatial/hierarchy';
import { workerEndpoint } from './endpoint';

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

export interface GridLiveCount {
  id: string;
  name: string;
  /** Where its badge goes: the centre of the grid's bounding box. */
  lonLatDeg: [number, number];
  sensors: number;
  /** Sensors with data (not offline). */
  online: number;
  /** Sensors in alarm, and in warning. */
  alarm: number;
  warning: number;
}

/** An open alarm with what the alarm list shows about its sensor. */
export interface LiveAlarm extends SensorAlarm {
  thingId: string;
  name: string;
  unit: string;
  type: string;
}

// A Thing shows its most urgent datastream: alarm, then warning, offline, stale, normal.
const URGENCY = new Uint8Array(5);
URGENCY[STATE_NORMAL] = 0;
URGENCY[STATE_STALE] = 1;
URGENCY[STATE_OFFLINE] = 2;
URGENCY[STATE_WARNING] = 3;
URGENCY[STATE_ALARM] = 4;

let catalogue: DatastreamCatalogue | null = null;
let monitor: SensorMonitor | null = null;
let client: MqttClient | null = null;
let stopped = false;
let retry: ReturnType<typeof setTimeout> | null = null;
const tracker = new ConnectionTracker();
let thingState = new Uint8Array(0);
let thingMissed = new Uint8Array(0);
let alarmsChanged = true;
/** Alarms handed to the page per change at most: thousands of silence alarms must not flood its list (counts cover the rest). */
const ALARM_LIST_LIMIT = 200;
/** Level-1 grid of each Thing (-1 outside every grid), and the grids' names and badge positions. */
let l1OfThing = new Int32Array(0);
let l1Grids: { id: string; name: string; lonLatDeg: [number, number] }[] = [];
let gridsChanged = true;
let credentials: { username?: string; password?: string } = {};
let authError: string | undefined;
let staUrl: string | undefined;
let brokerUrl: string | undefined;
let backfill: BackfillProgress = { state: 'idle', datastreams: 0, done: 0, failed: 0, observations: 0, added: 0 };
let backfillAbort: AbortController | null = null;
/** Requests in flight at once during a backfill. */
const BACKFILL_CONCURRENCY = 4;

/** Locates every Thing in the grid (L3 by point in polygon, then its L1 through parentId). */
async function locateThings(gridsUrl: string, cat: DatastreamCatalogue): Promise<void> {
  const features = await readFeatures(await fetchBytes(gridsUrl), gridsUrl);
  const { packed, sourceIndex } = packPolygons(features, gridsUrl);
  const level = Uint8Array.from(numberColumn(features, sourceIndex, 'level', 3));
  const names = stringColumn(features, sourceIndex, 'name');
  const hierarchy = buildHierarchy({ ids: packed.ids, level, parentId: stringColumn(features, sourceIndex, 'parentId') });
  const l3 = selectPolygons(packed, hierarchy.l3);
  const { xyM, frame } = toMetric(l3.coords, 'EPSG:4490');
  const index = buildGridIndex(withCoords(l3, xyM));
  // One point per Thing: its first datastream's location.
  const things = cat.thingIds.length;
  const lonLat = new Float64Array(things * 2).fill(NaN);
  for (let i = cat.count - 1; i >= 0; i--) lonLat.set(cat.lonLatDeg.subarray(2 * i, 2 * i + 2), 2 * cat.thingIndex[i]);
  const cells = assignPoints(index, toMetric(lonLat, 'EPSG:4490', frame.zone).xyM);
  const l1Index = new Map<number, number>();
  l1Grids = [];
  for (let f = 0; f < packed.ids.length; f++) {
    if (level[f] !== 1) continue;
    l1Index.set(f, l1Grids.length);
    const b = packed.bbox.subarray(4 * f, 4 * f + 4);
    l1Grids.push({ id: packed.ids[f], name: names[f] ?? packed.ids[f], lonLatDeg: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] });
  }
  l1OfThing = Int32Array.from(cells, (c) => (c < 0 ? -1 : (l1Index.get(hierarchy.l3ToL1[c]) ?? -1)));
  gridsChanged = true;
}

function gridCounts(): GridLiveCount[] {
  const out = l1Grids.map((g) => ({ ...g, sensors: 0, online: 0, alarm: 0, warning: 0 }));
  if (!monitor || !catalogue) return out;
  // The most urgent state of each Thing over all its datastreams.
  const worst = new Uint8Array(catalogue.thingIds.length).fill(255);
  for (let i = 0; i < catalogue.count; i++) {
    const t = catalogue.thingIndex[i];
    const s = monitor.states.state[i];
    if (worst[t] === 255 || URGENCY[s] > URGENCY[worst[t]]) worst[t] = s;
  }
  for (let t = 0; t < l1OfThing.length; t++) {
    const g = out[l1OfThing[t]];
    if (!g) continue;
    g.sensors++;
    const s = worst[t];
    if (s !== 255 && s !== STATE_OFFLINE) g.online++;
    if (s === STATE_ALARM) g.alarm++;
    else if (s === STATE_WARNING) g.warning++;
  }
  return out;
}

const TOPIC_FILTER = 'v1.1/+/Observations';

function connect(brokerUrl: string): void {
  const url = new URL(brokerUrl);
  const username = credentials.username ?? (decodeURIComponent(url.username) || undefined);
  const password = credentials.password ?? (decodeURIComponent(url.password) || undefined);
  url.username = '';
  url.password = '';
  // Reconnects are ours (backoff with jitter, and the gap to mark), not mqtt.js's fixed period.
  const c = mqtt.connect(url.href, {
    reconnectPeriod: 0,
    connectTimeout: 8000,
    clean: true,
    username,
    password,
    clientId: `cim-viewer-${Math.random().toString(16).slice(2, 10)}`,
  });
  client = c;
  c.on('connect', () => {
    authError = undefined;
    const gap = tracker.connected(Date.now());
    // Where each datastream's backfill starts: its latest value before the gap (what arrives from now on is newer).
    if (gap && monitor) {
      const m = monitor;
      m.states.markGap(gap.fromMs, gap.toMs);
      if (staUrl) void runBackfill(staUrl, backfillStartsMs(m));
    }
    // QoS 0: with a clean session QoS 1 redelivers nothing after a disconnect (the backfill does that), and a PUBACK
    // per message doubles the broker's work and the frames on this thread.
    c.subscribe(TOPIC_FILTER, { qos: 0 });
  });
  c.on('message', (topic, payload) => {
    monitor?.push(topic, payload, Date.now());
  });
  const lost = () => {
    if (stopped || client !== c || retry || tracker.status === 'unauthorized') return;
    backfillAbort?.abort();
    c.removeAllListeners();
    c.end(true);
    const delay = tracker.lost(Date.now());
    retry = setTimeout(() => {
      retry = null;
      if (!stopped) connect(brokerUrl);
    }, delay);
  };
  c.on('close', lost);
  c.on('error', (err: Error & { code?: unknown }) => {
    if (client === c && isAuthRefusal(err.code)) {
      // Retrying the same credentials cannot help: wait for the user's (api.login).
      authError = err.message;
      tracker.refused(Date.now());
      backfillAbort?.abort();
      c.removeAllListeners();
      c.on('error', () => {});
      c.end(true);
      return;
    }
    lost();
  });
}

/** Backfills the datastreams flagged after a reconnect from the SensorThings API (cancelled by the next disconnect). */
async function runBackfill(baseUrl: string, afterMs: Float64Array): Promise<void> {
  if (!monitor) return;
  backfillAbort?.abort();
  const abort = new AbortController();
  backfillAbort = abort;
  backfill = { state: 'running', datastreams: 0, done: 0, failed: 0, observations: 0, added: 0 };
  const done = await backfillMissed(monitor, baseUrl, afterMs, {
    signal: abort.signal,
    concurrency: BACKFILL_CONCURRENCY,
    onProgress: (p) => (backfill = p),
  });
  if (!abort.signal.aborted) backfill = done;
}

const api = {
  async start(config: LiveConfig): Promise<{ datastreams: number; thingIds: string[] }> {
    const json = await fetchThingsDocument(config.catalogueUrl);
    catalogue = readDatastreamCatalogue(json);
    monitor = new SensorMonitor(catalogue);
    thingState = new Uint8Array(catalogue.thingIds.length).fill(255);
    thingMissed = new Uint8Array(catalogue.thingIds.length);
    credentials = { username: config.username, password: config.password };
    staUrl = config.staUrl;
    stopped = false;
    connect(config.brokerUrl);
    brokerUrl = config.brokerUrl;
    // The grid counts come when the grid is read; the feed does not wait for it.
    if (config.gridsUrl)
      void locateThings(config.gridsUrl, catalogue).catch((err: Error) => console.warn('[cim] sensors per grid unavailable:', err.message));
    return { datastreams: catalogue.count, thingIds: catalogue.thingIds };
  },

  /** New credentials after the broker refused the connection: connects again with them. */
  login(username: string, password: string): void {
    credentials = { username, password };
    if (!brokerUrl || stopped) return;
    if (retry) clearTimeout(retry);
    retry = null;
    client?.removeAllListeners();
    client?.on('error', () => {});
    client?.end(true);
    tracker.status = tracker.connects > 0 ? 'reconnecting' : 'connecting';
    connect(brokerUrl);
  },

  /** The changes since the last frame (call it a few times a second; states are evaluated at this moment). */
  frame(): LiveFrame {
    if (!monitor || !catalogue) throw new Error('live feed not started');
    const f = monitor.frame(Date.now());
    if (f.events.length) alarmsChanged = true;
    // Per Thing: the most urgent state of its datastreams, recomputed only for Things touched this frame.
    const touched = new Set<number>();
    for (const i of f.states.index) touched.add(catalogue.thingIndex[i]);
    if (f.states.index.length) gridsChanged = true;
    const things: number[] = [];
    const states: number[] = [];
    const missed: number[] = [];
    if (touched.size) {
      const worst = new Map<number, number>();
      const anyMissed = new Map<number, boolean>();
      for (let i = 0; i < catalogue.count; i++) {
        const t = catalogue.thingIndex[i];
        if (!touched.has(t)) continue;
        const s = monitor.states.state[i];
        const w = worst.get(t);
        if (w === undefined || URGENCY[s] > URGENCY[w]) worst.set(t, s);
        if (monitor.states.mayHaveMissed(i)) anyMissed.set(t, true);
      }
      for (const [t, s] of worst) {
        const m = anyMissed.get(t) ? 1 : 0;
        if (thingState[t] === s && thingMissed[t] === m) continue;
        thingState[t] = s;
        thingMissed[t] = m;
        things.push(t);
        states.push(s);
        missed.push(m);
        gridsChanged = true;
      }
    }
    const cat = catalogue;
    let alarms: LiveAlarm[] | null = null;
    let alarmCounts: AlarmCounts | null = null;
    if (alarmsChanged) {
      const { shown, counts } = summariseAlarms(monitor.states.alarms(), ALARM_LIST_LIMIT);
      alarms = shown.map((a) => ({
        ...a,
        thingId: cat.thingIds[cat.thingIndex[a.datastream]],
        name: cat.name[a.datastream],
        unit: cat.unitSymbol[a.datastream],
        type: cat.types[cat.typeIndex[a.datastream]],
      }));
      alarmCounts = counts;
    }
    alarmsChanged = false;
    const out: LiveFrame = {
      status: tracker.status,
      authError,
      backfill: { ...backfill },
      things: Uint32Array.from(things),
      thingState: Uint8Array.from(states),
      thingMissed: Uint8Array.from(missed),
      counters: monitor.ingest.counters(),
      alarms,
      alarmCounts,
      byState: monitor.states.counts(),
      grids: gridsChanged && l1Grids.length ? gridCounts() : null,
    };
    if (out.grids) gridsChanged = false;
    return transfer(out, [out.things.buffer, out.thingState.buffer, out.thingMissed.buffer] as ArrayBuffer[]);
  },

  acknowledge(alarmId: string, by: string | null): boolean {
    const ok = monitor?.states.acknowledge(alarmId, Date.now(), by) ?? null;
    if (ok) alarmsChanged = true;
    return ok !== null;
  },

  /** Recent samples of every datastream of a Thing, with its thresholds, for the detail sparkline. */
  history(thingId: string): SensorSeries[] {
    if (!monitor || !catalogue) return [];
    const t = catalogue.thingIds.indexOf(thingId);
    const out: SensorSeries[] = [];
    const h = monitor.ingest.history;
    for (let i = 0; i < catalogue.count; i++) {
      if (catalogue.thingIndex[i] !== t) continue;
      const { timeMs, value } = h.series(i);
      out.push({
        datastreamId: catalogue.ids[i],
        name: catalogue.name[i],
        unit: catalogue.unitSymbol[i],
        timeMs,
        value,
        warningHigh: catalogue.warningHigh[i],
        alarmHigh: catalogue.alarmHigh[i],
        warningLow: catalogue.warningLow[i],
        alarmLow: catalogue.alarmLow[i],
      });
    }
    return out;
  },

  stop(): void {
    stopped = true;
    backfillAbort?.abort();
    if (retry) clearTimeout(retry);
    client?.end(true);
    tracker.stopped();
  },
};

expose(api, workerEndpoint());
export type SensorsApi = typeof api;
