// window.cimDiagnostics: a read-only snapshot of what is loaded and how the page runs,
// for the ops health panel and the browser tests; its type, CimDiagnostics, is in pageApi.ts.
import { clicksHandled } from './clicks/route';
import type { FrameStats } from '../scene/frameStats';
import type { SceneStats } from '../scene/sceneStats';
import type { AppStore } from '../state/store';
import type { CimDiagnostics } from './pageApi';
import { workerJobs } from './workers';

export interface DiagnosticsSources {
  store: AppStore;
  frames: FrameStats | null;
  /** performance.now() when the first frame with the whole city on screen was rendered. */
  cityFrameAtMs: number | null;
  /** performance.now() when the first frame with something of the city (a building tile, a layer) was rendered. */
  partialCityFrameAtMs: number | null;
  layerReady: () => boolean;
  /** Tile caches and primitives (the soak test watches them). */
  scene?: () => SceneStats | null;
}

export function installDiagnostics(sources: DiagnosticsSources): void {
  Object.defineProperty(window, 'cimDiagnostics', {
    configurable: true,
    enumerable: false,
    get(): Readonly<CimDiagnostics> {
      const s = sources.store.getState();
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      const visible: Record<string, boolean> = {
        buildings: s.layers.buildings,
        grids: s.layers.gridL1 || s.layers.gridL2 || s.layers.gridL3,
        roads: s.layers.roads,
        pipelines: s.layers.pipelines,
        sensors: s.layers.sensors,
      };
      const layers: CimDiagnostics['layers'] = {};
      for (const [key, n] of Object.entries(s.counts)) layers[key] = { features: n ?? 0, visible: visible[key] ?? true };
      return Object.freeze({
        version: 1,
        sceneReady: s.load.phase === 'ready' && sources.layerReady(),
        load: { ...s.load },
        firstCityFrameMs: sources.cityFrameAtMs,
        firstPartialCityFrameMs: sources.partialCityFrameAtMs,
        frames: sources.frames?.frames ?? 0,
        frameTimeMs: sources.frames?.frameTimeMs ?? 0,
        render: s.render,
        layers,
        problems: s.problems.length,
        clicks: clicksHandled.count,
        workerJobs: { ...workerJobs, active: workerJobs.started - workerJobs.finished - workerJobs.failed },
        sensors: {
          status: s.live.status,
          messages: s.live.messages,
          accepted: s.live.accepted,
          rejected: s.live.rejected,
          duplicates: s.live.duplicates,
          byState: { ...s.live.byState },
          alarms: s.live.alarmCounts?.active ?? s.live.alarms.filter((a) => a.clearedAtMs === null).length,
          mayHaveMissed: s.live.mayHaveMissed,
          backfill: s.live.backfill ? { ...s.live.backfill } : null,
          alarmThings: s.live.alarms.filter((a) => a.clearedAtMs === null && a.severity === 'alarm').map((a) => a.thingId),
        },
        join: { ...s.join },
        planning: {
          phase: s.plan.phase,
          exceedances: s.plan.result?.exceedances.length ?? 0,
          conflicts: s.plan.result?.conflicts.length ?? 0,
          flagged: s.flagged?.size ?? 0,
          review: {
            parcelId: s.review.parcelId,
            phase: s.review.phase,
            verdictFails: s.review.result?.review.items.filter((i) => i.verdict === 'fail').length ?? 0,
            dimensions: s.review.result?.dimensions.length ?? 0,
          },
        },
        heapBytes: memory?.usedJSHeapSize ?? null,
        gridEdit: {
          phase: s.gridEdit.phase,
          readOnly: s.gridEdit.readOnly,
          paused: s.gridEdit.paused !== null,
          cursor: s.gridEdit.cursor,
          entries: s.gridEdit.log.length,
          restored: s.gridEdit.restored,
          shown: s.gridEdit.shown,
          handles: s.gridOverlay.handles.length,
          cell: s.gridEdit.cell?.id ?? null,
          moved: s.gridEdit.lastMoved?.count ?? null,
          refused: s.gridEdit.refused?.kind ?? null,
          view2d: s.gridEdit.view2d,
        },
        tour: {
          id: s.tour.id,
          phase: s.tour.phase,
          keyframe: s.tour.keyframe,
          keyframes: s.tour.keyframes,
          elapsedMs: s.tour.elapsedMs,
          error: s.tour.error,
          pausedFor: s.tour.pausedFor,
        },
        ops: { ...s.ops, alarmFlight: s.ops.alarmFlight ? { ...s.ops.alarmFlight } : null },
        scene: sources.scene?.() ?? null,
      });
    },
  });
}
