// The 3D models placed in the city (src/state/slices/models.ts): one 3D Tiles tileset each, made by the tiles worker
// from src/core/models. A storey shown alone is a style on the elements' `storeyIndex`; storeys pulled apart are a
// custom shader lifting each vertex by its `_STOREY` attribute times the gap, along the local vertical. The selected
// element is drawn highlighted. Picked elements come back through modelFeature().
import {
  Cesium3DTileset,
  Cesium3DTileStyle,
  Color,
  CustomShader,
  LightingModel,
  UniformType,
  type Cesium3DTileFeature,
  type Viewer,
} from 'cesium';
import type { AppState, ModelView, PlacedModel } from '../../state/store';
import { DEFAULT_MODEL_VIEW } from '../../state/slices/models';
import { CITY_TILESET_OPTIONS } from '../viewerSetup';
import type { SceneLayer } from './layer';

export interface ModelsState {
  models: readonly PlacedModel[];
  views: Readonly<Record<string, ModelView>>;
  /** The selected element: its model id and feature id. */
  selected: { model: string; feature: number } | null;
}

export function selectModels(s: AppState): ModelsState {
  const sel = s.selection?.layer === 'model' ? s.selection : null;
  const model = sel?.properties?.model;
  return {
    models: s.models,
    views: s.modelViews,
    selected: sel && typeof model === 'string' ? (selectedOf(model, sel.index) ?? null) : null,
  };
}

// One object per (model, feature), so the selector's result compares equal while the selection stays.
let lastSelected: { model: string; feature: number } | undefined;
function selectedOf(model: string, feature: number) {
  if (lastSelected?.model !== model || lastSelected.feature !== feature) lastSelected = { model, feature };
  return lastSelected;
}

/** Which model each of our model tilesets draws. */
const modelOfTileset = new WeakMap<Cesium3DTileset, string>();

/** A picked element of a placed model: its model id, feature id and metadata row; null for anything else. */
export function modelFeature(picked: unknown): { model: string; feature: number; properties: Record<string, unknown> } | null {
  const f = picked as Partial<Cesium3DTileFeature> | undefined;
  if (!f || typeof f.getProperty !== 'function' || !(f.primitive instanceof Cesium3DTileset)) return null;
  const model = modelOfTileset.get(f.primitive);
  if (model === undefined) return null;
  const properties: Record<string, unknown> = { model };
  for (const name of (f as Cesium3DTileFeature).getPropertyIds()) properties[name] = (f as Cesium3DTileFeature).getProperty(name);
  return { model, feature: (f as Cesium3DTileFeature).featureId, properties };
}

// Lifts each vertex by its storey index × the gap, along the vertical through the tile's origin (model coordinates are
// the tile's own, quantised: the lift goes through the inverse model matrix).
const EXPLODE = `
void vertexMain(VertexInput vsInput, inout czm_modelVertexOutput vsOutput) {
  float storey = vsInput.attributes.storey;
  if (storey > 0.0 && u_explodeM > 0.0) {
    vec3 up = normalize((czm_model * vec4(0.0, 0.0, 0.0, 1.0)).xyz);
    vsOutput.positionMC += (czm_inverseModel * vec4(up * storey * u_explodeM, 0.0)).xyz;
  }
}
`;

const SELECTED = Color.fromBytes(0, 255, 255, 255);

interface Drawn {
  tileset: Cesium3DTileset;
  shader: CustomShader;
  view: ModelView;
  selected: number | null;
}

export function createModelsLayer(viewer: Viewer): SceneLayer<ModelsState> {
  const drawn = new Map<string, Drawn | 'loading'>();
  let state: ModelsState = { models: [], views: {}, selected: null };

  function styleOf(d: Drawn): void {
    const { view, selected } = d;
    const style = new Cesium3DTileStyle();
    (style as unknown as { show: unknown }).show = {
      evaluate: (f: Cesium3DTileFeature) => view.storey === null || f.getProperty('storeyIndex') === view.storey,
    };
    (style as unknown as { color: unknown }).color = {
      evaluate: (f: Cesium3DTileFeature) => (f.featureId === selected ? SELECTED : Color.WHITE),
      evaluateColor: (f: Cesium3DTileFeature, result: Color) => Color.clone(f.featureId === selected ? SELECTED : Color.WHITE, result),
    };
    d.tileset.style = style;
  }

  async function load(model: PlacedModel): Promise<void> {
    drawn.set(model.id, 'loading');
    const tileset = await Cesium3DTileset.fromUrl(model.url, CITY_TILESET_OPTIONS);
    if (drawn.get(model.id) !== 'loading') return void tileset.destroy();
    const shader = new CustomShader({
      lightingModel: LightingModel.PBR,
      uniforms: { u_explodeM: { type: UniformType.FLOAT, value: 0 } },
      vertexShaderText: EXPLODE,
    });
    tileset.customShader = shader;
    modelOfTileset.set(tileset, model.id);
    viewer.scene.primitives.add(tileset);
    const d: Drawn = { tileset, shader, view: DEFAULT_MODEL_VIEW, selected: null };
    drawn.set(model.id, d);
    apply(model.id, d);
    viewer.scene.requestRender();
  }

  function apply(id: string, d: Drawn): void {
    const view = state.views[id] ?? DEFAULT_MODEL_VIEW;
    const selected = state.selected?.model === id ? state.selected.feature : null;
    if (view.explodeM !== d.view.explodeM) d.shader.setUniform('u_explodeM', view.explodeM);
    const restyle = view.storey !== d.view.storey || selected !== d.selected || !d.tileset.style;
    d.view = view;
    d.selected = selected;
    if (restyle) styleOf(d);
  }

  function drop(id: string): void {
    const d = drawn.get(id);
    drawn.delete(id);
    if (d && d !== 'loading') viewer.scene.primitives.remove(d.tileset);
  }

  return {
    key: 'models',
    get count() {
      return state.models.length;
    },
    ready: () => [...drawn.values()].every((d) => d !== 'loading' && (!d.tileset.show || d.tileset.tilesLoaded)),
    update(s) {
      state = s;
      const ids = new Set(s.models.map((m) => m.id));
      for (const id of [...drawn.keys()]) if (!ids.has(id)) drop(id);
      for (const m of s.models) {
        const d = drawn.get(m.id);
        if (!d) {
          load(m).catch((err: unknown) => {
            drawn.delete(m.id);
            console.error(`${m.file}: its tiles could not be drawn: ${(err as Error).message}`);
          });
        } else if (d !== 'loading') apply(m.id, d);
      }
    },
    destroy() {
      for (const id of [...drawn.keys()]) drop(id);
    },
  };
}
