// Browser tests of a wall that restarts itself (restartHours) on a tiny city: it comes back with its tour where it
// was, playing or paused, and a resumed tour leaves no old position in the URL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { CimDiagnostics } from '../../src/app/pageApi';
import { buildTimeline } from '../../src/core/tour/timeline';
import { openLoggedPage } from './browser';
import { diag, distanceM, pollAcrossReloads, waitDiag, type CameraView } from './opsPage';
import { appInBrowser, writeTourCity } from './opsSetup';
import './pageGlobals';

const env = appInBrowser();

/** What the page recorded in sessionStorage (it outlives a self-restart in the same tab) on its n-th load. */
interface LoadRecord {
  /** The URL the document was loaded with (what the restart handed over). */
  startUrl: string;
  /** The URL when the tour first played or paused (ops mode has read the handover by then). */
  url: string;
  tour: CimDiagnostics['tour'];
  camera: CameraView;
  visible: Record<string, boolean>;
}

/**
 * Before any app script of each document: counts the loads of this tab, records the tour as the load first reports
 * it (`e2e.arrived.<n>`) and as the page leaves (`e2e.left.<n>`: what a restart must bring back).
 */
async function recordLoads(page: Page): Promise<void> {
  // A string, not a function: tsx would wrap a named inner function in a helper (__name) the page does not have.
  await page.addInitScript(`(() => {
    const n = Number(sessionStorage.getItem('e2e.loads') ?? '0') + 1;
    sessionStorage.setItem('e2e.loads', String(n));
    const startUrl = location.href;
    const record = () => {
      const d = window.cimDiagnostics;
      return JSON.stringify({
        startUrl, url: location.href, tour: d.tour, camera: window.cimDebug?.camera(),
        visible: Object.fromEntries(Object.entries(d.layers).map(([k, l]) => [k, l.visible])),
      });
    };
    const timer = setInterval(() => {
      const d = window.cimDiagnostics;
      if (!d?.tour.id || (d.tour.phase !== 'playing' && d.tour.phase !== 'paused')) return;
      clearInterval(timer);
      sessionStorage.setItem('e2e.arrived.' + n, record());
    }, 10);
    addEventListener('pagehide', () => window.cimDiagnostics?.tour.id && sessionStorage.setItem('e2e.left.' + n, record()));
  })();`);
}

/** The records of load n once both exist (waited on across the page's restarts). */
async function loadRecords(page: Page, n: number): Promise<{ arrived: LoadRecord; left: LoadRecord | null }> {
  return pollAcrossReloads(
    page,
    (n: number) => {
      const arrived = sessionStorage.getItem(`e2e.arrived.${n}`);
      return arrived === null
        ? null
        : { arrived: JSON.parse(arrived), left: JSON.parse(sessionStorage.getItem(`e2e.left.${n - 1}`) ?? 'null') };
    },
    n,
  );
}

