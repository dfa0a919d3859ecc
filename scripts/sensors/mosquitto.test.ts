// Interoperability: the simulator and an mqtt.js client through Debian's Mosquitto (WebSocket listener) instead of aedes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { SensorMonitor } from '../../src/core/sensors/monitor';
import { STATE_ALARM } from '../../src/core/sensors/states';
import { demoSensorThings } from '../../src/core/sensors/synthetic';
import { startSimulator } from './simulator';

/** Debian installs the broker in /usr/sbin, which is not on every user's PATH. */
function installed(name: string, dirs: string[]): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  const path = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
  if (path) return path;
  throw new Error(`${name} is not installed: this interoperability test needs Debian's broker (apt-get install mosquitto)`);
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'cim-mosquitto-'));
// Generated for this test run only.
const USER = 'cim-test';
const PASSWORD = `pw-${process.pid}-${Date.now()}`;
const AUTH = { username: USER, password: PASSWORD };
let broker: ChildProcess | null = null;
let url = '';
let log = '';

beforeAll(async () => {
  const port = await freePort();
  const tcpPort = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const passwords = join(dir, 'passwd');
  writeFileSync(passwords, '');
  const made = spawnSync(installed('mosquitto_passwd', ['/usr/bin']), ['-b', passwords, USER, PASSWORD], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
  // Mosquitto 2.0.11 (Debian 12) exits with "Unable to start any listening sockets" when its only listener is a
  // WebSocket one, so a plain MQTT listener on loopback comes along.
  writeFileSync(
    conf,
    [
      'persistence false',
      'allow_anonymous false',
      `password_file ${passwords}`,
      `listener ${tcpPort} 127.0.0.1`,
      'protocol mqtt',
      `listener ${port} 127.0.0.1`,
      'protocol websockets',
      '',
    ].join('\n'),
  );
  // Started as root, mosquitto drops to its own user, which must still read the files (a throwaway password's hash).
  chmodSync(dir, 0o755);
  chmodSync(passwords, 0o644);
  broker = spawn(installed('mosquitto', ['/usr/sbin', '/usr/local/sbin']), ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  broker.stdout!.on('data', (d) => (log += d));
  broker.stderr!.on('data', (d) => (log += d));
  url = `ws://127.0.0.1:${port}/mqtt`;
  const t0 = Date.now();
  for (;;) {
    try {
      const probe = await mqtt.connectAsync(url, { ...AUTH, reconnectPeriod: 0, connectTimeout: 1000 });
      await probe.endAsync();
      return;
    } catch (err) {
      if (broker.exitCode !== null || Date.now() - t0 > 10_000)
        throw new Error(`mosquitto did not accept WebSocket connections on ${url}: ${(err as Error).message}\n${log}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

afterAll(async () => {
  if (broker && broker.exitCode === null) {
    const exited = new Promise((r) => broker!.once('exit', r));
    broker.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('Mosquitto interoperability', () => {
  it("carries the simulator's observations to an mqtt.js subscriber (both with credentials), valid, with the scripted gas alarm", async () => {
    const catalogue = readDatastreamCatalogue(demoSensorThings(3));
    const monitor = new SensorMonitor(catalogue);
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0 })).rejects.toThrow(/Not authorized|Bad username/i);
    const client = await mqtt.connectAsync(url, { ...AUTH, reconnectPeriod: 0 });
    client.on('message', (topic, payload) => monitor.push(topic, payload, Date.now()));
    await client.subscribeAsync('v1.1/+/Observations', { qos: 1 });
    const sim = await startSimulator({
      url,
      catalogue,
      rate: 20,
      seed: 4,
      ...AUTH,
      timeline: { incidents: [{ kind: 'ramp', name: 'gas leak', target: { type: 'gas' }, atS: 0.5, rampS: 1, to: 40, holdS: 600 }] },
    });
    try {
      const gas = sim.simulation.incidents[0].datastreams[0];
      const t0 = Date.now();
      while (monitor.states.state[gas] !== STATE_ALARM) {
        if (Date.now() - t0 > 15_000)
          throw new Error(`no gas alarm through mosquitto; counters ${JSON.stringify(monitor.ingest.counters())}`);
        await new Promise((r) => setTimeout(r, 50));
        monitor.frame(Date.now());
      }
      const counters = monitor.ingest.counters();
      expect(counters.accepted).toBeGreaterThan(5);
      expect(monitor.ingest.rejectedCount).toBe(0);
      expect(sim.stats().published).toBeGreaterThanOrEqual(counters.accepted);
    } finally {
      await sim.stop();
      await client.endAsync();
    }
  });
});
