// The page `npm run bench:sensors` drives: the viewer's sensors layer (the app's createSensorsLayer, synced from a
// store by the app's createCityScene) in a lite Cesium viewer with requestRenderMode, fed one of three ways by
// `?mode=`: `worker` (the app's startLiveSensors: MQTT ingest in the sensors worker, a frame every 250 ms into
// the store), `naive` (mqtt.js on this thread, JSON.parse and recolour per message) or `idle` (no feed: the
// page's background cost). `?broker=ws://…&things=/data/…json`. Not part of the app; built as sensors-bench.html.
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { Cartesian3, Color, PointPrimitiveCollection, Viewer, type PointPrimitive } from 'cesium';
import mqtt from 'mqtt';
import { readDatastreamCatalogue } from '../core/sensors/catalogue';
import { clusterLevels } from '../core/sensors/clusters';
import { sensorTypeStyle } from '../core/sensors/sensorTypes';
import type { SensorsData } from '../io/layerData';
import { applyCameraView } from '../scene/camera';
import { createCityScene } from '../scene/cityScene';
import { cesiumColor } from '../scene/colors';
import { createSensorsLayer } from '../scene/layers/sensorsLayer';
import { applyRenderPreset, viewerOptions } from '../scene/viewerSetup';
import { createAppStore } from '../state/store';
import { parseUrlState } from '../state/urlState';
import { startLiveSensors } from './liveSensors';
import { startWorkers } from './workers';

type Mode = 'worker' | 'naive' | 'idle';

/** What the bench reads before and after its window; times are main-thread ms measured around our own handlers. */
export interface SensorsBenchStats {
  mode: Mode;
  status: string;
  /** Messages received by the ingest (the worker's counter, or the naive handler's). */
  messages: number;
  /** Messages dropped: invalid, duplicate or out of order. */
  rejected: number;
  /** worker: store updates (store + scene sync + layer update); naive: the message handler. */
  handlerMs: number;
  handlerCalls: number;
  /** Store updates that replaced sensorStates (worker) / points whose colour changed (naive). */
  stateChanges: number;
  renders: number;
}

const q = new URLSearchParams(location.search);
const mode = (q.get('mode') ?? 'idle') as Mode;
const brokerUrl = q.get('broker') ?? '';
const thingsUrl = q.get('things') ?? '';

const viewer = new Viewer('view', { ...viewerOptions('lite'), requestRenderMode: true, maximumRenderTimeChange: Infinity });
applyRenderPreset(viewer, 'lite');
// Only the sensors are drawn: no globe or sky tiles loading and rendering beside them.
viewer.scene.globe.show = false;
const store = createAppStore(parseUrlState('render=lite&layers=sensors'));
const scene = createCityScene(viewer, store);
const stats: SensorsBenchStats = {
  mode,
  status: 'loading',
  messages: 0,
  rejected: 0,
  handlerMs: 0,
  handlerCalls: 0,
  stateChanges: 0,
  renders: 0,
};
viewer.scene.postRender.addEventListener(() => stats.renders++);

/** The naive baseline's own point per sensor, as a first implementation would draw them (the app's layer caps its markers). */
function pointsOfSensors(data: SensorsData): PointPrimitiveCollection {
  const points = viewer.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  for (let i = 0; i < data.ids.length; i++)
    points.add({
      position: Cartesian3.fromDegrees(data.lonLatDeg[2 * i], data.lonLatDeg[2 * i + 1]),
      color: cesiumColor(sensorTypeStyle(data.types[data.typeIndex[i]]).rgb),
      pixelSize: 7,
    });
  return points;
}

/** The app's path: startLiveSensors with a store; store updates are timed around the store's setState. */
function runWorker(data: SensorsData): void {
  const setState = store.setState;
  store.setState = ((...args: Parameters<typeof setState>) => {
    const t0 = performance.now();
    setState(...args);
    stats.handlerMs += performance.now() - t0;
    stats.handlerCalls++;
  }) as typeof setState;
  store.subscribe((s, prev) => {
    if (s.sensorStates !== prev.sensorStates) stats.stateChanges++;
    stats.status = s.live.status;
    stats.messages = s.live.messages;
    stats.rejected = s.live.rejected + s.live.duplicates + s.live.outOfOrder;
  });
  startLiveSensors(store, brokerUrl, thingsUrl, data.ids);
}

