// What the ops browser tests read from a page: cimDiagnostics' tour/ops records, the camera (cimDebug), waits on
// them (never on fixed sleeps), the camera reaching keyframes, and waits that outlast the page restarting itself.
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import type { Tour } from '../../src/core/tour/types';
import type { CameraView } from '../../src/state/urlState';

export interface OpsDiagnostics {
  sceneReady: boolean;
  frames: number;
  load: { phase: string; step: string };
  layers: Record<string, { features: number; visible: boolean }>;
  sensors: { status: string; alarms: number; alarmThings: string[] };
  tour: { id: string | null; phase: string; keyframe: number; keyframes: number; elapsedMs: number; error?: string; pausedFor?: string };
  ops: { contextLosses: number; recoveries: number; alarmFlights: number; alarmFlight: { thingId: string; phase: string } | null };
}

export type { CameraView };

export const diag = (page: Page) => page.evaluate(() => (window as unknown as { cimDiagnostics: OpsDiagnostics }).cimDiagnostics);
export const camera = (page: Page) => page.evaluate(() => (window as unknown as { cimDebug: { camera(): CameraView } }).cimDebug.camera());

/** Waits until `predicate` (an expression over d = cimDiagnostics) holds. */
export const waitDiag = (page: Page, predicate: string, timeout = 240_000) =>
  page.waitForFunction(`(() => { const d = window.cimDiagnostics; return !!d && (${predicate}); })()`, null, { timeout, polling: 100 });

/** Metres between two lon/lat/height points (local flat approximation, fine over a few km). */
export function distanceM(
  a: { lonDeg: number; latDeg: number; heightM: number },
  b: { lonDeg: number; latDeg: number; heightM: number },
): number {
  const m = 111_320;
  return Math.hypot((a.lonDeg - b.lonDeg) * m * Math.cos((b.latDeg * Math.PI) / 180), (a.latDeg - b.latDeg) * m, a.heightM - b.heightM);
}

/** What the page shows at a keyframe: the store's layer flags, what Cesium draws, the underground view, the caption. */
export interface KeyframeState {
  keyframe: number;
  visible: Record<string, boolean>;
  shown: Record<string, boolean>;
  underground: { translucent: boolean; collisionDetection: boolean };
  caption: string | null;
}

/**
 * Resolves once the camera has been seen within 0.5 m and 0.2° of every keyframe, each while the tour was at it;
 * returns the page's state at the first such sighting of each keyframe.
 */
export async function reachEveryKeyframe(page: Page, tour: Tour, timeout = 300_000): Promise<KeyframeState[]> {
  await page.evaluate(
    (kfs) => {
      const w = window as unknown as { __reached: unknown[]; __kfs: unknown };
      w.__reached = kfs.map(() => null);
      w.__kfs = kfs;
    },
    tour.keyframes.map((k) => k.camera),
  );
  await page.waitForFunction(
    () => {
      const w = window as unknown as {
        __reached: (KeyframeState | null)[];
        __kfs: CameraView[];
        cimDebug: { camera(): CameraView; shownLayers(): Record<string, boolean>; underground(): KeyframeState['underground'] };
        cimDiagnostics: OpsDiagnostics;
      };
      const c = w.cimDebug.camera();
      const d = w.cimDiagnostics;
      const k = d.tour.keyframe;
      const kf = w.__kfs[k];
      const m = 111_320;
      const dist = Math.hypot(
        (c.lonDeg - kf.lonDeg) * m * Math.cos((kf.latDeg * Math.PI) / 180),
        (c.latDeg - kf.latDeg) * m,
        c.heightM - kf.heightM,
      );
      const dHeading = Math.abs(((c.headingDeg - kf.headingDeg + 540) % 360) - 180);
      if (!w.__reached[k] && dist < 0.5 && dHeading < 0.2 && Math.abs(c.pitchDeg - kf.pitchDeg) < 0.2) {
        w.__reached[k] = {
          keyframe: k,
          visible: Object.fromEntries(Object.entries(d.layers).map(([key, l]) => [key, l.visible])),
          shown: w.cimDebug.shownLayers(),
          underground: w.cimDebug.underground(),
          caption: document.querySelector('[data-testid=ops-caption]')?.textContent ?? null,
        };
      }
      return w.__reached.every(Boolean);
    },
    null,
    { timeout, polling: 100 },
  );
  return page.evaluate(() => (window as unknown as { __reached: KeyframeState[] }).__reached);
}

/** Waits until the camera sits at keyframe k (0.5 m) while the tour is holding there. */
export async function reachKeyframe(page: Page, tour: Tour, k: number, timeout = 600_000): Promise<void> {
  const kf = tour.keyframes[k].camera;
  await page.waitForFunction(
    ([kf, k]) => {
      const w = window as unknown as { cimDebug: { camera(): CameraView }; cimDiagnostics: { tour: { keyframe: number } } };
      if (w.cimDiagnostics.tour.keyframe !== k) return false;
      const c = w.cimDebug.camera();
      const m = 111_320;
      return (
        Math.hypot((c.lonDeg - kf.lonDeg) * m * Math.cos((kf.latDeg * Math.PI) / 180), (c.latDeg - kf.latDeg) * m, c.heightM - kf.heightM) <
        0.5
      );
    },
    [kf, k] as const,
    { timeout, polling: 100 },
  );
}

/** A TCP port free on 127.0.0.1 now (for a broker started later, once the page already points at it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

const NAVIGATED = /Execution context was destroyed|navigation|frame was detached|Cannot find context/i;

/**
 * Evaluates `fn(arg)` in the page every 100 ms until it returns something other than null, also while the page
 * restarts itself (page.waitForFunction does not come back from a navigation): an evaluation the navigation cuts
 * off is tried again in the new document.
 */
export async function pollAcrossReloads<A, T>(page: Page, fn: (arg: A) => T | null, arg: A, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // (Playwright's evaluate typing cannot follow a generic page function.)
      const v = (await page.evaluate(fn as (arg: unknown) => unknown, arg as unknown)) as T | null;
      if (v !== null) return v;
    } catch (err) {
      if (!NAVIGATED.test((err as Error).message)) throw err;
    }
    if (Date.now() > deadline) {
      const where = await page
        .evaluate(() =>
          JSON.stringify({
            url: location.href,
            loads: sessionStorage.getItem('e2e.loads'),
            tour: (window as unknown as { cimDiagnostics?: OpsDiagnostics }).cimDiagnostics?.tour,
          }),
        )
        .catch((e: Error) => e.message);
      throw new Error(`pollAcrossReloads: nothing after ${timeoutMs} ms; the page: ${where}`);
    }
    await page.waitForTimeout(100);
  }
}
