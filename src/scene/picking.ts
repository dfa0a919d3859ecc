// Click picking: whatever our primitives return as id goes to the callback (null for empty space).
import {
  Cartographic,
  Math as CesiumMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Cartesian2,
  type Cartesian3,
  type Viewer,
} from 'cesium';
import { tileFeatureId, tileFeatureProperties } from './layers/buildingTilesLayer';
import { isPickId, type PickId } from './layers/layer';
import { modelFeature } from './layers/modelsLayer';

/** Index of a pipeline in its layer's columns from the id its tile carries (building tiles carry their row). */
export type TileFeatureIndex = (layer: 'pipelines', id: string) => number | undefined;

/** The PickId of a picked object: our primitives' ids, or a 3D Tiles feature resolved by its row or id. */
function pickIdOf(picked: { id?: unknown }, indexOf: TileFeatureIndex): PickId | null {
  if (isPickId(picked?.id)) return picked.id;
  const element = modelFeature(picked);
  if (element) return { layer: 'model', index: element.feature, properties: element.properties };
  const feature = tileFeatureId(picked);
  if (feature === null) return null;
  const properties = tileFeatureProperties(picked as Parameters<typeof tileFeatureProperties>[0]);
  if (feature.layer === 'imported') return { layer: 'imported', index: -1, properties };
  // -1: a feature of the layer that is no row of its columns (a far-view merged block).
  const index = feature.layer === 'buildings' ? feature.row : indexOf(feature.layer, feature.id);
  return { layer: feature.layer, index: index ?? -1, properties };
}

/**
 * `ground` is the clicked point on the terrain as [lon, lat] degrees, when the click hit the globe.
 * `indexOf` maps a pipeline tile feature's id to its index in its layer's columns.
 */
/**
 * The ground under a screen position: the terrain where its tiles are loaded, else the ellipsoid (exact
 * in the straight-down 2D view; off by the terrain height times the view's slant in 3D), so a click made
 * before the terrain under it has loaded still lands. Undefined for the sky.
 */
export function groundUnder(viewer: Viewer, position: Cartesian2): Cartesian3 | undefined {
  const ray = viewer.camera.getPickRay(position);
  return (ray && viewer.scene.globe.pick(ray, viewer.scene)) || viewer.camera.pickEllipsoid(position) || undefined;
}

export function onPick(
  viewer: Viewer,
  callback: (id: PickId | null, ground: [number, number] | null) => void,
  indexOf: TileFeatureIndex = () => undefined,
): () => void {
  const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
  handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
    // Grid outlines are drawn (and so picked) through buildings: prefer any other feature under the cursor.
    const ids = viewer.scene
      .drillPick(e.position, 4)
      .map((p: { id?: unknown }) => pickIdOf(p, indexOf))
      .filter((p): p is PickId => p !== null);
    const id = ids.find((p) => p.layer !== 'grids') ?? ids[0];
    const hit = groundUnder(viewer, e.position);
    const c = hit ? Cartographic.fromCartesian(hit) : undefined;
    callback(id ?? null, c ? [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)] : null);
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => handler.destroy();
}
