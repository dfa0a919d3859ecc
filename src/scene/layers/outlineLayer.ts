// One highlighted outline draped on the terrain (a tour's grid or parcel): rings of lon/lat, replaced as a whole.
import { Color, ColorGeometryInstanceAttribute, GeometryInstance, GroundPolylineGeometry, GroundPolylinePrimitive, Cartesian3, PolylineColorAppearance, type Viewer } from 'cesium';

export interface OutlineLayer {
  /** Outlines these closed rings (lon,lat,… degrees); null or empty hides it. */
  show(ringsLonLatDeg: Float64Array[] | null): void;
  destroy(): void;
}

export function createOutlineLayer(viewer: Viewer, rgb: [number, number, number] = [255, 214, 0], widthPx = 6): OutlineLayer {
  let primitive: GroundPolylinePrimitive | null = null;
  const clear = () => {
    if (primitive) viewer.scene.groundPrimitives.remove(primitive);
    primitive = null;
  };
  return {
    show(rings) {
      clear();
      if (!rings?.length) return;
      const color = ColorGeometryInstanceAttribute.fromColor(Color.fromBytes(rgb[0], rgb[1], rgb[2], 255));
      primitive = viewer.scene.groundPrimitives.add(
        new GroundPolylinePrimitive({
          geometryInstances: rings.map((r) => new GeometryInstance({
            geometry: new GroundPolylineGeometry({ positions: Cartesian3.fromDegreesArray(Array.from(r)), width: widthPx, loop: true }),
            attributes: { color },
          })),
          appearance: new PolylineColorAppearance(),
          asynchronous: true,
        }),
      );
      viewer.scene.requestRender();
    },
    destroy: clear,
  };
}
