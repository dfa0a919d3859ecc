// One highlighted outline draped on the terrain (a tour's grid or parcel): rings of lon/lat, replaced as a whole.
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  GroundPolylineGeometry,
  GroundPolylinePrimitive,
  Cartesian3,
  PolylineColorAppearance,
  type Viewer,
} from 'cesium';

export interface OutlineLayer {
  /** Outlines these closed rings (lon,lat,… degrees); null or empty hides it. */
  show(ringsLonLatDeg: Float64Array[] | null): void;
  destroy(): void;
}

/** Ring positions without repeated points (a closing vertex or a duplicate makes a zero-length segment Cesium cannot normalise). */
function ringPositions(ring: Float64Array): Cartesian3[] {
  const out: number[] = [];
  for (let i = 0; i < ring.length; i += 2) {
    const n = out.length;
    if (n && out[n - 2] === ring[i] && out[n - 1] === ring[i + 1]) continue;
    out.push(ring[i], ring[i + 1]);
  }
  if (out.length > 2 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return Cartesian3.fromDegreesArray(out);
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
      const valid = (rings ?? []).map(ringPositions).filter((p) => p.length >= 3);
      if (!valid.length) return;
      const color = ColorGeometryInstanceAttribute.fromColor(Color.fromBytes(rgb[0], rgb[1], rgb[2], 255));
      primitive = viewer.scene.groundPrimitives.add(
        new GroundPolylinePrimitive({
          geometryInstances: valid.map(
            (positions) =>
              new GeometryInstance({
                geometry: new GroundPolylineGeometry({ positions, width: widthPx, loop: true }),
                attributes: { color },
              }),
          ),
          appearance: new PolylineColorAppearance(),
          asynchronous: true,
        }),
      );
      viewer.scene.requestRender();
    },
    destroy: clear,
  };
}
