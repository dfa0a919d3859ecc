// The shareable view in the URL: camera, visible layers, language, render preset, underground view.
import { isBuildingStyle, type BuildingStyle } from '../core/style/buildingStyles';
import { DEFAULT_LAYERS, LAYER_IDS, isLayerId, type LayerVisibility } from './layers';

export interface CameraView {
  lonDeg: number;
  latDeg: number;
  heightM: number;
  headingDeg: number;
  pitchDeg: number;
}

export type Lang = 'zh-CN' | 'en';
/** 'lite' is the preset for machines without a GPU: no MSAA, atmosphere, fog or sky. */
export type RenderPreset = 'full' | 'lite';

/** Planning browse, or grid management (grid statistics, buildings by grid); 'ops': the operations-centre big screen. */
export type AppMode = 'plan' | 'review' | 'grid' | 'ops';

export interface UrlState {
  camera: CameraView | null;
  layers: LayerVisibility;
  lang: Lang;
  render: RenderPreset;
  underground: boolean;
  /** Manifest of the city to open, relative to the page. */
  data: string;
  mode: AppMode;
  buildingStyle: BuildingStyle;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function parseCamera(raw: string | null): CameraView | null {
  if (!raw) return null;
  const parts = raw.split(',').map(Number);
  if (parts.length !== 5 || parts.some((v) => !Number.isFinite(v))) return null;
  const [lonDeg, latDeg, heightM, headingDeg, pitchDeg] = parts;
  if (Math.abs(lonDeg) > 180 || Math.abs(latDeg) > 90 || heightM < -1e4 || heightM > 1e8) return null;
  return { lonDeg, latDeg, heightM, headingDeg, pitchDeg };
}

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const layersRaw = q.get('layers');
  const layers = { ...DEFAULT_LAYERS };
  if (layersRaw !== null) {
    for (const id of LAYER_IDS) layers[id] = false;
    for (const id of layersRaw.split(',')) if (isLayerId(id)) layers[id] = true;
  }
  return {
    camera: parseCamera(q.get('view')),
    layers,
    lang: q.get('lang') === 'en' ? 'en' : 'zh-CN',
    render: q.get('render') === 'lite' ? 'lite' : 'full',
    underground: q.get('underground') === '1',
    data: q.get('data') || 'data/demo.json',
    mode: q.get('mode') === 'grid' ? 'grid' : q.get('mode') === 'review' ? 'review' : q.get('mode') === 'ops' ? 'ops' : 'plan',
    buildingStyle: isBuildingStyle(q.get('style')) ? (q.get('style') as BuildingStyle) : 'use',
  };
}

/** Writes the state into `search`, keeping parameters this module does not own. */
export function formatUrlState(state: UrlState, search = ''): string {
  const q = new URLSearchParams(search);
  if (state.camera) {
    const c = state.camera;
    q.set('view', [round(c.lonDeg, 6), round(c.latDeg, 6), round(c.heightM, 1), round(c.headingDeg, 1), round(c.pitchDeg, 1)].join(','));
  }
  q.set('layers', LAYER_IDS.filter((id) => state.layers[id]).join(','));
  if (state.lang === 'en') q.set('lang', 'en');
  else q.delete('lang');
  if (state.render === 'lite') q.set('render', 'lite');
  else q.delete('render');
  if (state.underground) q.set('underground', '1');
  else q.delete('underground');
  if (state.data !== 'data/demo.json') q.set('data', state.data);
  else q.delete('data');
  if (state.mode !== 'plan') q.set('mode', state.mode);
  else q.delete('mode');
  if (state.buildingStyle !== 'use') q.set('style', state.buildingStyle);
  else q.delete('style');
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}
