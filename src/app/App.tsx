// Composition root: the store, the Cesium viewer, the workers and the panels.
import { ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Viewer } from 'cesium';
import { useCallback, useEffect } from 'react';
import { CityViewer } from '../scene/CityViewer';
import { createCityScene } from '../scene/cityScene';
import { trackFrames } from '../scene/frameStats';
import { onPick } from '../scene/picking';
import { useAppState } from '../state/react/useAppState';
import { actions, urlStateOf, type AppStore } from '../state/store';
import { formatUrlState } from '../state/urlState';
import { FeatureInfo } from '../ui/FeatureInfo';
import i18next from 'i18next';
import { LayerPanel } from '../ui/LayerPanel';
import { LoadError } from '../ui/LoadError';
import { TopBar } from '../ui/TopBar';
import { installDiagnostics, type DiagnosticsSources } from './diagnostics';
import { installDebugApi } from './debugApi';
import { loadCity } from './loadCity';
import { startWorkers } from './workers';

/** Keeps the URL in step with the shareable view (replaceState: no history entry per camera move). */
function useUrlSync(store: AppStore): void {
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.camera === prev.camera && s.layers === prev.layers && s.lang === prev.lang && s.underground === prev.underground) return;
        const search = formatUrlState(urlStateOf(s), location.search);
        if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
      }),
    [store],
  );
}

export function App({ store }: { store: AppStore }) {
  const lang = useAppState((s) => s.lang);
  const render = useAppState((s) => s.render);
  useUrlSync(store);
  useEffect(() => void i18next.changeLanguage(lang), [lang]);

  const onViewer = useCallback(
    (viewer: Viewer) => {
      const workers = startWorkers();
      const scene = createCityScene(viewer, store);
      const frames = trackFrames(viewer);
      const sources: DiagnosticsSources = { store, frames: frames.stats, cityFrameAtMs: null, layerReady: () => scene.ready() };
      installDiagnostics(sources);
      installDebugApi(viewer);
      const stopPick = onPick(viewer, async (id) => {
        if (!id) return actions.select(store, null);
        const properties = await workers.layers.properties(id.layer, id.index);
        actions.select(store, { layer: id.layer, index: id.index, properties });
      });
      let removeFirstFrame: (() => void) | null = null;
      loadCity(viewer, scene, store, workers)
        .then(() => {
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
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ algorithm: theme.defaultAlgorithm, token: { borderRadius: 4 } }}>
      <div className="cim-app">
        <TopBar />
        <div className="cim-main">
          <CityViewer preset={render} onViewer={onViewer} />
          <div className="cim-left">
            <LayerPanel />
          </div>
          <div className="cim-right">
            <FeatureInfo />
          </div>
          <LoadError />
        </div>
      </div>
    </ConfigProvider>
  );
}