const STATE_NORMAL = 0,
  STATE_WARNING = 1,
  STATE_ALARM = 2;
const TOPIC = /^v1\.1\/Datastreams\((.+)\)\/Observations$/;

/** The naive baseline: everything per message on the main thread, as a first implementation would. */
async function runNaive(data: SensorsData): Promise<void> {
  const cat = readDatastreamCatalogue(await (await fetch(thingsUrl)).json());
  const points = pointsOfSensors(data);
  const pointOfThing = new Map(data.ids.map((id, i) => [id, i]));
  const typeColour = cat.types.map((t) => cesiumColor(sensorTypeStyle(t).rgb));
  const stateColour = [null, Color.fromCssColorString('#fa8c16'), Color.fromCssColorString('#ff1f1f')];
  const latest = new Map<string, { timeMs: number; result: number; state: number }>();
  const client = mqtt.connect(brokerUrl, {
    clean: true,
    reconnectPeriod: 1000,
    clientId: `cim-bench-naive-${Math.random().toString(16).slice(2, 10)}`,
  });
  client.on('connect', () => {
    stats.status = 'live';
    client.subscribe('v1.1/+/Observations', { qos: 1 });
  });
  client.on('close', () => (stats.status = 'reconnecting'));
  client.on('message', (topic, payload) => {
    const t0 = performance.now();
    stats.messages++;
    stats.handlerCalls++;
    const id = TOPIC.exec(topic)?.[1];
    const i = id === undefined ? undefined : cat.indexById.get(id);
    let body: { phenomenonTime?: unknown; result?: unknown } | null;
    try {
      body = JSON.parse(payload.toString());
    } catch {
      body = null;
    }
    const timeMs = typeof body?.phenomenonTime === 'string' ? Date.parse(body.phenomenonTime) : NaN;
    const result = body?.result;
    const prev = id === undefined ? undefined : latest.get(id);
    if (
      i === undefined ||
      typeof result !== 'number' ||
      !Number.isFinite(result) ||
      Number.isNaN(timeMs) ||
      result < cat.rangeMin[i] ||
      result > cat.rangeMax[i] ||
      (prev && prev.timeMs >= timeMs)
    ) {
      stats.rejected++;
      stats.handlerMs += performance.now() - t0;
      return;
    }
    const state =
      result >= cat.alarmHigh[i] || result <= cat.alarmLow[i]
        ? STATE_ALARM
        : result >= cat.warningHigh[i] || result <= cat.warningLow[i]
          ? STATE_WARNING
          : STATE_NORMAL;
    latest.set(id!, { timeMs, result, state });
    const p: PointPrimitive = points.get(pointOfThing.get(cat.thingIds[cat.thingIndex[i]])!);
    const colour = stateColour[state] ?? typeColour[cat.typeIndex[i]];
    if (!Color.equals(p.color, colour)) {
      stats.stateChanges++;
      viewer.scene.requestRender();
    }
    p.color = colour;
    stats.handlerMs += performance.now() - t0;
  });
}

async function start(): Promise<void> {
  const workers = startWorkers();
  const data = await workers.layers.loadSensors(thingsUrl);
  const ground = new Float32Array(data.ids.length);
  scene.add('sensors', createSensorsLayer(viewer, data, ground, clusterLevels(data.lonLatDeg, ground)));
  // Straight down over the middle of the sensors: all of them on screen.
  let lon = 0,
    lat = 0;
  for (let i = 0; i < data.ids.length; i++) {
    lon += data.lonLatDeg[2 * i] / data.ids.length;
    lat += data.lonLatDeg[2 * i + 1] / data.ids.length;
  }
  applyCameraView(viewer, { lonDeg: lon, latDeg: lat, heightM: 18_000, headingDeg: 0, pitchDeg: -90 });
  viewer.scene.requestRender();
  if (mode === 'worker') runWorker(data);
  else if (mode === 'naive') await runNaive(data);
  else stats.status = 'idle';
  Object.assign(window, { sensorsBench: { sensors: data.ids.length, stats: (): SensorsBenchStats => ({ ...stats }) } });
}

start().catch((err: Error) => {
  stats.status = 'error';
  Object.assign(window, { sensorsBench: { error: err.message, stats: (): SensorsBenchStats => ({ ...stats }) } });
});
