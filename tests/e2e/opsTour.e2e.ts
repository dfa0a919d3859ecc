// Browser tests of a tour in ops mode on a tiny city: the camera reaches every keyframe (read back from Cesium, waited
// on, never timed), captions and layers follow, pause and resume from the keyboard, and a lost WebGL context the page
// recovers from with the tour resuming where it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openLoggedPage } from './browser';
import { camera, diag, reachEveryKeyframe, waitDiag } from './opsPage';
import { appInBrowser, writeTourCity } from './opsSetup';
import './pageGlobals';

const env = appInBrowser();

describe('a tour in ops mode (tiny city)', () => {
  let page: Page;
  const { manifestUrl, tour } = writeTourCity('e2e-ops-tour');

  before(async () => {
    ({ page } = await openLoggedPage(env.browser, { width: 960, height: 540 }));
    await page.goto(`${env.server.url}/?render=lite&debug=1&live=0&mode=ops&tour=short&data=${manifestUrl}`);
    // A moving camera keeps the globe loading tiles, so sceneReady is rare during a tour: wait for the load only.
    await waitDiag(page, `d.load.phase === 'ready' && d.tour.phase === 'playing'`);
  });

  after(async () => {
    // A page left open keeps drawing (and touring) through the suites after it.
    await page?.context().close();
  });

  it('plays the tour: the camera reaches every keyframe, captions and layers follow the keyframes', async () => {
    await page.locator('[data-testid=ops-screen]').waitFor();
    await reachEveryKeyframe(page, tour);
    const d = await diag(page);
    assert.equal(d.tour.id, 'short');
    assert.equal(d.tour.keyframes, 3);
    // The first keyframe's caption is on screen while it is the current stop.
    await waitDiag(page, 'd.tour.keyframe === 0');
    assert.equal(await page.locator('[data-testid=ops-caption]').textContent(), '第一站');
  });

  it('pauses and resumes from the keyboard: the camera holds still while paused', async () => {
    await waitDiag(page, `d.tour.phase === 'playing' && d.tour.keyframe === 1`);
    await page.keyboard.press(' ');
    await waitDiag(page, `d.tour.phase === 'paused'`);
    const frames = (await diag(page)).frames;
    const a = await camera(page);
    await waitDiag(page, `d.frames > ${frames + 3}`);
    const b = await camera(page);
    for (const k of ['lonDeg', 'latDeg', 'heightM', 'headingDeg', 'pitchDeg'] as const)
      assert.ok(Math.abs(b[k] - a[k]) < 1e-9, `${k} moved while paused: ${a[k]} -> ${b[k]}`);
    const at = (await diag(page)).tour.elapsedMs;
    await page.keyboard.press(' ');
    await waitDiag(page, `d.tour.phase === 'playing' && d.tour.elapsedMs > ${at + 1000}`);
  });

  it('recovers from a lost WebGL context: the scene is rebuilt and the tour resumes where it was', async () => {
    const lost = await page.evaluate(() => {
      const canvas = document.querySelector('.cesium-widget canvas') as HTMLCanvasElement;
      const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext;
      const ext = gl.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      window.__loseExt = ext;
      ext.loseContext();
      return true;
    });
    assert.ok(lost, 'WEBGL_lose_context is not available');
    await waitDiag(page, 'd.ops.contextLosses === 1');
    const atLoss = (await diag(page)).tour.elapsedMs;
    // The play position at the first moment the rebuilt page plays again, and the wall time the loss took until then.
    await page.evaluate(() => {
      const t0 = performance.now();
      window.__resumed = null;
      const timer = setInterval(() => {
        const d = window.cimDiagnostics!;
        if (d.ops.recoveries !== 1 || d.tour.phase !== 'playing') return;
        window.__resumed = { elapsedMs: d.tour.elapsedMs, afterMs: performance.now() - t0 };
        clearInterval(timer);
      }, 5);
    });
    await page.evaluate(() => window.__loseExt!.restoreContext());
    await waitDiag(page, `d.ops.recoveries === 1 && d.load.phase === 'ready'`);
    await page.waitForFunction(() => window.__resumed !== null);
    const resumed = (await page.evaluate(() => window.__resumed))!;
    // Resumed where it was (its clock ran on while the scene was gone), not from the top: the tour is one 18 s pass
    // and the earlier tests played it through, so a restart would show up as far less than atLoss.
    assert.ok(atLoss > 3000, `the tour was only ${atLoss} ms in when the context was lost`);
    assert.ok(resumed.elapsedMs >= atLoss - 50, `resumed at ${resumed.elapsedMs} ms, lost at ${atLoss} ms`);
    assert.ok(
      resumed.elapsedMs <= atLoss + resumed.afterMs + 2000,
      `resumed at ${resumed.elapsedMs} ms, lost at ${atLoss} ms and ${Math.round(resumed.afterMs)} ms ago`,
    );
    await waitDiag(page, `d.tour.phase === 'playing' && d.tour.elapsedMs > ${resumed.elapsedMs}`);
    // The new viewer draws frames and the tour goes on reaching its keyframes.
    await waitDiag(page, 'd.frames > 5');
    await reachEveryKeyframe(page, tour);
    assert.equal((await diag(page)).ops.contextLosses, 1);
  });
});
