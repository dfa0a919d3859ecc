// Browser tests of tour authoring on a tiny city: capture, reorder, delete, save in IndexedDB, import refusing a bad
// file; a keyframe's flight time edited, saved, exported as schema-valid JSON and played with, preview from a keyframe.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { angleDeltaDeg, buildTimeline } from '../../src/core/tour/timeline';
import { validateTour } from '../../src/core/tour/tourSchema';
import type { Tour } from '../../src/core/tour/types';
import { openLoggedPage, waitForCity } from './browser';
import { camera, diag, distanceM, waitDiag, type CameraView } from './opsPage';
import { appInBrowser, writeTourCity } from './opsSetup';
import './pageGlobals';

const env = appInBrowser();

describe('tour authoring (tiny city)', () => {
  let page: Page;
  const { manifestUrl, tour } = writeTourCity('e2e-ops-authoring');

  before(async () => {
    ({ page } = await openLoggedPage(env.browser, { width: 1280, height: 800 }));
    await page.goto(`${env.server.url}/?render=lite&debug=1&live=0&lang=en&data=${manifestUrl}`);
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
      captured.push(await page.evaluate((view) => window.cimDebug!.setCamera(view), kf.camera));
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
      window.__first = null;
      const timer = setInterval(() => {
        const d = window.cimDiagnostics!;
        if (d.tour.id !== 'edited') return;
        window.__first = { ...d.tour };
        clearInterval(timer);
      }, 5);
    });
    await editor.locator('[data-keyframe="1"] [data-action=preview]').click();
    await page.waitForFunction(() => window.__first !== null);
    const first = (await page.evaluate(() => window.__first))!;
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
