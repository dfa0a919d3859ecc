// The live sensor feed: the embedded broker plus the simulator publishing every demo Datastream into it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDatastreamCatalogue, type DatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { DEFAULT_INCIDENTS, parseIncidentTimeline, resolveIncidents, type IncidentTimeline } from '../../src/core/sensors/incidents';
import { credentialsFromEnv, DEFAULT_MQTT_WS_PORT, startBroker, type RunningBroker } from './broker';
import { startSimulator, type RunningSimulator } from './simulator';
import { DEFAULT_STA_PORT, startStaServer, type RunningStaServer } from './staServer';

export interface SensorFeedOptions {
  /** WebSocket port on 127.0.0.1 (9001; 0 = any free port). */
  port?: number;
  /** The SensorThings API's HTTP port (9002; 0 = any free port, the default when `port` is 0; false = no API). */
  staPort?: number | false;
  host?: string;
  /** The demo data directory (data/): its demo.json names the sensors file, else sensors.json. */
  dataDir?: string;
  /** A SensorThings Things file; overrides dataDir. */
  sensorsFile?: string;
  /** Publication frequency multiplier (1 = each Datastream at its expected interval). */
  rate?: number;
  /** Incident timeline speed multiplier (1). */
  speed?: number;
  /** A timeline JSON file, a timeline, or false for none; default DEFAULT_INCIDENTS. */
  incidents?: string | IncidentTimeline | false;
  /** Extra malformed messages per valid one (0). */
  badRate?: number;
  seed?: number;
  /** Default: CIM_MQTT_USER / CIM_MQTT_PASSWORD. */
  username?: string;
  password?: string;
  log?: (line: string) => void;
}

export interface SensorFeed {
  /** What the viewer connects to: ws://127.0.0.1:<port>/mqtt. */
  url: string;
  port: number;
  /** The read-only SensorThings API service root (`http://127.0.0.1:<port>/v1.1`), null without one. */
  staUrl: string | null;
  datastreams: number;
  catalogue: DatastreamCatalogue;
  simulator: RunningSimulator;
  /** Takes the broker down (clients see the connection drop) and brings it back on the same port (reconnect tests). */
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
  stop(): Promise<void>;
}

/** The Things file of a data directory: demo.json's `files.sensors`, else sensors.json. */
export function sensorsFileIn(dataDir: string): string {
  const manifest = join(dataDir, 'demo.json');
  const name = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { files?: { sensors?: string } }).files?.sensors
    : undefined;
  return join(dataDir, name ?? 'sensors.json');
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: ${what} is not JSON (${(err as Error).message})`, { cause: err });
  }
}

function loadTimeline(incidents: SensorFeedOptions['incidents']): IncidentTimeline {
  if (incidents === false) return { incidents: [] };
  if (incidents === undefined) return DEFAULT_INCIDENTS;
  if (typeof incidents !== 'string') return parseIncidentTimeline(incidents);
  try {
    return parseIncidentTimeline(readJson(incidents, 'the incident timeline'));
  } catch (err) {
    throw new Error((err as Error).message.startsWith(incidents) ? (err as Error).message : `${incidents}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Starts the broker, then the simulator connected to it; stop() ends both. */
export async function startSensorFeed(options: SensorFeedOptions = {}): Promise<SensorFeed> {
  const file = options.sensorsFile ?? sensorsFileIn(options.dataDir ?? 'data');
  let catalogue: DatastreamCatalogue;
  let things: unknown;
  try {
    things = readJson(file, 'the SensorThings Things');
    catalogue = readDatastreamCatalogue(things);
  } catch (err) {
    throw new Error((err as Error).message.startsWith(file) ? (err as Error).message : `${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const timeline = loadTimeline(options.incidents);
  resolveIncidents(catalogue, timeline); // fail before anything listens
  const env = credentialsFromEnv();
  const credentials = { username: options.username ?? env.username, password: options.password ?? env.password };
  const host = options.host ?? '127.0.0.1';
  let broker: RunningBroker | null = await startBroker({ port: options.port ?? DEFAULT_MQTT_WS_PORT, host, ...credentials });
  const port = broker.port;
  const url = broker.url;
  let simulator: RunningSimulator;
  let sta: RunningStaServer | null = null;
  try {
    const staPort = options.staPort ?? (options.port === 0 ? 0 : DEFAULT_STA_PORT);
    if (staPort !== false) sta = await startStaServer({ things, catalogue, port: staPort, host });
    simulator = await startSimulator({
      url,
      catalogue,
      timeline,
      ...credentials,
      rate: options.rate,
      speed: options.speed,
      badRate: options.badRate,
      seed: options.seed,
      log: options.log,
      // The API's history is the devices' record: it keeps what was measured while the broker was away too.
      onObservation: sta ? sta.record : undefined,
    });
  } catch (err) {
    await sta?.stop();
    await broker.stop();
    throw err;
  }
  return {
    url,
    port,
    staUrl: sta?.url ?? null,
    datastreams: catalogue.count,
    catalogue,
    simulator,
    stopBroker: async () => {
      await broker?.stop();
      broker = null;
    },
    startBroker: async () => {
      broker ??= await startBroker({ port, host, ...credentials });
    },
    stop: async () => {
      await simulator.stop();
      await sta?.stop();
      await broker?.stop();
      broker = null;
    },
  };
}
