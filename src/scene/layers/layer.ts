// The contract every scene layer follows: created once from loaded data, updated from the store.
import type { LayerDataKey } from '../../io/layerData';

export interface SceneLayer<S> {
  readonly key: string;
  /** Features drawn. */
  readonly count: number;
  /** True once everything is on the GPU (Cesium primitives report ready after their async build). */
  ready(): boolean;
  update(state: S): void;
  destroy(): void;
}

/** What a pick on one of our primitives returns as its id. */
export interface PickId {
  /** 'imported': a feature of a building file the user opened (no columns on this thread; see properties). */
  layer: LayerDataKey | 'imported' | 'model';
  /** Feature index in the layer's columns; -1 for imported features. */
  index: number;
  /** The feature's own properties when the layer carries them (3D Tiles metadata). */
  properties?: Record<string, unknown>;
}

export function isPickId(v: unknown): v is PickId {
  return typeof v === 'object' && v !== null && typeof (v as PickId).layer === 'string' && typeof (v as PickId).index === 'number';
}
