// `npm start`: set up what is missing, start the city server (`cim serve` on the embedded database data/city.pglite,
// or DATABASE_URL; http://127.0.0.1:8787, CIM_SERVER_PORT), the live sensor feed (embedded MQTT broker + simulator on
// ws://127.0.0.1:9001/mqtt, its SensorThings API on http://127.0.0.1:9002/v1.1), then serve the viewer on
// http://127.0.0.1:5173/, which proxies /api and /ogc to the server and connects to the feed.
// On the first start the demo city is loaded into the database and a demo admin is created; its password is printed
// once. `npm start -- --no-server` leaves the server out (the viewer runs as the static deployment, read-only);
// `--no-sensors` leaves the feed out.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { ensureDemo, ensureDependencies, ensureServerDb } from './setup.mjs';

ensureDependencies();
ensureDemo();

const OWN_FLAGS = ['--no-sensors', '--no-server'];
const args = process.argv.slice(2);
const withSensors = !args.includes('--no-sensors');
const withServer = !args.includes('--no-server');
const viteArgs = args.filter((a) => !OWN_FLAGS.includes(a));

/** Starts a child that prints one JSON line when ready; resolves with the child and that line (parsed), or nulls. */
function startChild(what, args, { timeoutMs = 0 } = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let timer = null;
    const done = (result) => {
      clearTimeout(timer);
      resolve(result);
    };
    if (timeoutMs)
      timer = setTimeout(() => {
        console.error(`[start] ${what} did not start within ${timeoutMs / 1000} s`);
        child.kill('SIGTERM');
      }, timeoutMs);
    createInterface({ input: child.stdout }).once('line', (line) => {
      try {
        done({ child, ready: JSON.parse(line) });
      } catch {
        done({ child, ready: null });
      }
    });
    child.once('exit', (code) => done({ child: null, ready: null, code }));
  });
}

/** Starts the feed; its WebSocket and SensorThings URLs, or nulls when it could not start (the viewer runs without it). */
async function startFeed() {
  const port = process.env.CIM_MQTT_PORT ?? '9001';
  const { child, ready, code } = await startChild('the sensor feed', ['--import', 'tsx', 'scripts/sensors/run.ts', '--port', port]);
  if (!child) console.error(`[start] the sensor feed exited (${code}); the viewer runs without live sensors`);
  return { child, url: ready?.url ?? null, sta: ready?.sta ?? null };
}

/** Prepares the database and starts `cim serve`; its URL, or null when it could not start (the viewer runs static). */
async function startCityServer() {
  const db = process.env.CIM_DB ?? 'data/city.pglite';
  const port = process.env.CIM_SERVER_PORT ?? '8787';
  const fail = (why) => {
    console.error(`[start] the city server did not start (${why}): the viewer runs as the static deployment (read-only, no log-in)`);
    return { child: null, url: null };
  };
  try {
    const { adminPassword } = ensureServerDb(db);
    if (adminPassword)
      console.error(
        `\n[start] demo administrator created. Sign in as  admin  with password  ${adminPassword}\n` +
          '[start] (shown this once: only its hash is stored; `cim user add admin --role admin --replace` sets a new one)\n',
      );
  } catch (err) {
    return fail(err.message);
  }
  const where = process.env.DATABASE_URL ? [] : ['--db', db];
  const { child, ready, code } = await startChild(
    'the city server',
    ['--import', 'tsx', 'scripts/cim.ts', 'serve', ...where, '--port', port],
    {
      timeoutMs: 120_000,
    },
  );
  if (!child || !ready?.url) {
    child?.kill('SIGTERM');
    return fail(code !== undefined ? `exit ${code}` : 'no URL printed');
  }
  console.error(`[start] city server on ${ready.url} (${ready.db}: ${ready.where})`);
  child.once('exit', (c) => stopping || console.error(`[start] the city server exited (${c}); reload the page for the static mode`));
  return { child, url: ready.url };
}

let stopping = false;
const server = withServer ? await startCityServer() : { child: null, url: null };
const feed = withSensors ? await startFeed() : { child: null, url: null, sta: null };
// Only URLs reach the bundle or the dev server; broker credentials are asked for at run time, never compiled in.
const env = {
  ...process.env,
  ...(server.url ? { CIM_SERVER_URL: server.url } : {}),
  ...(feed.url ? { VITE_CIM_LIVE: feed.url } : {}),
  ...(feed.sta ? { VITE_CIM_STA: feed.sta } : {}),
};
const vite = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', process.env.PORT ?? '5173', ...viteArgs],
  { stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => vite.kill(signal));
vite.on('exit', async (code) => {
  stopping = true;
  feed.child?.kill('SIGTERM');
  // The server closes its database on SIGTERM: wait for it, so the folder is not left mid-write.
  if (server.child && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise((ok) => server.child.once('exit', ok));
    server.child.kill('SIGTERM');
    await exited;
  }
  process.exit(code ?? 0);
});
