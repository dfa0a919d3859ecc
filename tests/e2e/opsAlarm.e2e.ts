// Browser tests of a live gas alarm during the demo city's underground lifeline tour: each keyframe's actions as Cesium
// shows them, the alarm played through without alarmFly, and flown to and back with alarmFly=1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startSensorFeed, type SensorFeed } from '../../scripts/sensors/feed';
import { resolveTarget } from '../../src/core/sensors/incidents';
import { buildTimeline } from '../../src/core/tour/timeline';
import { actionsAt, type Tour } from '../../src/core/tour/types';
import { openLoggedPage } from './browser';
import { camera, diag, distanceM, freePort, reachEveryKeyframe, reachKeyframe, waitDiag } from './opsPage';
import { appInBrowser } from './opsSetup';
import './pageGlobals';

const env = appInBrowser();

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
  const { page } = await openLoggedPage(env.browser, { width: 800, height: 450 });
  await page.goto(
    `${env.server.url}/?render=lite&debug=1&mode=ops&tour=${tour}${extra}&live=${encodeURIComponent(`ws://127.0.0.1:${port}/mqtt`)}`,
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
      const notPlaying: string[] = (window.__notPlaying = []);
      setInterval(() => {
        const t = window.cimDiagnostics!.tour;
        if (t.phase !== 'playing') notPlaying.push(`${t.phase}:${t.pausedFor}`);
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
    assert.deepEqual(await page.evaluate(() => window.__notPlaying), []);
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
      const away: { elapsedMs: number[]; frames: number[] } = (window.__away = { elapsedMs: [], frames: [] });
      const timer = setInterval(() => {
        const d = window.cimDiagnostics!;
        if (d.ops.alarmFlight === null) return clearInterval(timer);
        away.elapsedMs.push(d.tour.elapsedMs);
        away.frames.push(d.frames);
      }, 20);
    });
    // Back on the tour's path, playing on from the paused time (not from the top, not skipped ahead by the pause).
    await waitDiag(page, `d.ops.alarmFlight === null && d.tour.phase === 'playing'`, 240_000);
    // Paused: the clock stood still while the camera was away, over frames drawn.
    const away = (await page.evaluate(() => window.__away))!;
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
