// Composition root: the store, the Cesium viewer, the workers and the panels.
import { ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Viewer } from 'cesium';
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { CityViewer } from '../scene/CityViewer';
import { createCityScene } from '../scene/cityScene';
import { trackFrames } from '../scene/frameStats';
import { onPick } from '../scene/picking';
import { flyToPoint } from '../scene/camera';
import { sensorHeightM } from '../core/sensors/sensorHeight';
import { gridAtLevel } from '../core/grid/gridSelection';
import { GridPanel } from '../ui/grid/GridPanel';
import { GridEditPanel, type GridEditActions } from '../ui/grid/GridEditPanel';
import { createGridEditWorker, startGridEditor, type GridEditor } from './gridEdit/editor';
import { useAppState, useDeferredAppState } from '../state/react/useAppState';
import { actions, urlStateOf, type AppStore } from '../state/store';
import { formatUrlState } from '../state/urlState';
import { FeatureInfo } from '../ui/FeatureInfo';
import i18next from 'i18next';
import { LayerPanel } from '../ui/LayerPanel';
import { ImportBuildings } from '../ui/ImportBuildings';
import { importBuildingFile } from './importBuildings';
import { LoadError } from '../ui/LoadError';
import { TopBar } from '../ui/TopBar';
import { installDiagnostics, type DiagnosticsSources } from './diagnostics';
import { installDebugApi } from './debugApi';
import { cellAt, runGridJoin, selectGrid, startJoinPool, type GridJoinResult } from './gridJoin';
import { loadCity, type LoadedCity } from './loadCity';
import { startWorkers } from './workers';
import { createPlanningSession, type PlanningSession } from './planning';
import { PlanPanel } from '../ui/plan/PlanPanel';
import { SwipeDivider } from '../ui/plan/SwipeDivider';
import { ReviewPanel, type ReviewActions } from '../ui/review/ReviewPanel';
import { openReport, saveReportJson } from './reportWindow';
import { liveBrokerUrl, sensorThingsApiUrl, startLiveSensors, type LiveSensors } from './liveSensors';
import { AlarmPanel, type AlarmActions } from '../ui/live/AlarmPanel';
import { SensorDetail } from '../ui/live/SensorDetail';
import { createGridBadgesLayer } from '../scene/layers/gridBadgesLayer';
import { OpsScreen } from '../ui/ops/OpsScreen';
import { TourEditor } from '../ui/tour/TourEditor';
import { editorActions, startPageTours, type ViewerTourActions } from './pageTours';
import { sceneStats } from '../scene/sceneStats';

/** antd's default theme with a smaller corner radius; zero-runtime: styles come from antd/dist/antd.css (main.tsx). */
const THEME = { algorithm: theme.defaultAlgorithm, token: { borderRadius: 4 }, zeroRuntime: true };

/** Keeps the URL in step with the shareable view (replaceState: no history entry per camera move). */
function useUrlSync(store: AppStore): void {
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (
          s.camera === prev.camera &&
          s.layers === prev.layers &&
          s.lang === prev.lang &&
          s.underground === prev.underground &&
          s.mode === prev.mode &&
          s.buildingStyle === prev.buildingStyle
        )
          return;
        const search = formatUrlState(urlStateOf(s), location.search);
        if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
      }),
    [store],
  );
}

/** Grid mode's live data: the pool and the latest join, created on first entry into grid mode. */
interface GridSession {
  city: LoadedCity | null;
  pool: ReturnType<typeof startJoinPool> | null;
  join: Promise<GridJoinResult> | null;
  abort: AbortController;
  /** The boundary editor, started once the first join is done. */
  editor: GridEditor | null;
}

/** Grid editing is off for `?role=viewer` (the read-only role). */
const canEditGrids = () => new URLSearchParams(location.search).get('role') !== 'viewer';

