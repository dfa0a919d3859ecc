// The app store: plain serialisable records and the actions that change them.
import { createStore } from 'zustand/vanilla';
import type { DemoManifest } from '../core/demo/manifest';
import type { FeatureProblem } from '../io/packGeoJson';
import type { LayerDataKey } from '../io/layerData';
import type { LayerId, LayerVisibility } from './layers';
import type { CameraView, Lang, RenderPreset, UrlState } from './urlState';

export interface Selection {
  layer: LayerDataKey;
  index: number;
  properties: Record<string, unknown> | null;
}

export type LoadPhase = 'loading' | 'ready' | 'error';

export interface AppState {
  lang: Lang;
  render: RenderPreset;
  layers: LayerVisibility;
  underground: boolean;
  camera: CameraView | null;
  dataUrl: string;
  manifest: DemoManifest | null;
  load: { phase: LoadPhase; step: string; error?: string };
  /** Features drawn per layer. */
  counts: Partial<Record<LayerDataKey, number>>;
  /** Buildings per land-use code, for the legend chart. */
  buildingsByUse: Record<string, number>;
  problems: FeatureProblem[];
  selection: Selection | null;
}

export function createAppStore(initial: UrlState) {
  return createStore<AppState>()(() => ({
    lang: initial.lang,
    render: initial.render,
    layers: initial.layers,
    underground: initial.underground,
    camera: initial.camera,
    dataUrl: initial.data,
    manifest: null,
    load: { phase: 'loading', step: 'manifest' },
    counts: {},
    buildingsByUse: {},
    problems: [],
    selection: null,
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const actions = {
  toggleLayer(store: AppStore, id: LayerId, on: boolean): void {
    store.setState((s) => ({ layers: { ...s.layers, [id]: on } }));
  },
  setUnderground(store: AppStore, on: boolean): void {
    store.setState({ underground: on });
  },
  setLang(store: AppStore, lang: Lang): void {
    store.setState({ lang });
  },
  setCamera(store: AppStore, camera: CameraView): void {
    store.setState({ camera });
  },
  select(store: AppStore, selection: Selection | null): void {
    store.setState({ selection });
  },
  loadStep(store: AppStore, step: string): void {
    store.setState({ load: { phase: 'loading', step } });
  },
  loadFailed(store: AppStore, error: string): void {
    store.setState((s) => ({ load: { phase: 'error', step: s.load.step, error } }));
  },
  loaded(store: AppStore): void {
    store.setState({ load: { phase: 'ready', step: 'done' } });
  },
};

/** The URL-relevant slice of the state. */
export function urlStateOf(s: AppState): UrlState {
  return { camera: s.camera, layers: s.layers, lang: s.lang, render: s.render, underground: s.underground, data: s.dataUrl };
}
