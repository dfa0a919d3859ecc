// The sensors bench's child processes (the broker, the publisher), and how the bench starts and stops them.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readDatastreamCatalogue } from '../src/core/sensors/catalogue';
import { background } from '../src/core/util/background';
import { EXPECTED_INTERVAL_S, sleep } from './bench-sensors-common';
import { startBroker } from './sensors/broker';
import { startSimulator } from './sensors/simulator';

/** The child process: the project's simulator on `file`, every datastream once per second, QoS 1; a JSON line per 500 ms. */
export async function publisherMain(url: string, file: string): Promise<void> {
  const catalogue = readDatastreamCatalogue(JSON.parse(readFileSync(file, 'utf8')));
  const sim = await startSimulator({ url, catalogue, timeline: { incidents: [] }, rate: EXPECTED_INTERVAL_S });
  const report = () => process.stdout.write(`${JSON.stringify(sim.stats())}\n`);
  report();
  setInterval(report, 500);
  const stop = () =>
    background(
      sim.stop().finally(() => process.exit(0)),
      'stopping the publisher',
    );
  stopWithParent(stop);
}

/** A child stops on SIGTERM, and when the bench that started it is gone (its pipe closes or it is re-parented). */
function stopWithParent(close: () => void): void {
  const parent = process.ppid;
  const stop = () => {
    setTimeout(() => process.exit(0), 2000).unref(); // a client waiting on a broker that is gone
    close();
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdout.on('error', stop);
  process.stdin.resume();
  setInterval(() => process.ppid !== parent && stop(), 1000).unref();
}

/** The child process: the embedded broker on a free port; its URL, then the messages it routed, a JSON line per 500 ms. */
export async function brokerMain(): Promise<void> {
  const broker = await startBroker({ port: 0 });
  let routed = 0;
  broker.aedes.on('publish', (_packet, client) => void (client && routed++)); // client null: the broker's own $SYS
  const report = () => process.stdout.write(`${JSON.stringify({ url: broker.url, routed })}\n`);
  report();
  setInterval(report, 500);
  const stop = () =>
    background(
      broker.stop().finally(() => process.exit(0)),
      'stopping the broker',
    );
  stopWithParent(stop);
}

/** A child process of this script; `last` is its latest JSON line. */
export interface Child<T> {
  last(): T;
  stop(): Promise<void>;
}

export async function startChild<T>(args: string[], ready: (line: T) => boolean): Promise<Child<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-sensors.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let last: T | null = null;
  await new Promise<void>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      last = JSON.parse(line) as T;
      if (ready(last)) ok();
    });
    child.once('exit', (code) => fail(new Error(`bench-sensors ${args.join(' ')} exited (${code}) before it was ready`)));
  });
  return {
    last: () => last!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