export function App({ store }: { store: AppStore }) {
  const flyToBuilding = useRef<(index: number) => void>(() => {});
  // A stable callback, so memo()-ised panels are not re-rendered by the App's own renders.
  const onFlyToBuilding = useRef((index: number) => flyToBuilding.current(index)).current;
  const onImportFile = useRef((file: File) => importFile.current.open(file)).current;
  const onRemoveImport = useRef(() => importFile.current.remove()).current;
  const importFile = useRef<{ open(file: File): void; remove(): void }>({ open: () => {}, remove: () => {} });
  const planning = useRef<PlanningSession | null>(null);
  const live = useRef<LiveSensors | null>(null);
  const cityRef = useRef<LoadedCity | null>(null);
  const flyToSensor = useRef<(thingId: string, done?: () => void) => void>(() => {});
  const alarmActions = useRef<AlarmActions>({
    acknowledge: (id) => void live.current?.acknowledge(id, null),
    flyTo: (thingId) => flyToSensor.current(thingId),
    login: (username, password) => live.current?.login(username, password),
  });
  const sensorOf = useRef({
    thingIdOf: (index: number) => cityRef.current?.sensors?.ids[index],
    history: (thingId: string) => live.current?.history(thingId) ?? Promise.resolve([]),
  });
  const reviewActions = useRef<ReviewActions>({
    review: (id) => void planning.current?.review(id),
    print: () => {
      const r = planning.current?.report();
      if (r) openReport(r.html);
    },
    saveJson: () => {
      const r = planning.current?.report();
      if (r) saveReportJson(r.report);
    },
  });
  const tourViewer = useRef<ViewerTourActions | null>(null);
  const tourEditor = useRef(editorActions(() => tourViewer.current, store));
  // Bumped to rebuild the Cesium viewer after its WebGL context was lost.
  const [viewerKey, setViewerKey] = useState(0);
  const gridEditor = useRef<GridEditor | null>(null);
  const gridEditActions = useRef<GridEditActions>({
    undo: () => void gridEditor.current?.undo(),
    redo: () => void gridEditor.current?.redo(),
    rename: (id, name) => void gridEditor.current?.rename(id, name),
    moveToParent: (cell, parentId) => void gridEditor.current?.moveToParent(cell, parentId),
    parents: () => gridEditor.current?.parents() ?? [],
    flyTo: (lonLat) => gridEditor.current?.flyTo(lonLat),
    flyToBuilding: (index) => flyToBuilding.current(index),
    setTool: (tool) => gridEditor.current?.setTool(tool),
    setView2d: (on) => gridEditor.current?.setView2d(on),
    setSnapRoads: (on) => gridEditor.current?.setSnapRoads(on),
    setWho: (name) => gridEditor.current?.setWho(name),
    cancel: () => gridEditor.current?.cancel(),
    retry: () => void gridEditor.current?.retry(),
    exportGrid: () => void gridEditor.current?.exportGrid(),
    exportLog: () => gridEditor.current?.exportLog(),
    chooseImport: (file) => void gridEditor.current?.chooseImport(file),
    confirmImport: () => void gridEditor.current?.confirmImport(),
    cancelImport: () => gridEditor.current?.cancelImport(),
    startOver: () => void gridEditor.current?.startOver(),
  });
  const [dropTarget, setDropTarget] = useState(false);
  const lang = useAppState((s) => s.lang);
  const render = useAppState((s) => s.render);
  useUrlSync(store);
  useEffect(() => void i18next.changeLanguage(lang), [lang]);

  const onViewer = useCallback(
    (viewer: Viewer) => {
      const workers = startWorkers();
      const scene = createCityScene(viewer, store);
      const frames = trackFrames(viewer);
      const sources: DiagnosticsSources = {
        store,
        frames: frames.stats,
        cityFrameAtMs: null,
        layerReady: () => scene.ready(),
        scene: () => sceneStats(viewer),
      };
      installDiagnostics(sources);
      const grid: GridSession = { city: null, pool: null, join: null, abort: new AbortController(), editor: null };
      installDebugApi(viewer, { city: () => grid.city, join: () => grid.join });
      const ensureJoin = () => {
        if (grid.join || !grid.city || store.getState().mode !== 'grid') return;
        grid.pool = startJoinPool();
        grid.join = runGridJoin(grid.pool.pool, workers.layers, grid.city.grids, grid.city.buildings, store, grid.abort.signal);
        // The editor's worker starts loading while the join runs, in a task of its own.
        const editWorker = new Promise<Worker>((ok) => setTimeout(() => ok(createGridEditWorker()), 0));
        grid.join.catch((err: Error) => {
          store.setState({ join: { phase: 'error', donePoints: 0, totalPoints: 0, error: err.message } });
          void editWorker.then((worker) => worker.terminate());
        });
        // The editor starts in a task of its own, not in the one that publishes the join's lists.
        void Promise.all([grid.join, editWorker, grid.join.then(() => new Promise((ok) => setTimeout(ok, 0)))]).then(
          ([first, worker]) => {
            const manifest = store.getState().manifest;
            if (!grid.city || !grid.pool || !manifest || grid.abort.signal.aborted) return worker.terminate();
            const dataUrl = new URL(store.getState().dataUrl, location.href);
            const gridsUrl = new URL(manifest.files.grids, dataUrl).href;
            const roadsUrl = manifest.files.roads ? new URL(manifest.files.roads, dataUrl).href : null;
            grid.editor = startGridEditor({
              viewer,
              scene,
              store,
              workers,
              city: grid.city,
              pool: grid.pool.pool,
              join: first,
              gridsUrl,
              roadsUrl,
              key: gridsUrl,
              canEdit: canEditGrids(),
              worker,
              setJoin: (next) => void (grid.join = Promise.resolve(next)),
            });
            gridEditor.current = grid.editor;
          },
          () => {},
        ); // a failed join is reported by the catch above
      };
      const stopModeWatch = store.subscribe((s, prev) => {
        // In a task of its own: the join's start does not lengthen the task that renders the mode switch.
        if (s.mode !== prev.mode) setTimeout(ensureJoin, 0);
        if (s.gridLevel !== prev.gridLevel && s.selectedGridIndex !== null)
          store.setState({ selectedGrid: null, selectedGridIndex: null, buildingGroup: null });
      });
      flyToSensor.current = (thingId, done) => {
        const sensors = grid.city?.sensors;
        const i = sensors?.ids.indexOf(thingId) ?? -1;
        if (!sensors || i < 0) return done?.();
        flyToPoint(viewer, sensors.lonLatDeg[2 * i], sensors.lonLatDeg[2 * i + 1], sensorHeightM(sensors, i), undefined, done);
        actions.select(store, { layer: 'sensors', index: i, properties: null });
        void workers.layers
          .properties('sensors', i)
          .then((properties) => actions.select(store, { layer: 'sensors', index: i, properties }));
      };
      flyToBuilding.current = (index) => {
        const b = grid.city?.buildings;
        if (!b) return;
        const [w, s, e, n] = b.polygons.bbox.subarray(4 * index, 4 * index + 4);
        flyToPoint(viewer, (w + e) / 2, (s + n) / 2, b.baseM[index] + b.heightM[index] / 2);
        actions.select(store, { layer: 'buildings', index, properties: null });
        void workers.layers
          .properties('buildings', index)
          .then((properties) => actions.select(store, { layer: 'buildings', index, properties }));
      };
      planning.current = createPlanningSession(viewer, scene, store, workers, () => grid.city);
      const tours = startPageTours(
        viewer,
        store,
        () => grid.city,
        (thingId, done) => flyToSensor.current(thingId, done),
        () => setViewerKey((k) => k + 1),
      );
      tourViewer.current = tours.editor;
      const stopPick = onPick(
        viewer,
        async (id, ground) => {
          // In review mode a click chooses the parcel under it (on a building or on the ground).
          if (store.getState().mode === 'review' && ground && (await planning.current?.reviewAt(ground))) return;
          // The editor's tools other than Select take the click for themselves.
          const edit = store.getState().gridEdit;
          const editing = edit.phase === 'ready' && edit.readOnly === null && edit.paused === null;
          if (store.getState().mode === 'grid' && grid.join && grid.pool && (!editing || edit.tool === 'select')) {
            const r = await grid.join;
            const level = store.getState().gridLevel;
            let cell = -1;
            if (id?.layer === 'buildings' && id.index >= 0) cell = r.cellOfBuilding[id.index];
            else if (ground) cell = await cellAt(grid.pool.pool, r, ground);
            selectGrid(store, r, gridAtLevel(r.hierarchy, cell, level));
            // The L3 cell gets the editor's vertex handles.
            void grid.editor?.showCell(cell >= 0 ? r.grids.polygons.ids[r.hierarchy.l3[cell]] : null);
          }
          if (!id || id.layer === 'grids') return actions.select(store, null);
          if (id.layer === 'imported' || id.index < 0)
            return actions.select(store, { layer: id.layer, index: -1, properties: id.properties ?? null });
          const layer = id.layer;
          actions.select(store, { layer, index: id.index, properties: id.properties ?? null });
          // The source file's full record (tiles carry only the tiled columns).
          const properties = await workers.layers.properties(layer, id.index);
          if (store.getState().selection?.index === id.index)
            actions.select(store, { layer, index: id.index, properties: { ...id.properties, ...properties } });
        },
        (layer, id) => (layer === 'buildings' ? grid.city?.buildingIndexOf(id) : grid.city?.pipelineIndexOf(id)),
      );
      importFile.current = {
        open: (file) => void importBuildingFile(viewer, scene, store, workers, file),
        remove: () => {
          scene.remove('imported');
          store.setState({ imported: null });
        },
      };
      let removeFirstFrame: (() => void) | null = null;
      loadCity(viewer, scene, store, workers)
        .then((city) => {
          grid.city = city;
          cityRef.current = city;
          const broker = liveBrokerUrl(location.search);
          const manifest = store.getState().manifest;
          if (broker && city.sensors && manifest) {
            live.current = startLiveSensors(
              store,
              broker,
              city.sensors.url,
              city.sensors.ids,
              new URL(manifest.files.grids, new URL(store.getState().dataUrl, location.href)).href,
              sensorThingsApiUrl(location.search) ?? undefined,
            );
            scene.add('gridBadges', createGridBadgesLayer(viewer));
          }
          ensureJoin();
          tours.cityLoaded();
          removeFirstFrame = viewer.scene.postRender.addEventListener(() => {
            if (!scene.ready()) return;
            sources.cityFrameAtMs = performance.now();
            actions.loaded(store);
            removeFirstFrame?.();
            removeFirstFrame = null;
          });
        })
        .catch((err: Error) => {
          console.warn('[cim] city failed to load:', err);
          actions.loadFailed(store, err.message);
        });
      return () => {
        tours.stop();
        tourViewer.current = null;
        grid.abort.abort();
        grid.editor?.stop();
        grid.pool?.terminate();
        planning.current?.terminate();
        live.current?.stop();
        stopModeWatch();
        removeFirstFrame?.();
        stopPick();
        frames.stop();
        scene.destroy();
        workers.terminate();
      };
    },
    [store],
  );

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
      <div className="cim-app">
        <TopBar />
        <div
          className={dropTarget ? 'cim-main cim-drop-target' : 'cim-main'}
          onDragOver={(e) => {
            if (!e.dataTransfer.types.includes('Files')) return;
            e.preventDefault();
            setDropTarget(true);
          }}
          onDragLeave={() => setDropTarget(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDropTarget(false);
            const file = e.dataTransfer.files[0];
            if (file) importFile.current.open(file);
          }}
        >
          <CityViewer key={viewerKey} preset={render} onViewer={onViewer} />
          <OpsOnly />
          <SwipeDivider />
          <HiddenInOps className="cim-left">
            <LayerPanel />
            <ImportBuildings onFile={onImportFile} onRemove={onRemoveImport} />
            <TourEditor actions={tourEditor.current} />
          </HiddenInOps>
          <HiddenInOps className="cim-right">
            <AlarmPanel actions={alarmActions.current} />
            <ModePanels onFlyToBuilding={onFlyToBuilding} gridEditActions={gridEditActions.current} reviewActions={reviewActions.current} />
            <FeatureInfo />
            <SensorDetail thingIdOf={sensorOf.current.thingIdOf} history={sensorOf.current.history} />
          </HiddenInOps>
          <LoadError />
        </div>
      </div>
    </ConfigProvider>
  );
}

