// Headless Chromium over a bare DevTools Protocol connection for the sensors bench: launch, a page session, Chrome's
// task metrics, a short trace of busy time per thread, and a CPU profile of the ingesting thread.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser';
import { OUT, round1, sleep, type Mode } from './bench-sensors-common';

// Chromium is driven over a bare CDP connection, not Playwright: Playwright enables the Network domain, which
// reports every WebSocket frame (thousands a second here) to the driver, slowing the page and stalling every probe.
const CHROMIUM_FLAGS = [
  '--headless',
  ...CHROMIUM_ARGS, // as tests/e2e/browser.ts launches it
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--window-size=1280,720',
];

type CdpEvent = { method: string; params: Record<string, unknown>; sessionId?: string };

export interface Cdp {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>;
  on(listener: (e: CdpEvent) => void): () => void;
  close(): Promise<void>;
}

export async function launchCdp(): Promise<Cdp> {
  const profile = mkdtempSync(join(tmpdir(), 'cim-bench-sensors-'));
  const proc = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wsUrl = await new Promise<string>((ok, fail) => {
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (m) ok(m[1]);
    });
    proc.once('exit', (code) => fail(new Error(`${CHROMIUM} exited (${code}) before listening`)));
  });
  const ws = new WebSocket(wsUrl, { maxPayload: 2 ** 30 });
  await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
  let id = 0;
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void; method: string }>();
  const listeners = new Set<(e: CdpEvent) => void>();
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string } } & CdpEvent;
    if (msg.id === undefined) return listeners.forEach((l) => l(msg));
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.fail(new Error(`${p.method}: ${msg.error.message}`));
    else p?.ok(msg.result);
  });
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
      new Promise<T>((ok, fail) => {
        pending.set(++id, { ok: ok as (v: unknown) => void, fail, method });
        ws.send(JSON.stringify({ id, method, params, sessionId }));
      }),
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      const exited = new Promise((ok) => proc.once('exit', ok));
      ws.close();
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page target with a flat session; `evaluate` returns the expression's JSON value. */
export async function openPage(
  cdp: Cdp,
  url: string,
): Promise<{ session: string; targetId: string; evaluate<T>(expression: string): Promise<T>; errors: string[] }> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId: session } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const errors: string[] = [];
  cdp.on((e) => {
    if (e.sessionId !== session) return;
    if (e.method === 'Runtime.exceptionThrown')
      errors.push(String((e.params.exceptionDetails as { exception?: { description?: string } }).exception?.description ?? 'exception'));
    if (e.method === 'Runtime.consoleAPICalled' && e.params.type === 'error')
      errors.push((e.params.args as { value?: unknown; description?: string }[]).map((a) => String(a.value ?? a.description)).join(' '));
  });
  await cdp.send('Runtime.enable', {}, session);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 720, deviceScaleFactor: 1, mobile: false }, session);
  await cdp.send('Page.navigate', { url }, session);
  const evaluate = async <T>(expression: string) => {
    const r = await cdp.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true },
      session,
    );
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  return { session, targetId, evaluate, errors };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

export async function metrics(cdp: Cdp, session: string): Promise<Record<string, number>> {
  const { metrics: m } = await cdp.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics', {}, session);
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

/** Busy time per thread name (RunTask events) over `seconds` of Chrome trace, ms per second. */
export async function threadBusy(cdp: Cdp, session: string, seconds: number): Promise<Record<string, number>> {
  const names = new Map<string, string>();
  const busyUs = new Map<string, number>();
  let complete: () => void = () => {};
  const completed = new Promise<void>((ok) => (complete = ok));
  const off = cdp.on((e) => {
    if (e.sessionId !== session) return;
    if (e.method === 'Tracing.tracingComplete') complete();
    if (e.method !== 'Tracing.dataCollected') return;
    for (const ev of e.params.value as { name: string; pid: number; tid: number; dur?: number; args?: { name?: string } }[]) {
      const key = `${ev.pid}:${ev.tid}`;
      if (ev.name === 'thread_name') names.set(key, ev.args?.name ?? key);
      else if (ev.name === 'RunTask' && ev.dur) busyUs.set(key, (busyUs.get(key) ?? 0) + ev.dur);
    }
  });
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' }, session);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  await cdp.send('Tracing.end', {}, session);
  const s = (performance.now() - t0) / 1000;
  await completed;
  off();
  const out: Record<string, number> = {};
  for (const [key, us] of busyUs) {
    const name = names.get(key) ?? 'unnamed';
    out[name] = round1((out[name] ?? 0) + us / 1000 / s);
  }
  return out;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** CPU profile of the thread that ingests (the sensors worker, or the page itself in naive mode); top functions by self time. */
export async function profileIngest(cdp: Cdp, pageSession: string, mode: Mode, seconds: number): Promise<{ file: string; top: string[] }> {
  let session = pageSession;
  if (mode === 'worker') {
    const attached = new Promise<string>((ok) => {
      const off = cdp.on((e) => {
        const info = e.params.targetInfo as { type?: string; title?: string; url?: string } | undefined;
        if (e.method !== 'Target.attachedToTarget' || info?.type !== 'worker' || !/sensors/.test(`${info.title} ${info.url}`)) return;
        off();
        ok(e.params.sessionId as string);
      });
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, pageSession);
    session = await waitFor(() => Promise.race([attached, sleep(1000).then(() => null)]), 30_000, 'the sensors worker target');
  }
  await cdp.send('Profiler.enable', {}, session);
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 }, session);
  await cdp.send('Profiler.start', {}, session);
  await sleep(seconds * 1000);
  const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop', {}, session);
  const file = join(OUT, `sensors-${mode}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  // Self time per function: samples landing in it, over the profile's span.
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (hits.get(n.id) ?? 0));
  }
  const total = profile.samples.length || 1;
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return { file, top };
}
