// Composition root: the store, the Cesium viewer, the modes' controllers and the panels.
import { ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Viewer } from 'cesium';
import i18next from 'i18next';
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { background } from '../core/util/background';
import { CityViewer } from '../scene/CityViewer';
import type { PageOptions } from '../state/pageOptions';
import { useAppState, useDeferredAppState } from '../state/react/useAppState';
import type { AppStore } from '../state/store';
import { FeatureInfo } from '../ui/FeatureInfo';
import { GridPanel } from '../ui/grid/GridPanel';
import { GridEditPanel, type GridEditActions } from '../ui/grid/GridEditPanel';
import { ImportBuildings } from '../ui/ImportBuildings';
import { OverlayLegend } from '../ui/OverlayLegend';
import { ImportDialog } from '../ui/import/ImportDialog';
import { ModelDialog } from '../ui/models/ModelDialog';
import { ModelPanel } from '../ui/models/ModelPanel';
import { mainModelFile } from '../core/models/model';
import { LayerPanel } from '../ui/LayerPanel';
import { AlarmPanel } from '../ui/live/AlarmPanel';
import { SensorDetail } from '../ui/live/SensorDetail';
import { LoadError } from '../ui/LoadError';
import { OpsScreen } from '../ui/ops/OpsScreen';
import { PlanPanel } from '../ui/plan/PlanPanel';
import { SwipeDivider } from '../ui/plan/SwipeDivider';
import { ReviewPanel, type ReviewActions } from '../ui/review/ReviewPanel';
import { TopBar } from '../ui/TopBar';
import { TourEditor } from '../ui/tour/TourEditor';
import { createModeControllers, type ModeControllers } from './controllers';
import { syncPageUrl } from './pageUrl';
import { createServerSession, type ServerSession } from './server/serverSession';
import { startViewerSession, type ViewerSession } from './viewerSession';

/** antd's default theme with a smaller corner radius; zero-runtime: styles come from antd/dist/antd.css (main.tsx). */
const THEME = { algorithm: theme.defaultAlgorithm, token: { borderRadius: 4 }, zeroRuntime: true };

export function App({ store, options }: { store: AppStore; options: PageOptions }) {
  const session = useRef<ViewerSession | null>(null);
  // Built once: stable, so memo()-ised panels are not re-rendered by the App's own renders.
  const [controllers] = useState<ModeControllers>(() => createModeControllers(store, options.manifestUrl, () => session.current));
  // The page's session with `cim serve`, if one serves it: probed once; static mode when none answers.
  const [server] = useState<ServerSession>(() => createServerSession(store));
  useEffect(() => background(server.probe(), 'asking for the server session'), [server]);
  // Bumped to rebuild the Cesium viewer after its WebGL context was lost.
  const [viewerKey, setViewerKey] = useState(0);
  const [dropTarget, setDropTarget] = useState(false);
  // Files dropped or picked, shown in the import dialog until it closes.
  const [importing, setImporting] = useState<File[] | null>(null);
  const closeImport = useCallback(() => setImporting(null), []);
  // A 3D model among them (IFC, glTF, OBJ, FBX, Collada, with its companions) goes to the model dialog instead.
  const [placing, setPlacing] = useState<File[] | null>(null);
  const closePlacing = useCallback(() => setPlacing(null), []);
  const openFiles = useCallback((files: File[]) => (mainModelFile(files.map((f) => f.name)) ? setPlacing(files) : setImporting(files)), []);
  const lang = useAppState((s) => s.lang);
  const render = useAppState((s) => s.render);
  useEffect(() => syncPageUrl(store), [store]);
  useEffect(() => background(i18next.changeLanguage(lang), `switching the page to ${lang}`), [lang]);

  const onViewer = useCallback(
    (viewer: Viewer) => {
      const started = startViewerSession(viewer, store, options, () => setViewerKey((k) => k + 1));
      session.current = started;
      return () => {
        if (session.current === started) session.current = null;
        started.stop();
      };
    },
    [store, options],
  );

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
      <div className="cim-app">
        <TopBar auth={server.auth} />
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
            const files = [...e.dataTransfer.files];
            if (files.length) openFiles(files);
          }}
        >
          <CityViewer key={viewerKey} preset={render} onViewer={onViewer} />
          <OpsOnly />
          <SwipeDivider />
          <HiddenInOps className="cim-left">
            <LayerPanel />
            <ImportBuildings onFiles={openFiles} onRemove={controllers.removeImport} onRestore={controllers.restoreCityFile} />
            <ModelPanel actions={controllers.models} />
            <TourEditor actions={controllers.tourEditor} />
          </HiddenInOps>
          <HiddenInOps className="cim-right">
            <AlarmPanel actions={controllers.alarm} />
            <ModePanels
              onFlyToBuilding={controllers.flyToBuilding}
              gridEditActions={controllers.gridEdit}
              reviewActions={controllers.review}
            />
            <OverlayLegend {...controllers.overlayLegend} />
            <FeatureInfo />
            <SensorDetail thingIdOf={controllers.sensor.thingIdOf} history={controllers.sensor.history} />
          </HiddenInOps>
          <LoadError />
          <ImportDialog files={importing} actions={controllers.importer} onClose={closeImport} />
          <ModelDialog files={placing} actions={controllers.models} onClose={closePlacing} />
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
