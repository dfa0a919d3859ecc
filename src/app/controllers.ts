// What the panels can ask of the modes (fly to, import, review, acknowledge, edit the grid, author tours): one
// typed object built once per page. Each call goes to the viewer's session of the moment (the viewer is rebuilt
// after a lost WebGL context) and does nothing while there is none.
import type { ReplacingRole } from '../core/demo/replaceFiles';
import type { SensorSeries } from '../core/sensors/series';
import { background } from '../core/util/background';
import type { AppStore } from '../state/store';
import type { GridEditActions } from '../ui/grid/GridEditPanel';
import type { ImportActions } from '../ui/import/ImportDialog';
import type { ModelActions } from '../ui/models/ModelDialog';
import type { ModelPanelActions } from '../ui/models/ModelPanel';
import type { AlarmActions } from '../ui/live/AlarmPanel';
import type { ReviewActions } from '../ui/review/ReviewPanel';
import type { TourEditorActions } from '../ui/tour/TourEditor';
import type { GridEditor } from './gridEdit/editor';
import { editorActions } from './pageTours';
import { openReport, saveReportJson } from './reportWindow';
import { createReviewClient } from './server/reviewClient';
import { serverApiOf } from './server/serverSession';
import type { ViewerSession } from './viewerSession';

export interface ModeControllers {
  flyToBuilding(index: number): void;
  importer: ImportActions;
  models: ModelActions & ModelPanelActions;
  removeImport(): void;
  restoreCityFile(role: ReplacingRole): void;
  overlayLegend: ViewerSession['overlayLegend'];
  alarm: AlarmActions;
  sensor: { thingIdOf(index: number): string | undefined; history(thingId: string): Promise<SensorSeries[]> };
  review: ReviewActions;
  gridEdit: GridEditActions;
  tourEditor: TourEditorActions;
}

/** The grid editor's panel actions, on the editor of the moment (none before the first join is done). */
function gridEditControllers(editor: () => GridEditor | null, flyToBuilding: (index: number) => void): GridEditActions {
  const run = (what: string, job: (e: GridEditor) => Promise<unknown>) => {
    const e = editor();
    if (e) background(job(e), what);
  };
  return {
    undo: () => run('undoing a grid edit', (e) => e.undo()),
    redo: () => run('redoing a grid edit', (e) => e.redo()),
    rename: (id, name) => run('renaming a grid', (e) => e.rename(id, name)),
    moveToParent: (cell, parentId) => run('moving a cell to another grid', (e) => e.moveToParent(cell, parentId)),
    parents: () => editor()?.parents() ?? [],
    flyTo: (lonLat) => editor()?.flyTo(lonLat),
    flyToBuilding,
    setTool: (tool) => editor()?.setTool(tool),
    setView2d: (on) => editor()?.setView2d(on),
    setSnapRoads: (on) => editor()?.setSnapRoads(on),
    setWho: (name) => editor()?.setWho(name),
    cancel: () => editor()?.cancel(),
    retry: () => run('saving the pending grid edit', (e) => e.retry()),
    rebase: () => run('sending a refused grid edit again', (e) => e.rebase()),
    dropConflict: () => editor()?.dropConflict(),
    history: async (id) =>
      (await editor()?.history(id))?.map((e) => ({ version: e.version, user: e.user ?? null, at: e.at, text: e.text })) ?? [],
    restoreCell: (id, version) => run('restoring a grid cell', (e) => e.restoreCell(id, version)),
    exportGrid: () => run('exporting the grid', (e) => e.exportGrid()),
    exportLog: () => editor()?.exportLog(),
    chooseImport: (file) => run('checking a grid file to import', (e) => e.chooseImport(file)),
    confirmImport: () => run('importing a grid file', (e) => e.confirmImport()),
    cancelImport: () => editor()?.cancelImport(),
    startOver: () => run('starting the grid over from its file', (e) => e.startOver()),
  };
}

/** The session of the moment, for calls that must answer (an import while the viewer is being rebuilt fails). */
function viewerOf(session: () => ViewerSession | null): ViewerSession {
  const s = session();
  if (!s) throw new Error('the 3D view is restarting; drop the files again');
  return s;
}

export function createModeControllers(store: AppStore, manifestUrl: string, session: () => ViewerSession | null): ModeControllers {
  const flyToBuilding = (index: number) => session()?.flyToBuilding(index);
  return {
    flyToBuilding,
    importer: {
      inspect: async (files) => viewerOf(session).importer.inspect(files),
      importLayer: async (jobId, request, into, onProgress) => viewerOf(session).importer.importLayer(jobId, request, into, onProgress),
      restoreBeside: async () => session()?.importer.restoreBeside(),
      cancel: (jobId) => session()?.importer.cancel(jobId),
      close: (jobId) => session()?.importer.close(jobId),
    },
    models: {
      open: async (files, unit) => viewerOf(session).models.open(files, unit),
      initialPlacement: (summary, byFile) => viewerOf(session).models.initialPlacement(summary, byFile),
      preview: (job, placement) => session()?.models.preview(job, placement),
      pickPoint: async () => viewerOf(session).models.pickPoint(),
      place: async (job, placement, replace, onProgress) => viewerOf(session).models.place(job, placement, replace, onProgress),
      cancel: (job) => session()?.models.cancel(job),
      close: (job) => session()?.models.close(job),
      flyTo: (id) => session()?.models.flyTo(id),
      remove: (id) => session()?.models.remove(id),
    },
    removeImport: () => session()?.removeImport(),
    restoreCityFile: (role) => session()?.restoreCityFile(role),
    overlayLegend: {
      onRestyle: (field, mode, breaks) => session()?.overlayLegend.onRestyle(field, mode, breaks),
      onRemove: () => session()?.overlayLegend.onRemove(),
    },
    alarm: {
      acknowledge: (id) => {
        const live = session()?.live();
        if (live) background(live.acknowledge(id, null), 'acknowledging an alarm');
      },
      flyTo: (thingId) => session()?.flyToSensor(thingId),
      login: (username, password) => session()?.live()?.login(username, password),
    },
    sensor: {
      thingIdOf: (index) => session()?.city()?.sensors?.ids[index],
      history: (thingId) => session()?.live()?.history(thingId) ?? Promise.resolve([]),
    },
    review: {
      review: (id) => {
        const planning = session()?.planning;
        if (planning) background(planning.review(id), 'reviewing a parcel');
      },
      print: () => {
        const r = session()?.planning.report();
        if (r) openReport(r.html);
      },
      saveJson: () => {
        const r = session()?.planning.report();
        if (r) saveReportJson(r.report);
      },
      server: createReviewClient(serverApiOf(store)),
    },
    gridEdit: gridEditControllers(() => session()?.gridEditor() ?? null, flyToBuilding),
    tourEditor: editorActions(() => session()?.tours ?? null, store, manifestUrl),
  };
}
