// Browser tests of tours and ops mode: a short tour on a tiny city whose camera must reach every keyframe (read
// back from Cesium, waited on, never timed), pause and resume from the keyboard, a lost WebGL context the page
// recovers from with the tour resuming, tour authoring (capture, reorder, delete, save in IndexedDB, import refusing
// a bad file; a keyframe's flight time edited, saved, exported as schema-valid JSON and played with, preview from a
// keyframe); the ops layout at 1920×1080 (panels inside the screen and clear of each other, the clock on time); the
// demo city's overview tour on a 3840×2160 wall with the live feed, screenshotted at two stops, with the same layout
// checks; a wall that restarts itself (restartHours) and comes back with its tour where it was, playing or paused;
// the underground lifeline tour with each keyframe's actions as Cesium shows them; and a live gas alarm during a
// tour: played through without alarmFly, flown to and back with alarmFly=1.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startSensorFeed, type SensorFeed } from '../../scripts/sensors/feed';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { resolveTarget } from '../../src/core/sensors/incidents';
import { angleDeltaDeg, buildTimeline } from '../../src/core/tour/timeline';
import { validateTour } from '../../src/core/tour/tourSchema';
import { actionsAt, type Tour } from '../../src/core/tour/types';
import { launchBrowser, openLoggedPage, waitForCity } from './browser';
import { writeTinyCity } from './fixtures';
import {
  camera,
  diag,
  distanceM,
  freePort,
  reachEveryKeyframe,
  pollAcrossReloads,
  reachKeyframe,
  waitDiag,
  type CameraView,
  type OpsDiagnostics,
} from './opsPage';
import { serveApp, type StaticServer } from './server';

// Screenshots go to the git-ignored test-output/; the copies committed in docs/issue-8 are never rewritten by a run.
const OUT = 'test-output/e2e';
mkdirSync(OUT, { recursive: true });

/** A short tour over the tiny city: three stops with holds, the middle one across north (350° -> 10°). */
function shortTour(center: [number, number]): Tour {
  const [x, y] = center;
  const cam = (dLon: number, dLat: number, heightM: number, headingDeg: number, pitchDeg: number) => ({
    lonDeg: x + dLon,
    latDeg: y + dLat,
    heightM,
    headingDeg,
    pitchDeg,
    rollDeg: 0,
  });
  return {
    version: 1,
    id: 'short',
    title: { zh: '测试路线', en: 'Test tour' },
    loop: true,
    keyframes: [
      {
        camera: cam(0, -0.006, 900, 350, -45),
        durationS: 3,
        holdS: 3,
        easing: 'easeInOut',
        caption: { zh: '第一站', en: 'First stop' },
        layers: { gridL3: true },
      },
      {
        camera: cam(0.004, -0.002, 600, 10, -35),
        durationS: 3,
        holdS: 3,
        easing: 'easeInOut',
        caption: { zh: '第二站', en: 'Second stop' },
        highlight: { grid: 'G3-east' },
      },
      {
        camera: cam(-0.003, 0.001, 400, 200, -30),
        durationS: 3,
        holdS: 3,
        easing: 'linear',
        layers: { gridL3: false },
        buildingStyle: 'heightM',
      },
    ],
  };
}

