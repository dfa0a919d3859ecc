// Publishes the simulated sensor streams (src/core/sensors/simulation) over MQTT with mqtt.js, QoS 1, on a wall-clock timer.
import { MqttClient, type IConnackPacket } from 'mqtt';
import { WebSocket } from 'ws';
import type { DatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { DEFAULT_INCIDENTS, type IncidentTimeline } from '../../src/core/sensors/incidents';
import { ConnectionTracker } from '../../src/core/sensors/reconnect';
import { SensorSimulation, type SimulationOptions } from '../../src/core/sensors/simulation';
import type { Credentials } from './broker';
import { batchedWebSocketStream } from './wsBatch';

export interface SimulatorOptions extends SimulationOptions, Credentials {
  /** Broker URL, e.g. ws://127.0.0.1:9001/mqtt. */
  url: string;
  catalogue: DatastreamCatalogue;
  timeline?: IncidentTimeline;
  /** How often the timer publishes what is due (100 ms). */
  tickMs?: number;
  /** Every valid observation the devices measured, published or not (the SensorThings API's history). */
  onObservation?: (datastream: number, timeMs: number, result: number) => void;
  /** Messages mqtt.js may queue while the broker is away; beyond it they are dropped and counted (5000). */
  offlineQueueLimit?: number;
  log?: (line: string) => void;
}

export interface SimulatorStats {
  published: number;
  bad: number;
  dropped: number;
  connected: boolean;
  reconnects: number;
}

export interface RunningSimulator {
  simulation: SensorSimulation;
  stats(): SimulatorStats;
  stop(): Promise<void>;
}

/** Connects (first connect must succeed within 10 s), then publishes on every tick until stopped; reconnects with backoff. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const log = options.log ?? (() => {});
  const simulation = new SensorSimulation(options.catalogue, options.timeline ?? DEFAULT_INCIDENTS, Date.now(), options);
  const tracker = new ConnectionTracker();
  // The messages of one tick leave in a few WebSocket frames (the broker reads far fewer frames than messages).
  const url = options.url;
  const client = new MqttClient(() => batchedWebSocketStream(new WebSocket(url, ['mqtt'])), {
    clientId: `cim-simulator-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 4,
    clean: true,
    connectTimeout: 10_000,
    reconnectPeriod: 1000,
    username: options.username,
    password: options.password,
  });
  const stats: SimulatorStats = { published: 0, bad: 0, dropped: 0, connected: false, reconnects: 0 };
  let queued = 0;
  // Connected at the broker's CONNACK: mqtt.js emits 'connect' only after re-sending what it queued while away (one
  // PUBACK at a time), so on a loaded machine messages flowed for seconds while the stats still said disconnected.
  client.on('packetreceive', (packet) => {
    if (packet.cmd !== 'connack' || (packet as IConnackPacket).returnCode !== 0) return;
    if (tracker.connected(Date.now())) {
      stats.reconnects++;
      log(`simulator: reconnected to ${options.url}`);
    }
    stats.connected = true;
    queued = 0;
  });
  client.on('close', () => {
    stats.connected = false;
    client.options.reconnectPeriod = Math.max(250, tracker.lost(Date.now(), Math.random, { baseMs: 500, capMs: 10_000 }));
  });
  client.on('error', (err) => log(`simulator: ${err.message}`));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator: no MQTT connection to ${options.url} within 10 s`)), 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    client.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  }).catch(async (err) => {
    await client.endAsync(true);
    throw err;
  });

  const limit = options.offlineQueueLimit ?? 5000;
  const tick = () => {
    for (const m of simulation.step(Date.now())) {
      if (m.timeMs !== undefined && m.result !== undefined) options.onObservation?.(m.datastream, m.timeMs, m.result);
      if (!client.connected && ++queued > limit) {
        stats.dropped++;
        continue;
      }
      // Retained: a viewer that subscribes later gets every sensor's last value at once, as a SensorThings
      // client would by asking the REST API for the latest Observations on connect.
      client.publish(m.topic, m.payload, { qos: 1, retain: true }, (err) => {
        if (err) stats.dropped++;
      });
      stats.published++;
      if (m.bad) stats.bad++;
    }
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? 100);
  let stopped: Promise<void> | null = null;
  return {
    simulation,
    stats: () => ({ ...stats }),
    stop: () => {
      stopped ??= (async () => {
        clearInterval(timer);
        tracker.stopped();
        // Forced: a graceful end waits for every in-flight QoS 1 acknowledgement, which a broker going down with us never sends.
        await client.endAsync(true);
      })();
      return stopped;
    },
  };
}
