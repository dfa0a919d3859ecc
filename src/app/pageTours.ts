// Tours on the page: the tour session for authoring previews and ops mode, ops mode itself once the city is
// loaded, and recovery from a lost WebGL context (the viewer is rebuilt; the tour resumes from the store).
import type { Viewer } from 'cesium';
import { watchContextLoss } from '../scene/contextLoss';
import { readCameraView } from '../scene/camera';
import { actions, type AppStore } from '../state/store';
import type { TourEditorActions } from '../ui/tour/TourEditor';
import type { LoadedCity } from './loadCity';
import { startOpsMode } from './opsMode';
import type { PageOptions } from '../state/pageOptions';
import { cityFileUrl } from '../io/cityFileUrl';
import { tourLibraryOf } from './tourLibrary';
import { createTourSession, type TourSession } from './tourSession';

/** A lost context the browser has not restored by then is replaced by a new canvas anyway. */
const RESTORE_WAIT_MS = 5000;

/** The editor's actions that need the viewer; the rest (IndexedDB, the manifest) do not. */
export type ViewerTourActions = Pick<TourEditorActions, 'capture' | 'play' | 'pause' | 'resume' | 'stop'>;

export interface PageTours {
  session: TourSession;
  editor: ViewerTourActions;
  /** The city is loaded: count a recovery if this viewer replaced a lost one, start ops mode. */
  cityLoaded(): void;
  stop(): void;
}

export function startPageTours(
  viewer: Viewer,
  store: AppStore,
  city: () => LoadedCity | null,
  flyToSensor: (thingId: string, done: () => void) => void,
  rebuildViewer: () => void,
  options: Pick<PageOptions, 'manifestUrl' | 'ops'>,
): PageTours {
  const session = createTourSession(viewer, store, city, () => {
    const m = store.getState().manifest;
    return m ? cityFileUrl(options.manifestUrl, m.files.parcels) : null;
  });
  let fallback: ReturnType<typeof setTimeout> | null = null;
  let rebuilt = false;
  const rebuild = () => {
    if (rebuilt) return;
    rebuilt = true;
    if (fallback) clearTimeout(fallback);
    actions.reloadCity(store);
    rebuildViewer();
  };
  const stopContextWatch = watchContextLoss(
    viewer,
    () => {
      actions.countOps(store, 'contextLosses');
      console.warn('[cim] WebGL context lost: the 3D view will be rebuilt');
      fallback = setTimeout(rebuild, RESTORE_WAIT_MS);
    },
    rebuild,
  );
  let stopOps: (() => void) | null = null;
  const editor: ViewerTourActions = {
    capture: () => ({ ...readCameraView(viewer), rollDeg: 0 }),
    play: (tour, k) => {
      session.start(tour);
      if (k > 0) session.previewFrom(k);
    },
    pause: () => session.pause(),
    resume: () => session.resume(),
    stop: () => session.stop(),
  };
  return {
    session,
    editor,
    cityLoaded() {
      const s = store.getState();
      if (s.ops.contextLosses > s.ops.recoveries) actions.countOps(store, 'recoveries');
      if (s.mode === 'ops') stopOps = startOpsMode(store, session, flyToSensor, options.ops, options.manifestUrl);
    },
    stop() {
      if (fallback) clearTimeout(fallback);
      stopOps?.();
      stopContextWatch();
      session.destroy();
    },
  };
}

/** Editor actions that follow the current viewer (it is rebuilt after a lost context); the tour library needs none. */
export function editorActions(current: () => ViewerTourActions | null, store: AppStore, manifestUrl: string): TourEditorActions {
  return {
    capture: () => current()?.capture() ?? null,
    play: (tour, k) => current()?.play(tour, k),
    pause: () => current()?.pause(),
    resume: () => current()?.resume(),
    stop: () => current()?.stop(),
    save: (tour) => tourLibraryOf(store, manifestUrl).save(tour),
    saved: () => tourLibraryOf(store, manifestUrl).list(),
    removeSaved: (id) => tourLibraryOf(store, manifestUrl).remove(id),
    open: (id) => tourLibraryOf(store, manifestUrl).find(id),
  };
}
