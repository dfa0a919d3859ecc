// Buildings as one batched primitive of extruded footprints, coloured by land use, pickable per building.
import {
  Cartesian3,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
  type Viewer,
} from 'cesium';
import { landUseClassOf } from '../../core/planning/landUseClasses';
import type { BuildingsData } from '../../io/layerData';
import type { PickId, SceneLayer } from './layer';

/** Footprints start this far below their ground height so no gap shows where terrain interpolates lower. */
const SINK_M = 2;

function ringPositions(coords: Float64Array, start: number, end: number): Cartesian3[] {
  const flat = new Array<number>((end - start) * 2);
  for (let v = start, k = 0; v < end; v++) {
    flat[k++] = coords[2 * v];
    flat[k++] = coords[2 * v + 1];
  }
  return Cartesian3.fromDegreesArray(flat);
}

const SELECTED_RGBA = [0, 255, 255, 255] as const;
/** Buildings of a selected grid: a warm white that stands out from every land-use colour. */
const GROUP_RGBA = [255, 250, 205, 255] as const;

export interface BuildingsLayerState {
  visible: boolean;
  /** Index of the selected building, highlighted; null for none. */
  selected: number | null;
  /** RGBA per building replacing the land-use colours (e.g. coloured by grid); null for land use. */
  palette: Uint8Array | null;
  /** Buildings highlighted together, e.g. those of a selected grid; null for none. */
  group: Uint32Array | null;
}

/** The primitive is built the first time the layer is shown: a hidden layer costs nothing. */
export function createBuildingsLayer(viewer: Viewer, data: BuildingsData): SceneLayer<BuildingsLayerState> {
  const n = data.polygons.ids.length;
  const useRgba = data.useCodes.map((code) => Uint8Array.from([...landUseClassOf(code).rgb, 255]));
  // One instance per polygon; a MultiPolygon building has several, all recoloured together.
  const instanceIds: PickId[] = [];
  const featureInstanceStart = new Uint32Array(n + 1);
  let primitive: Primitive | null = null;

  let applied: BuildingsLayerState | null = null;
  const inGroup = new Uint8Array(n);

  function colourOf(f: number, s: BuildingsLayerState): ArrayLike<number> {
    if (f === s.selected) return SELECTED_RGBA;
    if (inGroup[f]) return GROUP_RGBA;
    return s.palette ? s.palette.subarray(4 * f, 4 * f + 4) : useRgba[data.useIndex[f]];
  }

  // Recolours a building's instances in place (per-instance attributes live in a GPU buffer; no rebuild).
  // Cesium finds instance attributes fastest when asked in instance order, as the loops below do.
  function paint(p: Primitive, f: number, s: BuildingsLayerState): void {
    const rgba = colourOf(f, s);
    for (let i = featureInstanceStart[f]; i < featureInstanceStart[f + 1]; i++) {
      const attributes = p.getGeometryInstanceAttributes(instanceIds[i]);
      if (attributes) attributes.color = Uint8Array.from(rgba);
    }
  }

  return {
    key: 'buildings',
    count: n,
    ready: () => primitive?.ready ?? !applied?.visible,
    update(s) {
      if (s.visible && !primitive) {
        primitive = build(viewer, data, useRgba, instanceIds, featureInstanceStart);
        applied = null; // built in land-use colours: the first update after it is ready paints the rest
      }
      if (!primitive) {
        applied = s;
        return;
      }
      primitive.show = s.visible;
      if (!primitive.ready) return;
      const prev = applied;
      applied = s;
      if (!prev || prev.palette !== s.palette || prev.group !== s.group) {
        if (prev?.group) for (const f of prev.group) inGroup[f] = 0;
        if (s.group) for (const f of s.group) inGroup[f] = 1;
        for (let f = 0; f < n; f++) paint(primitive, f, s);
      } else if (prev.selected !== s.selected) {
        for (const f of [prev.selected, s.selected]) if (f !== null && f >= 0 && f < n) paint(primitive, f, s);
      }
    },
    destroy() {
      if (primitive) viewer.scene.primitives.remove(primitive);
    },
  };
}

function build(
  viewer: Viewer,
  data: BuildingsData,
  useRgba: Uint8Array[],
  instanceIds: PickId[],
  featureInstanceStart: Uint32Array,
): Primitive {
  const { polygons, heightM, baseM, useIndex } = data;
  const n = polygons.ids.length;
  const instances: GeometryInstance[] = [];
  for (let f = 0; f < n; f++) {
    featureInstanceStart[f] = instanceIds.length;
    const base = baseM[f];
    for (let p = polygons.featurePolyStart[f]; p < polygons.featurePolyStart[f + 1]; p++) {
      const id: PickId = { layer: 'buildings', index: f };
      instanceIds.push(id);
      const r0 = polygons.polyRingStart[p];
      const r1 = polygons.polyRingStart[p + 1];
      const outer = ringPositions(polygons.coords, polygons.ringStart[r0], polygons.ringStart[r0 + 1]);
      const holes: PolygonHierarchy[] = [];
      for (let r = r0 + 1; r < r1; r++) {
        holes.push(new PolygonHierarchy(ringPositions(polygons.coords, polygons.ringStart[r], polygons.ringStart[r + 1])));
      }
      instances.push(
        new GeometryInstance({
          geometry: new PolygonGeometry({
            polygonHierarchy: new PolygonHierarchy(outer, holes),
            height: base - SINK_M,
            extrudedHeight: base + heightM[f],
            vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
          }),
          id,
          attributes: {
            color: new ColorGeometryInstanceAttribute(
              ...(Array.from(useRgba[useIndex[f]], (v) => v / 255) as [number, number, number, number]),
            ),
          },
        }),
      );
    }
  }
  featureInstanceStart[n] = instanceIds.length;
  return viewer.scene.primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }),
      asynchronous: true,
      releaseGeometryInstances: true,
    }),
  ) as Primitive;
}