// The parts that follow the mode read it themselves, so switching modes re-renders them, not the App
// and every panel in it: the click that switches stays short.

/** The ops screen's overlay, in ops mode only. */
function OpsOnly() {
  return useAppState((s) => s.mode) === 'ops' ? <OpsScreen /> : null;
}

/** A column of panels, hidden in ops mode (kept mounted: their state survives a visit to the wall). */
function HiddenInOps({ className, children }: { className: string; children: ReactNode }) {
  const ops = useAppState((s) => s.mode === 'ops');
  return (
    <div className={className} hidden={ops}>
      {children}
    </div>
  );
}

/** The active mode's panels; they mount as a transition after the switch, in slices. */
const ModePanels = memo(function ModePanels({
  onFlyToBuilding,
  gridEditActions,
  reviewActions,
}: {
  onFlyToBuilding: (index: number) => void;
  gridEditActions: GridEditActions;
  reviewActions: ReviewActions;
}) {
  const mode = useDeferredAppState((s) => s.mode);
  return (
    <>
      {mode === 'grid' && <GridPanel onFlyToBuilding={onFlyToBuilding} />}
      {mode === 'grid' && <GridEditPanel actions={gridEditActions} />}
      {mode === 'plan' && <PlanPanel onFlyToBuilding={onFlyToBuilding} />}
      {mode === 'review' && <ReviewPanel onAction={reviewActions} />}
    </>
  );
});
