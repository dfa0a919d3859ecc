// What the ops browser tests read from a page: cimDiagnostics' tour/ops records, the camera (cimDebug), waits on
// them (never on fixed sleeps), the camera reaching keyframes, and waits that outlast the page restarting itself.
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import type { CimDebug, CimDiagnostics } from '../../src/app/pageApi';
import type { Tour } from '../../src/core/tour/types';
import type { CameraView } from '../../src/state/urlState';
import './pageGlobals';

export type { CameraView, CimDiagnostics };

export const diag = (page: Page) => page.evaluate(() => window.cimDiagnostics!);
export const camera = (page: Page) => page.evaluate(() => window.cimDebug!.camera());

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
  shown: ReturnType<CimDebug['shownLayers']>;
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
      window.__reached = kfs.map(() => null);
      window.__kfs = kfs;
    },
    tour.keyframes.map((k) => k.camera),
  );
  await page.waitForFunction(
    () => {
      const debug = window.cimDebug!;
      const reached = window.__reached!;
      const c = debug.camera();
      const d = window.cimDiagnostics!;
      const k = d.tour.keyframe;
      const kf = window.__kfs![k];
      const m = 111_320;
      const dist = Math.hypot(
        (c.lonDeg - kf.lonDeg) * m * Math.cos((kf.latDeg * Math.PI) / 180),
        (c.latDeg - kf.latDeg) * m,
        c.heightM - kf.heightM,
      );
      const dHeading = Math.abs(((c.headingDeg - kf.headingDeg + 540) % 360) - 180);
      if (!reached[k] && dist < 0.5 && dHeading < 0.2 && Math.abs(c.pitchDeg - kf.pitchDeg) < 0.2) {
        reached[k] = {
          keyframe: k,
          visible: Object.fromEntries(Object.entries(d.layers).map(([key, l]) => [key, l.visible])),
          shown: debug.shownLayers(),
          underground: debug.underground(),
          caption: document.querySelector('[data-testid=ops-caption]')?.textContent ?? null,
        };
      }
      return reached.every(Boolean);
    },
    null,
    { timeout, polling: 100 },
  );
  return page.evaluate(() => window.__reached as KeyframeState[]);
}

/** Waits until the camera sits at keyframe k (0.5 m) while the tour is holding there. */
export async function reachKeyframe(page: Page, tour: Tour, k: number, timeout = 600_000): Promise<void> {
  const kf = tour.keyframes[k].camera;
  await page.waitForFunction(
    ([kf, k]) => {
      if (window.cimDiagnostics!.tour.keyframe !== k) return false;
      const c = window.cimDebug!.camera();
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
            tour: window.cimDiagnostics?.tour,
          }),
        )
        .catch((e: Error) => e.message);
      throw new Error(`pollAcrossReloads: nothing after ${timeoutMs} ms; the page: ${where}`);
    }
    await page.waitForTimeout(100);
  }
}
