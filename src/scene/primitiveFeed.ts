// Primitives built on the page's thread (prebuilt geometry cannot go through Cesium's geometry workers), added to a
// collection one per frame once the previous one is built: no frame builds them all.
import type { PrimitiveCollection, Viewer } from 'cesium';

/** A Cesium primitive that says when it is built (Primitive, MeshPrimitive). */
export interface FedPrimitive {
  readonly ready: boolean;
}

export interface PrimitiveFeed {
  /** Every primitive is added and built, or the collection is hidden (a hidden one builds nothing). */
  ready(): boolean;
  stop(): void;
}

/** Adds `make(0)`, `make(1)`, … `make(total - 1)` to `group`, one a frame, while the group is shown. */
export function feedPrimitives(
  viewer: Viewer,
  group: PrimitiveCollection,
  total: number,
  make: (k: number) => FedPrimitive,
): PrimitiveFeed {
  const added: FedPrimitive[] = [];
  const removeFeed = viewer.scene.postRender.addEventListener(() => {
    if (added.length === total || !group.show || (added.length > 0 && !added[added.length - 1].ready)) return;
    added.push(group.add(make(added.length)) as FedPrimitive);
    viewer.scene.requestRender();
  });
  viewer.scene.requestRender();
  return {
    ready: () => !group.show || (added.length === total && (total === 0 || added[total - 1].ready)),
    stop: removeFeed,
  };
}
