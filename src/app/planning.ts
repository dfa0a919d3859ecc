// Plan and Review modes' live data: the planning worker (started on first use), the plan layers in the scene,
// the one-map analyses and the 多验合一 review of a parcel, with its printable report.
import { transfer, wrap, type Remote } from 'comlink';
import { cityFileUrl } from '../io/cityFileUrl';
import { errorData } from '../io/errorData';
import { BoundingSphere, Cartesian3, HeadingPitchRange, Math as CesiumMath, type Viewer } from 'cesium';
import type { DemoManifest } from '../core/demo/manifest';
import { background } from '../core/util/background';
import { buildReport } from '../core/planning/buildReport';
import type { ParcelReviewResult } from '../core/planning/cityPlan';
import { reportHtml } from '../core/planning/reportHtml';
import type { ReviewReport } from '../core/planning/types';
import { createPlanLayers } from '../scene/layers/planLayers';
import { createReviewLayer } from '../scene/layers/reviewLayer';
import { createSplitView, type SplitView } from '../scene/splitView';
import type { CityScene } from '../scene/cityScene';
import { actions, type AppState, type AppStore } from '../state/store';
import type { PlanningApi } from '../../workers/planning.worker';
import type { LoadedCity } from './loadCity';
import { placedPoint } from './models';
import { track, type Workers } from './workers';

const HEIGHT_RGB: [number, number, number] = [230, 30, 40];
const CONFLICT_RGB: [number, number, number] = [255, 140, 0];

export interface PlanningSession {
  /** Reviews a parcel by id; errors (unknown id, invalid conditions) land in the review state. */
  review(parcelId: string): Promise<void>;
  /** The parcel under a ground point, reviewed; false when there is none. */
  reviewAt(lonLatDeg: [number, number]): Promise<boolean>;
  /** The report of the current review (with a snapshot of the 3D view) for printing or saving. */
  report(): { report: ReviewReport; html: string } | null;
  /** The parcel id under a ground point (the plan loaded first), null when none. */
  parcelAt(lonLatDeg: [number, number]): Promise<string | null>;
  /** The city building id under a ground point, null when none. */
  buildingAt(lonLatDeg: [number, number]): Promise<string | null>;
  terminate(): void;
}

function planNeeded(s: AppState): boolean {
  return (
    s.mode === 'review' || s.plan.landUse || s.plan.heightLimits || s.plan.analysis !== 'none' || Object.values(s.plan.lines).some(Boolean)
  );
}

