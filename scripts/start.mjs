// `npm start`: set up what is missing, start the live sensor feed (embedded MQTT broker + simulator on
// ws://127.0.0.1:9001/mqtt, its SensorThings API on http://127.0.0.1:9002/v1.1), then serve the viewer on http://127.0.0.1:5173/, which connects to the feed.
// `npm start -- --no-sensors` serves the viewer alone.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ensureDemo, ensureDependencies } from './setup.mjs';

ensureDependencies();
ensureDemo();

const args = process.argv.slice(2);
const withSensors = !args.includes('--no-sensors');
const viteArgs = args.filter((a) => a !== '--no-sensors');

/** Starts the feed; resolves with its WebSocket URL, or null when it could not start (the viewer runs without it). */
function startFeed() {
  const port = process.env.CIM_MQTT_PORT ?? '9001';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sensors/run.ts', '--port', port], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        const { url, sta } = JSON.parse(line);
        resolve({ child, url, sta });
      } catch {
        resolve({ child, url: null });
      }
    });
    child.once('exit', (code) => {
      console.error(`[start] the sensor feed exited (${code}); the viewer runs without live sensors`);
      resolve({ child: null, url: null });
    });
  });
}

const feed = withSensors ? await startFeed() : { child: null, url: null };
// Only the URL reaches the bundle; broker credentials are asked for at run time, never compiled in.
const env = { ...process.env, ...(feed.url ? { VITE_CIM_LIVE: feed.url } : {}), ...(feed.sta ? { VITE_CIM_STA: feed.sta } : {}) };
const vite = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', process.env.PORT ?? '5173', ...viteArgs],
  { stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => vite.kill(signal));
vite.on('exit', (code) => {
  feed.child?.kill('SIGTERM');
  process.exit(code ?? 0);
});
