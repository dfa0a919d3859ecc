// Which scene layer each Cesium primitive draws, so tools and tests can read what Cesium actually shows
// (a layer's show flags after the store's state reached it), not only what the store asks for.
import type { PrimitiveCollection, Viewer } from 'cesium';

export type MarkedLayer = 'buildings' | 'pipelines' | 'sensors';

const layerOfPrimitive = new WeakMap<object, MarkedLayer>();

/** Records that `primitive` draws `layer`; returns it. */
export function markLayer<T extends object>(primitive: T, layer: MarkedLayer): T {
  layerOfPrimitive.set(primitive, layer);
  return primitive;
}

type Shown = { show?: boolean; isDestroyed?: () => boolean };

/** Per marked layer in a collection: true when any of its primitives is shown (with every collection above it). */
export function shownLayersIn(collection: PrimitiveCollection): Partial<Record<MarkedLayer, boolean>> {
  const out: Partial<Record<MarkedLayer, boolean>> = {};
  const walk = (c: PrimitiveCollection, parentShown: boolean) => {
    for (let i = 0; i < c.length; i++) {
      const p = c.get(i) as Shown;
      const shown = parentShown && p.show !== false;
      const layer = layerOfPrimitive.get(p);
      if (layer) out[layer] = (out[layer] ?? false) || shown;
      const child = p as unknown as PrimitiveCollection;
      if (typeof child.get === 'function' && typeof child.length === 'number') walk(child, shown);
    }
  };
  walk(collection, collection.show);
  return out;
}

/** Per marked layer in the viewer's scene (nothing once the viewer is destroyed). */
export function shownLayers(viewer: Viewer): Partial<Record<MarkedLayer, boolean>> {
  return viewer.isDestroyed() ? {} : shownLayersIn(viewer.scene.primitives);
}
