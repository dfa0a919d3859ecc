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
  layer: LayerDataKey;
  index: number;
}

export function isPickId(v: unknown): v is PickId {
  return typeof v === 'object' && v !== null && typeof (v as PickId).layer === 'string' && typeof (v as PickId).index === 'number';
}