export function createPlanningSession(
  viewer: Viewer,
  scene: CityScene,
  store: AppStore,
  workers: Workers,
  city: () => LoadedCity | null,
  manifestUrl: string,
): PlanningSession {
  let worker: Worker | null = null;
  let ready: Promise<Remote<PlanningApi>> | null = null;
  let analysisRun = 0;
  let split: { view: SplitView; version: string } | null = null;

  /** The side-by-side view exists exactly while the plan is loaded and split comparison is on. */
  function syncSplit(s: AppState, remote: Remote<PlanningApi> | null): void {
    const want =
      s.plan.phase === 'ready' && s.plan.landUse && s.plan.compare.mode === 'split' && s.mode === 'plan' ? s.plan.compare.version : null;
    if (split && split.version !== want) {
      split.view.destroy();
      split = null;
    }
    if (!want || split || !remote || !s.manifest) return;
    const v = s.manifest.planVersions?.find((p) => p.id === want);
    const tileset = (scene.layers.buildings as { tileset?: { resource?: { url: string } } } | undefined)?.tileset;
    split = {
      version: want,
      view: createSplitView(viewer, {
        preset: s.render,
        bboxDeg: s.manifest.bboxLonLatDeg,
        label: v ? (s.lang === 'en' ? v.nameEn : v.nameZh) : want,
        landUseTile: (x, y, level) => remote.landUseTile(want, x, y, level),
        buildingsUrl: tileset?.resource?.url,
      }),
    };
  }

  const fileUrl = (name: string) => cityFileUrl(manifestUrl, name);

  async function start(manifest: DemoManifest): Promise<Remote<PlanningApi>> {
    worker = new Worker(new URL('../../workers/planning.worker.ts', import.meta.url), { type: 'module', name: 'planning' });
    const remote = wrap<PlanningApi>(worker);
    actions.setPlan(store, { phase: 'loading' });
    const versions = manifest.planVersions ?? [
      { id: 'current', nameZh: '现行规划', nameEn: 'Plan in force', file: manifest.files.landUse },
    ];
    const f = manifest.files;
    const summary = await track(
      remote.load({
        parcels: fileUrl(f.parcels),
        greenSpaces: fileUrl(f.greenSpaces),
        controlLines: fileUrl(f.controlLines),
        heightLimits: fileUrl(f.heightLimits),
        landUse: versions.map((v) => ({ id: v.id, url: fileUrl(v.file) })),
      }),
    );
    actions.addProblems(store, summary.problems);
    const channel = new MessageChannel();
    await Promise.all([
      track(remote.receiveBuildings(transfer(channel.port2, [channel.port2]))),
      track(workers.layers.sendBuildingTable(transfer(channel.port1, [channel.port1]))),
    ]);
    const zones = await Promise.all(
      summary.zones.map(async (z) => {
        const ground = await track(workers.dem.sample(z.ringLonLatDeg.slice()));
        let sum = 0;
        for (const g of ground) sum += g;
        return { ...z, groundM: ground.length ? sum / ground.length : 0 };
      }),
    );
    scene.add(
      'plan',
      createPlanLayers(
        viewer,
        {
          landUse: (version, x, y, level) => remote.landUseTile(version, x, y, level),
          line: (kind, x, y, level) => remote.lineTile(kind, x, y, level),
        },
        manifest.bboxLonLatDeg,
        zones,
      ),
    );
    const s = store.getState().plan;
    actions.setPlan(store, {
      phase: 'ready',
      summary,
      version: summary.areas[s.version] ? s.version : versions[0].id,
      compare: { ...s.compare, version: summary.areas[s.compare.version] ? s.compare.version : versions[versions.length - 1].id },
    });
    return remote;
  }

  function ensure(): Promise<Remote<PlanningApi>> | null {
    const manifest = store.getState().manifest;
    if (!manifest || !city()) return null;
    if (!ready) {
      ready = start(manifest);
      ready.catch((err: Error) => actions.setPlan(store, { phase: 'error', error: err.message, errorData: errorData(err) }));
    }
    return ready;
  }

  async function analyse(): Promise<void> {
    const { plan } = store.getState();
    const run = ++analysisRun;
    if (plan.analysis === 'none') {
      actions.setPlan(store, { result: null });
      actions.setFlagged(store, null);
      return;
    }
    const remote = await ensure();
    if (!remote) return;
    const result = await track(remote.analyse(plan.version));
    if (run !== analysisRun) return;
    const flagged = new Map<number, [number, number, number]>();
    if (store.getState().plan.analysis === 'height') for (const e of result.exceedances) flagged.set(e.index, HEIGHT_RGB);
    else for (const c of result.conflicts) flagged.set(c.index, CONFLICT_RGB);
    actions.setPlan(store, { result });
    if (store.getState().mode === 'plan') actions.setFlagged(store, flagged);
  }

  async function groundOf(lonLat: Float64Array): Promise<Float32Array> {
    return track(workers.dem.sample(lonLat));
  }

  async function showReview(r: ParcelReviewResult): Promise<void> {
    const ring = await groundOf(r.ringLonLatDeg.slice());
    const ends = new Float64Array(r.dimensions.length * 4);
    r.dimensions.forEach((d, i) => ends.set([...d.fromLonLatDeg, ...d.toLonLatDeg], i * 4));
    const endGround = await groundOf(ends);
    const failedKinds = new Set(
      r.review.items
        .filter((it) => it.verdict === 'fail')
        .map((it) => (it.condition?.startsWith('setbacksM.') ? it.condition.slice(10) : it.id === 'fire.spacing' ? 'fire' : '')),
    );
    scene.add(
      'review',
      createReviewLayer(viewer, {
        ringLonLatDeg: r.ringLonLatDeg,
        ringGroundM: ring,
        dimensions: r.dimensions.map((d, i) => ({
          ...d,
          groundM: [endGround[2 * i], endGround[2 * i + 1]] as [number, number],
          failed: failedKinds.has(d.kind),
        })),
      }),
    );
    // The offenders' rows come from the layers worker, which holds the buildings' ids.
    const rows = await track(workers.layers.buildingRows(r.review.offenders));
    const flagged = new Map<number, [number, number, number]>();
    for (const row of rows) if (row >= 0) flagged.set(row, HEIGHT_RGB);
    actions.setFlagged(store, flagged);
    flyToRing(viewer, r.ringLonLatDeg, ring);
  }

  /** The design values of an IFC model standing on the parcel; a city's own models find their parcel here, once. */
  async function designOn(remote: Remote<PlanningApi>, parcelId: string) {
    for (const m of store.getState().models) {
      if (!m.design) continue;
      let on = m.parcelId;
      if (on === null) {
        on = await track(remote.parcelAt(placedPoint(m.placement)));
        if (on) actions.modelPlaced(store, { ...m, parcelId: on });
      }
      if (on === parcelId) return m.design;
    }
    return undefined;
  }

  async function review(parcelId: string): Promise<void> {
    actions.reviewStarted(store, parcelId);
    try {
      const remote = await ensure();
      if (!remote) throw new Error('the city is still loading');
      // A design model placed on the parcel (an IFC) is reviewed against the as-built buildings.
      const design = await designOn(remote, parcelId);
      const result = await track(remote.review(parcelId, design));
      if (store.getState().review.parcelId !== parcelId) return;
      actions.reviewDone(store, result);
      await showReview(result);
    } catch (err) {
      actions.reviewFailed(store, (err as Error).message, errorData(err));
      scene.remove('review');
    }
  }

  // The load's own failure lands in the plan state (ensure); background() logs whatever else fails.
  const load = () => {
    const started = ensure();
    if (started) background(started, 'planning: loading the plan layers');
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if ((s.plan !== prev.plan || s.mode !== prev.mode) && ready)
      background(
        ready.then((remote) => syncSplit(store.getState(), remote)),
        'planning: split view',
      );
    if (planNeeded(s) && !planNeeded(prev)) load();
    if (s.plan.analysis !== prev.plan.analysis || (s.plan.analysis !== 'none' && s.plan.version !== prev.plan.version))
      background(analyse(), 'planning: analysis');
    if (s.mode !== prev.mode) {
      // Each mode flags its own buildings: the analysis in plan mode, the offenders in review mode.
      if (s.mode === 'plan') background(analyse(), 'planning: analysis');
      else if (s.mode === 'review' && s.review.result) background(showReview(s.review.result), 'planning: showing the review');
      else actions.setFlagged(store, null);
    }
  });
  if (planNeeded(store.getState())) {
    const stop = store.subscribe((s) => {
      if (s.load.phase !== 'ready') return;
      stop();
      load();
      if (s.plan.analysis !== 'none') background(analyse(), 'planning: analysis');
    });
  }

  const lookup = async (what: 'parcelAt' | 'buildingAt', lonLatDeg: [number, number]) => {
    const remote = await ensure();
    return remote ? track(remote[what](lonLatDeg)) : null;
  };

  return {
    review,
    parcelAt: (lonLatDeg) => lookup('parcelAt', lonLatDeg),
    buildingAt: (lonLatDeg) => lookup('buildingAt', lonLatDeg),
    async reviewAt(lonLatDeg) {
      const remote = await ensure();
      if (!remote) return false;
      const id = await track(remote.parcelAt(lonLatDeg));
      if (!id) return false;
      await review(id);
      return true;
    },
    report() {
      const { review: r, manifest, lang } = store.getState();
      if (!r.result) return null;
      viewer.scene.render();
      const snapshot = viewer.canvas.toDataURL('image/jpeg', 0.85);
      const report = buildReport(r.result.review, Object.values(r.entries), {
        generatedAt: new Date().toISOString(),
        city: manifest ? `${manifest.generator} (${manifest.scale})` : undefined,
        snapshot,
      });
      return { report, html: reportHtml(report, lang === 'en' ? 'en' : 'zh', r.result.sitePlanSvg) };
    },
    terminate() {
      unsubscribe();
      split?.view.destroy();
      worker?.terminate();
    },
  };
}

/** Looks at a parcel from the south-east, high enough to see it whole. */
function flyToRing(viewer: Viewer, ringLonLatDeg: Float64Array, groundM: Float32Array): void {
  const points: Cartesian3[] = [];
  for (let i = 0; i < groundM.length; i++) points.push(Cartesian3.fromDegrees(ringLonLatDeg[2 * i], ringLonLatDeg[2 * i + 1], groundM[i]));
  const sphere = BoundingSphere.fromPoints(points);
  viewer.camera.flyToBoundingSphere(sphere, {
    duration: 1.2,
    offset: new HeadingPitchRange(CesiumMath.toRadians(-30), CesiumMath.toRadians(-45), Math.max(250, sphere.radius * 3)),
  });
}
