// Models slice: the 3D models (IFC, glTF, OBJ, FBX, Collada) placed in the city, each tiled in the tiles worker
// and drawn as its own tileset; which storey is shown alone, and how far the storeys are pulled apart.
import type { DesignInput } from '../../core/planning/designCheck';
import type { ModelFormat, ModelPlacement } from '../../core/models/model';
import type { SliceStore } from '../sliceStore';

export interface PlacedModel {
  /** Unique on the page: the file name, with a number when the same name was placed before. */
  id: string;
  file: string;
  format: ModelFormat;
  /** The tileset (a blob URL served from the tiles worker, or a city file). */
  url: string;
  placement: ModelPlacement;
  storeys: { name: string; elevationM: number }[];
  elements: number;
  triangles: number;
  /** The model's outline on the ground, lon/lat degrees, closed ring. */
  footprintLonLatDeg: number[];
  /** The city building the model replaces (hidden, its grid assignment kept), by id and row in the city's columns. */
  replaces: { id: string; row: number } | null;
  /** The parcel the model stands on, when it stands on one. */
  parcelId: string | null;
  /** Design values for the parcel's review (IFC models). */
  design: DesignInput | null;
}

export interface ModelView {
  /** The storey (index into the model's storeys) shown alone; null: every storey. */
  storey: number | null;
  /** Metres added between consecutive storeys (0: as built). */
  explodeM: number;
}

export interface ModelsSlice {
  models: PlacedModel[];
  /** View options per model id. */
  modelViews: Record<string, ModelView>;
}

export function initialModels(): ModelsSlice {
  return { models: [], modelViews: {} };
}

export const DEFAULT_MODEL_VIEW: ModelView = { storey: null, explodeM: 0 };

type Store = SliceStore<ModelsSlice>;

export const modelsActions = {
  modelPlaced(store: Store, model: PlacedModel): void {
    store.setState((s) => ({ models: [...s.models.filter((m) => m.id !== model.id), model] }));
  },
  modelRemoved(store: Store, id: string): void {
    store.setState((s) => {
      const { [id]: _, ...views } = s.modelViews;
      return { models: s.models.filter((m) => m.id !== id), modelViews: views };
    });
  },
  setModelView(store: Store, id: string, patch: Partial<ModelView>): void {
    store.setState((s) => ({ modelViews: { ...s.modelViews, [id]: { ...DEFAULT_MODEL_VIEW, ...s.modelViews[id], ...patch } } }));
  },
};

/** A page-unique id for a model from `file`, given the ids already placed. */
export function modelId(file: string, placed: readonly { id: string }[]): string {
  const taken = new Set(placed.map((m) => m.id));
  if (!taken.has(file)) return file;
  for (let k = 2; ; k++) if (!taken.has(`${file} (${k})`)) return `${file} (${k})`;
}