describe('a wall that restarts itself every restartHours keeps its tour (tiny city)', () => {
  const { manifestUrl, tour } = writeTourCity('e2e-ops-restart');
  const timeline = buildTimeline(tour);
  // 0.001 h = 3.6 s: each document reloads itself 3.6 s after it first starts ops mode.
  const base = `?render=lite&debug=1&live=0&mode=ops&tour=short&restartHours=0.001&data=${manifestUrl}`;

  it('reloads while playing and plays on from where it was', async () => {
    const { page } = await openLoggedPage(env.browser, { width: 640, height: 360 });
    let documents = 0;
    page.on('load', () => documents++);
    await recordLoads(page);
    await page.goto(`${env.server.url}/${base}`);
    const first = await loadRecords(page, 1);
    assert.equal(first.arrived.tour.phase, 'playing');
    const { arrived, left } = await loadRecords(page, 2);
    await page.close();
    // A new document in the same tab (sessionStorage kept), loaded by the page itself.
    assert.ok(documents >= 2, `${documents} document(s) loaded`);
    assert.ok(left, 'the first load left no record');
    assert.equal(left.tour.id, 'short');
    assert.equal(left.tour.phase, 'playing');
    // The restart hands over the exact play position (the store's own copy lags up to a second) ...
    assert.equal(new URL(arrived.startUrl).searchParams.get('tourAt'), String(left.tour.elapsedMs));
    assert.equal(new URL(arrived.startUrl).searchParams.get('tourPaused'), null);
    // ... which the new page reads once: it is gone from the URL once the tour plays.
    assert.equal(new URL(arrived.url).searchParams.get('tourAt'), null);
    assert.ok(left.tour.elapsedMs > 1000, `restarted only ${left.tour.elapsedMs} ms into the tour`);
    // ... and the new page plays the same tour from there, not from the top.
    assert.equal(arrived.tour.id, 'short');
    assert.equal(arrived.tour.phase, 'playing');
    assert.ok(
      arrived.tour.elapsedMs >= left.tour.elapsedMs,
      `came back at ${arrived.tour.elapsedMs} ms, left at ${left.tour.elapsedMs} ms`,
    );
    assert.equal(arrived.tour.keyframe, timeline.sample(arrived.tour.elapsedMs).keyframe);
  });

  it('reloads while the operator has it paused and comes back paused at the same view', async () => {
    const { page } = await openLoggedPage(env.browser, { width: 640, height: 360 });
    await recordLoads(page);
    // Paused while holding at the second stop (as the operator's space key or an earlier restart left it).
    const atMs = timeline.arriveMs[1] + 1000;
    await page.goto(`${env.server.url}/${base}&tourAt=${atMs}&tourPaused=1`);
    const { arrived, left } = await loadRecords(page, 2);
    assert.ok(left, 'the first load left no record');
    assert.deepEqual([left.tour.phase, left.tour.pausedFor, left.tour.keyframe, left.tour.elapsedMs], ['paused', 'user', 1, atMs]);
    assert.equal(new URL(arrived.startUrl).searchParams.get('tourPaused'), '1');
    assert.deepEqual([new URL(arrived.url).searchParams.get('tourAt'), new URL(arrived.url).searchParams.get('tourPaused')], [null, null]);
    assert.deepEqual(
      [arrived.tour.id, arrived.tour.phase, arrived.tour.pausedFor, arrived.tour.keyframe, arrived.tour.elapsedMs],
      ['short', 'paused', 'user', 1, atMs],
    );
    await page.close();
    // The reloaded page shows the same view as the one that left: the camera at the paused position, the same layers.
    const expected = timeline.sample(atMs).camera;
    for (const c of [left.camera, arrived.camera]) {
      assert.ok(distanceM(c, expected) < 0.5, `camera ${JSON.stringify(c)} is not the paused view ${JSON.stringify(expected)}`);
      assert.ok(
        Math.abs(((c.headingDeg - expected.headingDeg + 540) % 360) - 180) < 0.2 && Math.abs(c.pitchDeg - expected.pitchDeg) < 0.2,
        JSON.stringify(c),
      );
    }
    assert.deepEqual(arrived.visible, left.visible);
  });

  it('after the operator resumes, the URL holds no old position: a reload plays from the top, not paused where it was', async () => {
    const { page } = await openLoggedPage(env.browser, { width: 640, height: 360 });
    // As a restart leaves a paused wall, with the next restart an hour away (the operator's keys and reload act first).
    const atMs = timeline.arriveMs[1] + 1000;
    await page.goto(`${env.server.url}/${base.replace('restartHours=0.001', 'restartHours=1')}&tourAt=${atMs}&tourPaused=1`);
    await waitDiag(page, `d.tour.phase === 'paused' && d.tour.elapsedMs === ${atMs}`);
    const params = () =>
      page.evaluate(() => [new URLSearchParams(location.search).get('tourAt'), new URLSearchParams(location.search).get('tourPaused')]);
    assert.deepEqual(await params(), [null, null]);
    await page.keyboard.press(' ');
    await waitDiag(page, `d.tour.phase === 'playing' && d.tour.elapsedMs > ${atMs}`);
    assert.deepEqual(await params(), [null, null]);
    await page.reload();
    await waitDiag(page, `d.tour.id === 'short' && (d.tour.phase === 'playing' || d.tour.phase === 'paused')`);
    const d = await diag(page);
    await page.close();
    assert.equal(d.tour.phase, 'playing');
    assert.ok(d.tour.elapsedMs < atMs, `came back at ${d.tour.elapsedMs} ms, the old position was ${atMs} ms`);
  });
});
