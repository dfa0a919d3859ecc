// View slice: what the URL shares (layers, camera, language, render preset, underground view, mode, building style).
import type { BuildingStyle } from '../../core/style/buildingStyles';
import type { LayerId, LayerVisibility } from '../layers';
import type { SliceStore } from '../sliceStore';
import type { AppMode, CameraView, Lang, RenderPreset, UrlState } from '../urlState';

export interface ViewSlice {
  lang: Lang;
  render: RenderPreset;
  layers: LayerVisibility;
  underground: boolean;
  camera: CameraView | null;
  mode: AppMode;
  /** Colour buildings by land use or by their L3 grid. */
  buildingStyle: BuildingStyle;
}

export function initialView(url: UrlState): ViewSlice {
  return {
    lang: url.lang,
    render: url.render,
    layers: url.layers,
    underground: url.underground,
    camera: url.camera,
    mode: url.mode,
    buildingStyle: url.buildingStyle,
  };
}

type Store = SliceStore<ViewSlice>;

export const viewActions = {
  toggleLayer(store: Store, id: LayerId, on: boolean): void {
    store.setState((s) => ({ layers: { ...s.layers, [id]: on } }));
  },
  setUnderground(store: Store, on: boolean): void {
    store.setState({ underground: on });
  },
  setLang(store: Store, lang: Lang): void {
    store.setState({ lang });
  },
  setCamera(store: Store, camera: CameraView): void {
    store.setState({ camera });
  },
  setMode(store: Store, mode: AppMode): void {
    store.setState({ mode });
  },
  setBuildingStyle(store: Store, buildingStyle: BuildingStyle): void {
    store.setState({ buildingStyle });
  },
};
