// Sensors worker: the live feed's whole ingest off the page's thread. It subscribes to SensorThings
// Observations over MQTT (mqtt.js over WebSocket) and wires them, the clock and the page's calls to a LiveSession
// (src/core/sensors), which validates, orders, rolls up and hands the page one small frame per tick.
import { expose, transfer } from 'comlink';
import mqtt, { type MqttClient } from 'mqtt';
import { readDatastreamCatalogue } from '../src/core/sensors/catalogue';
import { IDLE_BACKFILL, LiveSession } from '../src/core/sensors/liveSession';
import type { LiveConfig, LiveFrame } from '../src/core/sensors/liveTypes';
import { isAuthRefusal } from '../src/core/sensors/reconnect';
import type { SensorSeries } from '../src/core/sensors/series';
import { locateThingsInGrids } from '../src/core/sensors/thingGrids';
import { background } from '../src/core/util/background';
import { fetchBytes } from '../src/io/fetchBytes';
import { fetchThingsDocument } from '../src/io/sensorThingsApi';
import { backfillMissed, backfillStartsMs } from '../src/io/sensorThingsBackfill';
import { readFeatures } from '../src/io/featureFile';
import { numberColumn, packPolygons, stringColumn } from '../src/io/packGeoJson';
import { workerEndpoint } from './endpoint';

export type { LiveAlarm, LiveConfig, LiveFrame } from '../src/core/sensors/liveTypes';
export type { GridLiveCount } from '../src/core/sensors/thingGrids';

/** Requests in flight at once during a backfill. */
const BACKFILL_CONCURRENCY = 4;

/** The started feed's state (null before start). */
let session: LiveSession | null = null;
/** The transport's handles: the MQTT client, the pending reconnect and the running backfill. */
const link: { client: MqttClient | null; retry: ReturnType<typeof setTimeout> | null; backfillAbort: AbortController | null } = {
  client: null,
  retry: null,
  backfillAbort: null,
};

/** Reads the grid file and places every Thing in its level-1 grid. */
async function placeInGrids(s: LiveSession, gridsUrl: string): Promise<void> {
  const features = await readFeatures(await fetchBytes(gridsUrl), gridsUrl);
  const { packed, sourceIndex } = packPolygons(features, gridsUrl);
  const level = Uint8Array.from(numberColumn(features, sourceIndex, 'level', 3));
  const cells = {
    packed,
    level,
    name: stringColumn(features, sourceIndex, 'name'),
    parentId: stringColumn(features, sourceIndex, 'parentId'),
  };
  s.placeInGrids(locateThingsInGrids(cells, s.catalogue));
}

const TOPIC_FILTER = 'v1.1/+/Observations';

/**
 * Ends a client we are done with. Its listeners go, mqtt.js's own with them, so a connect attempt's CONNACK timer is
 * no longer cleared on close: its 'connack timeout' error, seconds later, must find a listener or it is thrown.
 */
function discard(c: MqttClient): void {
  c.removeAllListeners();
  c.on('error', () => {});
  c.end(true);
}

function connect(s: LiveSession): void {
  const { url, username, password } = s.endpoint();
  // Reconnects are ours (backoff with jitter, and the gap to mark), not mqtt.js's fixed period.
  const c = mqtt.connect(url, {
    reconnectPeriod: 0,
    connectTimeout: 8000,
    clean: true,
    username,
    password,
    clientId: `cim-viewer-${Math.random().toString(16).slice(2, 10)}`,
  });
  link.client = c;
  c.on('connect', () => {
    // Where each datastream's backfill starts: its latest value before the gap (what arrives from now on is newer).
    const gap = s.connected(Date.now());
    if (gap && s.config.staUrl) background(runBackfill(s, s.config.staUrl, backfillStartsMs(s.monitor)), 'the sensors backfill');
    // QoS 0: with a clean session QoS 1 redelivers nothing after a disconnect (the backfill does that), and a PUBACK
    // per message doubles the broker's work and the frames on this thread.
    c.subscribe(TOPIC_FILTER, { qos: 0 });
  });
  c.on('message', (topic, payload) => {
    s.monitor.push(topic, payload, Date.now());
  });
  const lost = () => {
    if (link.client !== c || link.retry) return;
    const delay = s.lost(Date.now());
    if (delay === null) return;
    link.backfillAbort?.abort();
    discard(c);
    link.retry = setTimeout(() => {
      link.retry = null;
      if (!s.isStopped) connect(s);
    }, delay);
  };
  c.on('close', lost);
  c.on('error', (err: Error & { code?: unknown }) => {
    if (link.client === c && isAuthRefusal(err.code)) {
      // Retrying the same credentials cannot help: wait for the user's (api.login).
      s.refused(Date.now(), err.message);
      link.backfillAbort?.abort();
      discard(c);
      return;
    }
    lost();
  });
}

/** Backfills the datastreams flagged after a reconnect from the SensorThings API (cancelled by the next disconnect). */
async function runBackfill(s: LiveSession, baseUrl: string, afterMs: Float64Array): Promise<void> {
  link.backfillAbort?.abort();
  const abort = new AbortController();
  link.backfillAbort = abort;
  s.backfill = { ...IDLE_BACKFILL, state: 'running' };
  const done = await backfillMissed(s.monitor, baseUrl, afterMs, {
    signal: abort.signal,
    concurrency: BACKFILL_CONCURRENCY,
    onProgress: (p) => (s.backfill = p),
  });
  if (!abort.signal.aborted) s.backfill = done;
}

const started = (): LiveSession => {
  if (!session) throw new Error('live feed not started');
  return session;
};

const api = {
  async start(config: LiveConfig): Promise<{ datastreams: number; thingIds: string[] }> {
    const s = new LiveSession(readDatastreamCatalogue(await fetchThingsDocument(config.catalogueUrl)), config);
    session = s;
    connect(s);
    // The grid counts come when the grid is read; the feed does not wait for it.
    if (config.gridsUrl)
      placeInGrids(s, config.gridsUrl).catch((err: Error) => console.warn('[cim] sensors per grid unavailable:', err.message));
    return { datastreams: s.catalogue.count, thingIds: s.catalogue.thingIds };
  },

  /** New credentials after the broker refused the connection: connects again with them. */
  login(username: string, password: string): void {
    if (!session?.login(username, password)) return;
    if (link.retry) clearTimeout(link.retry);
    link.retry = null;
    if (link.client) discard(link.client);
    connect(session);
  },

  /** The changes since the last frame (call it a few times a second; states are evaluated at this moment). */
  frame(): LiveFrame {
    const out = started().frame(Date.now());
    return transfer(out, [out.things.buffer, out.thingState.buffer, out.thingMissed.buffer] as ArrayBuffer[]);
  },

  acknowledge(alarmId: string, by: string | null): boolean {
    return session?.acknowledge(alarmId, Date.now(), by) ?? false;
  },

  /** Recent samples of every datastream of a Thing, with its thresholds, for the detail sparkline. */
  history(thingId: string): SensorSeries[] {
    return session?.history(thingId) ?? [];
  },

  stop(): void {
    session?.stop();
    link.backfillAbort?.abort();
    if (link.retry) clearTimeout(link.retry);
    link.client?.end(true);
  },
};

expose(api, workerEndpoint());
export type SensorsApi = typeof api;
