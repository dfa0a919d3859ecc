// The embedded broker + simulator as a client sees them: mqtt.js over WebSocket, every message through the ingest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncidentTimeline } from '../../src/core/sensors/incidents';
import { SensorMonitor } from '../../src/core/sensors/monitor';
import { STATE_ALARM } from '../../src/core/sensors/states';
import { demoSensorThings } from '../../src/core/sensors/synthetic';
import { REJECT_REASONS } from '../../src/core/sensors/validate';
import { startBroker } from './broker';
import { startSensorFeed } from './feed';

const dir = mkdtempSync(join(tmpdir(), 'cim-sensors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'sensors.json'), JSON.stringify(demoSensorThings(4)));

/** A fast timeline: the first gas stream rises to 40 %LEL (alarm 25) within 2 s of the start. */
const FAST: IncidentTimeline = {
  incidents: [{ kind: 'ramp', name: 'gas leak', target: { type: 'gas' }, atS: 0.5, rampS: 1.5, to: 40, holdS: 600 }],
};

/** Subscribes to every Datastream's Observations and feeds each message to a monitor. */
async function subscriber(url: string, monitor: SensorMonitor, options: mqtt.IClientOptions = {}) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
  const codes: number[] = [];
  client.on('message', (topic, payload) => codes.push(monitor.push(topic, payload, Date.now())));
  // '+' spans one topic level: `Datastreams(<id>)` is one level.
  await client.subscribeAsync('v1.1/+/Observations', { qos: 1 });
  return { client, codes };
}

async function until(what: string, ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('startSensorFeed', () => {
  it('publishes valid observations for every Datastream and a scripted gas leak crosses its alarm threshold', async () => {
    const feed = await startSensorFeed({ port: 0, dataDir: dir, rate: 20, incidents: FAST, badRate: 0.2, seed: 2 });
    try {
      expect(feed.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
      const monitor = new SensorMonitor(feed.catalogue);
      const { client } = await subscriber(feed.url, monitor);
      const gas = feed.simulator.simulation.incidents[0].datastreams[0];
      await until('the gas alarm', () => {
        monitor.frame(Date.now());
        return monitor.states.state[gas] === STATE_ALARM;
      });
      const seen = () => Array.from(monitor.ingest.latestTimeMs).filter((t) => !Number.isNaN(t)).length;
      await until('a value from every Datastream', () => seen() === feed.datastreams);
      const counters = monitor.ingest.counters();
      expect(counters.accepted).toBeGreaterThan(feed.datastreams);
      // Malformed messages arrive too (bad rate 0.2) and are counted by reason, never fatal.
      expect(monitor.ingest.rejectedCount).toBeGreaterThan(0);
      expect(Object.keys(counters.rejected)).toEqual([...REJECT_REASONS]);
      expect(monitor.states.alarms()).toEqual([expect.objectContaining({ datastream: gas, severity: 'alarm', cause: 'value' })]);
      await client.endAsync();
    } finally {
      await feed.stop();
    }
  });

  it('survives a broker stop and restart: the simulator reconnects and streams resume', async () => {
    const feed = await startSensorFeed({ port: 0, dataDir: dir, rate: 20, incidents: false });
    try {
      const monitor = new SensorMonitor(feed.catalogue);
      const { client } = await subscriber(feed.url, monitor);
      await until('first messages', () => monitor.ingest.counters().accepted > 10);
      await feed.stopBroker();
      await until('the simulator noticing', () => !feed.simulator.stats().connected);
      const before = monitor.ingest.counters().accepted;
      expect(feed.simulator.stats().reconnects).toBe(0);
      await feed.startBroker();
      // Both are waited on: each is state the other does not imply at the moment it is read.
      await until('the simulator reconnecting', () => feed.simulator.stats().reconnects >= 1);
      await until('messages after the restart', () => monitor.ingest.counters().accepted > before + 10);
      expect(feed.simulator.stats()).toMatchObject({ connected: true, reconnects: 1 });
      await client.endAsync();
    } finally {
      await feed.stop();
    }
  });

  it('requires the configured username and password', async () => {
    const broker = await startBroker({ port: 0, username: 'ops', password: 'test-only' });
    try {
      await expect(mqtt.connectAsync(broker.url, { username: 'ops', password: 'wrong', reconnectPeriod: 0 })).rejects.toThrow(
        /Bad username or password|Not authorized/i,
      );
      await expect(mqtt.connectAsync(broker.url, { reconnectPeriod: 0 })).rejects.toThrow();
      const ok = await mqtt.connectAsync(broker.url, { username: 'ops', password: 'test-only', reconnectPeriod: 0 });
      expect(ok.connected).toBe(true);
      await ok.endAsync();
    } finally {
      await broker.stop();
    }
  });

  it('names the file when the Things file is missing or the timeline targets nothing', async () => {
    await expect(startSensorFeed({ port: 0, sensorsFile: join(dir, 'nope.json') })).rejects.toThrow(
      /nope\.json: cannot read the SensorThings Things \(ENOENT\)/,
    );
    await expect(
      startSensorFeed({
        port: 0,
        dataDir: dir,
        incidents: { incidents: [{ kind: 'silence', name: 'x', target: { datastream: 'zz' }, atS: 0 }] },
      }),
    ).rejects.toThrow('incident "x": no Datastream zz');
  });
});