/** The tiny city with the short tour listed in its manifest. */
function writeTourCity(): { manifestUrl: string; tour: Tour } {
  const city = writeTinyCity('e2e-ops', false);
  const manifestPath = join(city.dir, 'demo.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  const tour = shortTour(manifest.centerLonLatDeg);
  writeFileSync(join(city.dir, 'tour-short.json'), JSON.stringify(tour, null, 2));
  manifest.tours = [{ id: 'short', nameZh: '测试路线', nameEn: 'Test tour', file: 'tour-short.json' }];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { manifestUrl: city.manifestUrl, tour };
}

let server: StaticServer;
let browser: Browser;

before(async () => {
  server = await serveApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('a tour in ops mode (tiny city)', () => {
  let page: Page;
  const { manifestUrl, tour } = writeTourCity();

  before(async () => {
    ({ page } = await openLoggedPage(browser, { width: 960, height: 540 }));
    await page.goto(`${server.url}/?render=lite&debug=1&live=0&mode=ops&tour=short&data=${manifestUrl}`);
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
      (window as unknown as { __loseExt: WEBGL_lose_context }).__loseExt = ext;
      ext.loseContext();
      return true;
    });
    assert.ok(lost, 'WEBGL_lose_context is not available');
    await waitDiag(page, 'd.ops.contextLosses === 1');
    const atLoss = (await diag(page)).tour.elapsedMs;
    // The play position at the first moment the rebuilt page plays again, and the wall time the loss took until then.
    await page.evaluate(() => {
      const w = window as unknown as { __resumed: { elapsedMs: number; afterMs: number } | null; cimDiagnostics: OpsDiagnostics };
      const t0 = performance.now();
      w.__resumed = null;
      const timer = setInterval(() => {
        const d = w.cimDiagnostics;
        if (d.ops.recoveries !== 1 || d.tour.phase !== 'playing') return;
        w.__resumed = { elapsedMs: d.tour.elapsedMs, afterMs: performance.now() - t0 };
        clearInterval(timer);
      }, 5);
    });
    await page.evaluate(() => (window as unknown as { __loseExt: WEBGL_lose_context }).__loseExt.restoreContext());
    await waitDiag(page, `d.ops.recoveries === 1 && d.load.phase === 'ready'`);
    await page.waitForFunction(() => (window as unknown as { __resumed: unknown }).__resumed !== null);
    const resumed = await page.evaluate(() => (window as unknown as { __resumed: { elapsedMs: number; afterMs: number } }).__resumed);
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

describe('tour authoring (tiny city)', () => {
  let page: Page;
  const { manifestUrl, tour } = writeTourCity();

  before(async () => {
    ({ page } = await openLoggedPage(browser, { width: 1280, height: 800 }));
    await page.goto(`${server.url}/?render=lite&debug=1&live=0&lang=en&data=${manifestUrl}`);
    await waitForCity(page);
  });

  after(async () => {
    // A page left open keeps drawing (and touring) through the suites after it.
    await page?.context().close();
  });

  it('captures views as keyframes, reorders and deletes them, and saves the tour in IndexedDB', async () => {
    const editor = page.locator('[data-testid=tour-editor]');
    // Three different views (the short tour's stops), each captured where the camera was moved to.
    const captured: CameraView[] = [];
    for (const [k, kf] of tour.keyframes.entries()) {
      captured.push(
        await page.evaluate(
          (view) => (window as unknown as { cimDebug: { setCamera(v: CameraView): CameraView } }).cimDebug.setCamera(view),
          kf.camera,
        ),
      );
      assert.ok(
        distanceM(captured[k], kf.camera) < 1,
        `the camera did not move to ${JSON.stringify(kf.camera)}: ${JSON.stringify(captured[k])}`,
      );
      await editor.locator('[data-action=capture]').click();
      await editor.locator('[data-testid=tour-keyframes] li').nth(k).waitFor();
    }
    await editor.locator('[data-keyframe="1"] [data-field=captionEn]').fill('Middle');
    await editor.locator('[data-keyframe="1"] [data-action=up]').click();
    assert.equal(await editor.locator('[data-keyframe="0"] [data-field=captionEn]').inputValue(), 'Middle');
    await editor.locator('[data-keyframe="2"] [data-action=remove]').click();
    assert.equal(await editor.locator('[data-testid=tour-keyframes] li').count(), 2);
    await editor.locator('input[data-field=id], [data-field=id] input').first().fill('my-tour');
    await editor.locator('[data-action=save]').click();
    await editor.locator('[data-saved="my-tour"]').waitFor();
    // Saved: the second view (moved up), then the first; each keyframe the camera as it was when captured.
    const saved = (await savedTour(page, 'my-tour')).keyframes.map((kf) => kf.camera);
    assert.equal(saved.length, 2);
    for (const [i, k] of [1, 0].entries()) {
      const [a, b] = [saved[i], captured[k]];
      assert.ok(
        distanceM(a, b) < 0.01 && Math.abs(angleDeltaDeg(a.headingDeg, b.headingDeg)) < 1e-6 && Math.abs(a.pitchDeg - b.pitchDeg) < 1e-6,
        `saved keyframe ${i} ${JSON.stringify(a)} is not captured view ${k} ${JSON.stringify(b)}`,
      );
    }
    // Saved tours outlive the page.
    await page.reload();
    await waitForCity(page);
    await page.locator('[data-testid=tour-editor] [data-saved="my-tour"]').waitFor();
  });

  it('refuses an imported file that is not a valid tour, naming the field, and keeps working', async () => {
    const bad = {
      id: 'bad',
      title: { zh: '坏', en: 'Bad' },
      keyframes: [{ camera: { lonDeg: 113.66, latDeg: 34.76, heightM: 'high', headingDeg: 0, pitchDeg: -30 } }],
    };
    await page
      .locator('[data-testid=tour-import-input]')
      .setInputFiles({ name: 'bad.tour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const error = page.locator('[data-testid=tour-error]');
    await error.waitFor();
    assert.match((await error.textContent())!, /bad\.tour\.json: tour\.keyframes\[0\]\.camera\.heightM: must be a number/);
    await page
      .locator('[data-testid=tour-import-input]')
      .setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"id": ') });
    await page.waitForFunction(() =>
      /junk\.json: tour: is not valid JSON/.test(document.querySelector('[data-testid=tour-error]')?.textContent ?? ''),
    );
    // A good file loads and plays.
    const good = { ...bad, keyframes: [{ camera: { ...bad.keyframes[0].camera, heightM: 900 }, holdS: 5 }] };
    await page
      .locator('[data-testid=tour-import-input]')
      .setInputFiles({ name: 'good.tour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await page.locator('[data-testid=tour-keyframes] li').first().waitFor();
    await page.locator('[data-testid=tour-editor] [data-action=play]').click();
    await waitDiag(page, `d.tour.id === 'bad' && d.tour.phase === 'playing'`);
  });

  it("edits a keyframe's flight time: saved, exported as schema-valid JSON, played with; previews from a keyframe", async () => {
    const editor = page.locator('[data-testid=tour-editor]');
    const source: Tour = { ...tour, id: 'edited', loop: false };
    const durationS = source.keyframes[2].durationS + 4;
    // The edited tour as the app's validator has it (defaults filled), and as JSON carries it.
    const expected = validateTour(
      { ...source, keyframes: source.keyframes.map((kf, k) => (k === 2 ? { ...kf, durationS } : kf)) },
      'expected',
    );
    const plain = JSON.parse(JSON.stringify(expected)) as Tour;
    await page
      .locator('[data-testid=tour-import-input]')
      .setInputFiles({ name: 'edited.tour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(source)) });
    await editor.locator('[data-keyframe="2"]').waitFor();
    const duration = editor
      .locator('[data-keyframe="2"] input[data-field=durationS], [data-keyframe="2"] [data-field=durationS] input')
      .first();
    assert.equal(await duration.inputValue(), String(source.keyframes[2].durationS));
    await duration.fill(String(durationS));
    await duration.press('Tab');
    assert.equal(await duration.inputValue(), String(durationS));
    await editor.locator('[data-action=save]').click();
    await editor.locator('[data-saved="edited"]').waitFor();
    assert.deepEqual(await savedTour(page, 'edited'), plain);
    // Export: a download that parses, passes the shipped validator and is the edited tour.
    const [download] = await Promise.all([page.waitForEvent('download'), editor.locator('[data-action=export]').click()]);
    assert.equal(download.suggestedFilename(), 'edited.tour.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as unknown;
    assert.deepEqual(validateTour(exported, download.suggestedFilename()), expected);
    assert.deepEqual(exported, plain);
    // Preview from keyframe 1: the first state the page reports for the tour is keyframe 1 at its arrival.
    await page.evaluate(() => {
      const w = window as unknown as { __first: OpsDiagnostics['tour'] | null; cimDiagnostics: OpsDiagnostics };
      w.__first = null;
      const timer = setInterval(() => {
        if (w.cimDiagnostics.tour.id !== 'edited') return;
        w.__first = { ...w.cimDiagnostics.tour };
        clearInterval(timer);
      }, 5);
    });
    await editor.locator('[data-keyframe="1"] [data-action=preview]').click();
    await page.waitForFunction(() => (window as unknown as { __first: unknown }).__first !== null);
    const first = await page.evaluate(() => (window as unknown as { __first: OpsDiagnostics['tour'] }).__first);
    const timeline = buildTimeline(expected);
    assert.equal(first.keyframe, 1, JSON.stringify(first));
    assert.ok(
      first.elapsedMs >= timeline.arriveMs[1] && first.elapsedMs < timeline.flightStartMs[2],
      `started at ${first.elapsedMs} ms, keyframe 1 is held from ${timeline.arriveMs[1]} to ${timeline.flightStartMs[2]} ms`,
    );
    // Played with the new flight time: the tour (no loop) ends at the last keyframe no sooner than the edited length.
    await waitDiag(page, `d.tour.id === 'edited' && d.tour.phase === 'paused'`);
    const end = (await diag(page)).tour;
    assert.equal(end.keyframe, 2);
    assert.ok(buildTimeline(source).totalMs < timeline.totalMs);
    assert.ok(end.elapsedMs >= timeline.totalMs, `ended at ${end.elapsedMs} ms, the edited tour lasts ${timeline.totalMs} ms`);
    assert.ok(distanceM(await camera(page), expected.keyframes[2].camera) < 0.5);
  });
});

/** A tour saved in the page's IndexedDB (as the editor's save left it). */
const savedTour = (page: Page, id: string) =>
  page.evaluate(
    (id) =>
      new Promise<Tour>((resolve, reject) => {
        const open = indexedDB.open('cim-tours');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('tours').objectStore('tours').get(id);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => resolve((get.result as { tour: Tour }).tour);
        };
      }),
    id,
  );

/** The ops screen's panels are inside the viewport and clear of each other; the clock shows the page's time. */
async function checkOpsLayout(page: Page): Promise<void> {
  const { width, height } = page.viewportSize()!;
  const ids = ['kpi-buildings', 'kpi-grids', 'kpi-online', 'kpi-alarms', 'alarms-by-type', 'ops-grids', 'ops-clock', 'ops-ticker'];
  const boxes = await Promise.all(ids.map((id) => page.locator(`[data-testid=${id}]`).boundingBox()));
  for (const [i, b] of boxes.entries()) {
    assert.ok(b && b.width > 0 && b.height > 0, `${ids[i]} is not shown`);
    assert.ok(
      b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5,
      `${ids[i]} ${JSON.stringify(b)} is not inside ${width}×${height}`,
    );
  }
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      assert.ok(!overlap, `${ids[i]} ${JSON.stringify(a)} overlaps ${ids[j]} ${JSON.stringify(b)}`);
    }
  }
  // The clock's HH:MM:SS (local time) against the page's Date.now(), across midnight too.
  const clock = await page.evaluate(() => {
    const text = document.querySelector('[data-testid=ops-clock] .cim-ops-time')?.textContent ?? '';
    const [h, m, s] = text.split(':').map(Number);
    const now = new Date();
    const shown = new Date(now);
    shown.setHours(h, m, s, 0);
    const dayMs = 86_400_000;
    return { text, offMs: ((((shown.getTime() - now.getTime() + dayMs / 2) % dayMs) + dayMs) % dayMs) - dayMs / 2 };
  });
  assert.match(clock.text, /^\d{2}:\d{2}:\d{2}$/);
  assert.ok(Math.abs(clock.offMs) < 60_000, `the clock shows ${clock.text}, ${clock.offMs} ms off the page's time`);
}

/** The demo city's sensor feed with a gas leak from the first second (an alarm in the tiles and the ticker). */
const startLeakFeed = () =>
  startSensorFeed({
    port: 0,
    staPort: false,
    dataDir: 'data',
    rate: 2,
    seed: 8,
    log: () => {},
    incidents: {
      loopS: 0,
      incidents: [{ kind: 'ramp', name: 'gas leak', target: { type: 'gas' }, atS: 1, rampS: 3, to: 40, holdS: 3600 }],
    },
  });

/** The ops wall at `viewport` on the demo city with the gas-leak feed, its tour playing. */
async function openLeakWall(viewport: { width: number; height: number }): Promise<{ feed: SensorFeed; page: Page }> {
  const feed = await startLeakFeed();
  const { page } = await openLoggedPage(browser, viewport);
  // (A 4K SwiftShader page outlasts the default 30 s action timeout.)
  page.setDefaultTimeout(120_000);
  await page.goto(`${server.url}/?render=lite&debug=1&mode=ops&tour=overview&live=${encodeURIComponent(feed.url)}`);
  // At 4K SwiftShader draws a frame every few seconds and the touring camera keeps the globe loading, so the first
  // all-loaded frame may wait for a pause: the layers built (step gpu) and the tour playing is enough here.
  await waitDiag(page, `(d.load.phase === 'ready' || d.load.step === 'gpu') && d.tour.phase === 'playing'`, 600_000);
  return { feed, page };
}

describe('the ops layout scaled for 1920×1080 (demo city, live feed)', () => {
  let feed: SensorFeed;
  let page: Page;

  before(async () => {
    ({ feed, page } = await openLeakWall({ width: 1920, height: 1080 }));
  });

  after(async () => {
    await page?.context().close();
    await feed?.stop();
  });

  it('shows the KPI tiles, alarms, grid table, clock and ticker inside the screen, clear of each other; the clock on time', async () => {
    await waitDiag(page, `d.sensors.status === 'live' && d.sensors.alarms > 0`);
    await page.locator('[data-testid=ops-grids] tr[data-grid]').first().waitFor();
    await page.locator('[data-testid=alarms-by-type] [data-type=gas]').waitFor();
    await page.locator('[data-testid=ops-ticker] [data-thing]').first().waitFor({ state: 'attached' });
    await checkOpsLayout(page);
  });
});

describe('the overview tour on a 3840×2160 wall (demo city, live feed)', () => {
  let feed: SensorFeed;
  let page: Page;
  const tour = JSON.parse(readFileSync('data/tour-overview.json', 'utf8')) as Tour;

  before(async () => {
    ({ feed, page } = await openLeakWall({ width: 3840, height: 2160 }));
  });

  after(async () => {
    await page?.context().close();
    await feed?.stop();
  });

  it('plays with live KPI tiles, alarms and grid summary; screenshots at two stops', async () => {
    await waitDiag(page, `d.tour.phase === 'playing' && d.tour.id === 'overview'`);
    // Live panels: sensors counted online per L1 grid, the gas alarm in the tiles and the ticker.
    await waitDiag(page, `d.sensors.status === 'live' && d.sensors.alarms > 0`, 240_000);
    await page.locator('[data-testid=ops-grids] tr[data-grid]').first().waitFor();
    await page.locator('[data-testid=alarms-by-type] [data-type=gas]').waitFor();
    // Stop 2 (the level-1 and level-2 grids, one outlined) and stop 5 (the skyline). At 4K SwiftShader draws a frame
    // every few seconds, which may miss a hold: the operator pauses (space) and steps (arrows) to the stop, which a
    // paused tour shows and stays on until every tile is in; then the tour goes on.
    for (const k of [1, 4]) {
      await waitDiag(page, `d.tour.keyframe === ${k - 1}`, 600_000);
      await page.keyboard.press(' ');
      await waitDiag(page, `d.tour.phase === 'paused'`);
      for (let at = (await diag(page)).tour.keyframe; at !== k; at = (await diag(page)).tour.keyframe) {
        await page.keyboard.press(at < k ? 'ArrowRight' : 'ArrowLeft');
        await waitDiag(page, `d.tour.phase === 'paused' && d.tour.keyframe !== ${at}`);
      }
      await reachKeyframe(page, tour, k);
      // Let a few frames draw the paused view (an all-tiles-loaded frame can take longer than a test at 4K).
      const frames = (await diag(page)).frames;
      await waitDiag(page, `d.frames > ${frames + 4}`, 600_000);
      // JPEG straight from the page: a second 4K page to convert a PNG failed to capture on a loaded machine.
      await page.screenshot({ path: `${OUT}/ops-overview-stop${k + 1}.jpg`, type: 'jpeg', quality: 80 });
      await page.keyboard.press(' ');
      await waitDiag(page, `d.tour.phase === 'playing'`);
    }
    // The city's buildings as its manifest counts them, in the page's language (zh-CN).
    const manifest = JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
    assert.equal(
      await page.locator('[data-testid=kpi-buildings] .cim-ops-tile-value').textContent(),
      manifest.counts.buildings.toLocaleString('zh-CN'),
    );
  });

  it('lays the same panels out inside the wall, clear of each other, with the clock on time', async () => {
    await page.locator('[data-testid=ops-ticker] [data-thing]').first().waitFor({ state: 'attached' });
    await checkOpsLayout(page);
  });
});

/** What the page recorded in sessionStorage (it outlives a self-restart in the same tab) on its n-th load. */
interface LoadRecord {
  /** The URL the document was loaded with (what the restart handed over). */
  startUrl: string;
  /** The URL when the tour first played or paused (ops mode has read the handover by then). */
  url: string;
  tour: OpsDiagnostics['tour'];
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
  const { manifestUrl, tour } = writeTourCity();
  const timeline = buildTimeline(tour);
  // 0.001 h = 3.6 s: each document reloads itself 3.6 s after it first starts ops mode.
  const base = `?render=lite&debug=1&live=0&mode=ops&tour=short&restartHours=0.001&data=${manifestUrl}`;

  it('reloads while playing and plays on from where it was', async () => {
    const { page } = await openLoggedPage(browser, { width: 640, height: 360 });
    let documents = 0;
    page.on('load', () => documents++);
    await recordLoads(page);
    await page.goto(`${server.url}/${base}`);
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
    const { page } = await openLoggedPage(browser, { width: 640, height: 360 });
    await recordLoads(page);
    // Paused while holding at the second stop (as the operator's space key or an earlier restart left it).
    const atMs = timeline.arriveMs[1] + 1000;
    await page.goto(`${server.url}/${base}&tourAt=${atMs}&tourPaused=1`);
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
    const { page } = await openLoggedPage(browser, { width: 640, height: 360 });
    // As a restart leaves a paused wall, with the next restart an hour away (the operator's keys and reload act first).
    const atMs = timeline.arriveMs[1] + 1000;
    await page.goto(`${server.url}/${base.replace('restartHours=0.001', 'restartHours=1')}&tourAt=${atMs}&tourPaused=1`);
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

/** The gas leak the simulator scripts on the first gas sensor (the one the underground tour ends over). */
const GAS_LEAK = { kind: 'ramp', name: 'gas leak', target: { type: 'gas' }, atS: 2, rampS: 3, to: 40, holdS: 3600 } as const;

/** The Thing the gas leak hits and where the catalogue puts it. */
function gasLeakThing(feed: SensorFeed): { thingId: string; lonDeg: number; latDeg: number } {
  const c = feed.catalogue;
  const i = resolveTarget(c, GAS_LEAK.target);
  return { thingId: c.thingIds[c.thingIndex[i]], lonDeg: c.lonLatDeg[2 * i], latDeg: c.lonLatDeg[2 * i + 1] };
}

/**
 * The demo city in ops mode playing `tour`, subscribed to a broker that is not there yet: the test starts the feed
 * once the tour plays, so its scripted gas leak arrives during the tour.
 */
async function openOpsOnDemoCity(tour: string, extra = ''): Promise<{ page: Page; port: number }> {
  const port = await freePort();
  const { page } = await openLoggedPage(browser, { width: 800, height: 450 });
  await page.goto(
    `${server.url}/?render=lite&debug=1&mode=ops&tour=${tour}${extra}&live=${encodeURIComponent(`ws://127.0.0.1:${port}/mqtt`)}`,
  );
  // The touring camera keeps the globe loading: the layers on the GPU and the tour playing is the start.
  await waitDiag(page, `(d.load.phase === 'ready' || d.load.step === 'gpu') && d.tour.phase === 'playing'`, 600_000);
  return { page, port };
}

const startGasLeakFeed = (port: number) =>
  startSensorFeed({
    port,
    staPort: false,
    dataDir: 'data',
    rate: 1,
    seed: 8,
    log: () => {},
    incidents: { loopS: 0, incidents: [GAS_LEAK] },
  });

describe('the underground lifeline tour (demo city, live feed, no alarmFly)', () => {
  let feed: SensorFeed;
  let page: Page;
  const tour = JSON.parse(readFileSync('data/tour-underground.json', 'utf8')) as Tour;

  before(async () => {
    let port: number;
    ({ page, port } = await openOpsOnDemoCity('underground'));
    // Anything but 'playing' from here on is recorded: without alarmFly the alarm must not stop the tour.
    await page.evaluate(() => {
      const w = window as unknown as { __notPlaying: string[]; cimDiagnostics: OpsDiagnostics };
      w.__notPlaying = [];
      setInterval(() => {
        const t = w.cimDiagnostics.tour;
        if (t.phase !== 'playing') w.__notPlaying.push(`${t.phase}:${t.pausedFor}`);
      }, 20);
    });
    feed = await startGasLeakFeed(port);
  });

  after(async () => {
    await page?.close();
    await feed?.stop();
  });

  it("reaches every keyframe, and each keyframe's layers, underground view and caption take effect in the scene", async () => {
    const states = await reachEveryKeyframe(page, tour, 600_000);
    assert.equal(states.length, 4);
    for (const [k, st] of states.entries()) {
      const a = actionsAt(tour, k);
      const at = `keyframe ${k}: ${JSON.stringify(st)}`;
      assert.equal(st.keyframe, k);
      assert.equal(st.caption, tour.keyframes[k].caption?.zh ?? '', at);
      // The underground view from the first keyframe on: translucent globe, camera allowed below ground.
      assert.equal(a.underground, true);
      assert.deepEqual(st.underground, { translucent: true, collisionDetection: false }, at);
      // Pipelines and sensors on throughout; buildings off until the last keyframe turns them on.
      assert.equal(st.visible.pipelines, true, at);
      assert.equal(st.visible.sensors, true, at);
      assert.equal(st.visible.grids, false, at);
      assert.equal(st.visible.buildings, a.layers.buildings, at);
      assert.equal(st.visible.buildings, k === 3, at);
      // What Cesium draws follows: the pipe tiles/lines, the sensor markers, the building tiles.
      assert.equal(st.shown.pipelines, true, at);
      assert.equal(st.shown.sensors, true, at);
      assert.equal(st.shown.buildings, k === 3, at);
    }
  });

  it('shows the gas leak as a live alarm and, without alarmFly, plays on through it', async () => {
    const gas = gasLeakThing(feed);
    await waitDiag(page, `d.sensors.status === 'live' && d.sensors.alarmThings.includes(${JSON.stringify(gas.thingId)})`, 240_000);
    await page.locator(`[data-testid=ops-ticker] [data-thing="${gas.thingId}"]`).first().waitFor();
    await page.locator('[data-testid=alarms-by-type] [data-type=gas]').waitFor();
    // A further 10 s of tour time after the alarm is in: never paused, nothing flown to.
    const at = (await diag(page)).tour.elapsedMs;
    await waitDiag(page, `d.tour.elapsedMs > ${at + 10_000}`, 240_000);
    const d = await diag(page);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __notPlaying: string[] }).__notPlaying), []);
    assert.equal(d.ops.alarmFlights, 0);
    assert.equal(d.ops.alarmFlight, null);
    assert.equal(d.tour.phase, 'playing');
  });
});

describe('alarmFly=1: a new alarm pauses the tour, the camera flies to it, and the tour resumes (demo city, live feed)', () => {
  let feed: SensorFeed;
  let page: Page;
  const tour = JSON.parse(readFileSync('data/tour-underground.json', 'utf8')) as Tour;

  before(async () => {
    let port: number;
    ({ page, port } = await openOpsOnDemoCity('underground', '&alarmFly=1&alarmHoldS=4'));
    feed = await startGasLeakFeed(port);
  });

  after(async () => {
    await page?.close();
    await feed?.stop();
  });

  it('pauses for the gas alarm, holds over its sensor, flies back and plays on from where it paused', async () => {
    const gas = gasLeakThing(feed);
    // Arrived over the alarm's sensor: the hold lasts alarmHoldS from the arrival, whatever the frame rate.
    await waitDiag(page, `d.ops.alarmFlight !== null && d.ops.alarmFlight.phase === 'holding'`, 240_000);
    const held = await diag(page);
    assert.equal(held.ops.alarmFlight!.thingId, gas.thingId);
    assert.equal(held.ops.alarmFlights, 1);
    assert.deepEqual([held.tour.phase, held.tour.pausedFor], ['paused', 'alarm']);
    // The camera looks at the sensor from 450 m, 40° down from the south: 345 m away on the ground, heading north.
    const c = await camera(page);
    const groundM = distanceM({ ...c, heightM: 0 }, { ...gas, heightM: 0 });
    assert.ok(
      Math.abs(groundM - 450 * Math.cos((40 * Math.PI) / 180)) < 20,
      `camera ${groundM.toFixed(1)} m from the sensor on the ground: ${JSON.stringify(c)}`,
    );
    assert.ok(c.latDeg < gas.latDeg, 'the camera is south of the sensor');
    assert.ok(Math.abs(((c.headingDeg + 540) % 360) - 180) < 1 && Math.abs(c.pitchDeg + 40) < 1, JSON.stringify(c));
    // The tour's clock and the frames drawn from here until the flight is over (the hold and the flight back).
    const pausedAt = held.tour.elapsedMs;
    await page.evaluate(() => {
      const w = window as unknown as { __away: { elapsedMs: number[]; frames: number[] }; cimDiagnostics: OpsDiagnostics };
      w.__away = { elapsedMs: [], frames: [] };
      const timer = setInterval(() => {
        const d = w.cimDiagnostics;
        if (d.ops.alarmFlight === null) return clearInterval(timer);
        w.__away.elapsedMs.push(d.tour.elapsedMs);
        w.__away.frames.push(d.frames);
      }, 20);
    });
    // Back on the tour's path, playing on from the paused time (not from the top, not skipped ahead by the pause).
    await waitDiag(page, `d.ops.alarmFlight === null && d.tour.phase === 'playing'`, 240_000);
    // Paused: the clock stood still while the camera was away, over frames drawn.
    const away = await page.evaluate(() => (window as unknown as { __away: { elapsedMs: number[]; frames: number[] } }).__away);
    assert.ok(
      away.frames.length > 0 && away.frames[away.frames.length - 1] > held.frames + 3,
      `frames while away: ${held.frames} -> ${away.frames.at(-1)}`,
    );
    assert.deepEqual([...new Set(away.elapsedMs)], [pausedAt]);
    const next = (tour.keyframes.length + timelineKeyframe(tour, pausedAt) + 1) % tour.keyframes.length;
    await reachKeyframe(page, tour, next, 240_000);
    const d = await diag(page);
    assert.equal(d.ops.alarmFlights, 1);
    assert.ok(d.tour.elapsedMs > pausedAt, `${d.tour.elapsedMs} <= ${pausedAt}`);
  });
});

/** The keyframe the tour is at (flying to or holding at) at `ms`. */
const timelineKeyframe = (tour: Tour, ms: number) => buildTimeline(tour).sample(ms).keyframe;
