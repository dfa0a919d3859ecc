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

/** Per marked layer in the scene: true when any of its primitives is shown (with every collection above it). */
export function shownLayers(viewer: Viewer): Partial<Record<MarkedLayer, boolean>> {
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
  if (!viewer.isDestroyed()) walk(viewer.scene.primitives, viewer.scene.primitives.show);
  return out;
}
