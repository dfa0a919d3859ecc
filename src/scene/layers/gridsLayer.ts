// The 3-level management grid as terrain-draped outlines: L1 thick, L2 medium, L3 thin.
import {
  Cartesian3,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  GroundPolylineGeometry,
  GroundPolylinePrimitive,
  PolylineColorAppearance,
  type Viewer,
} from 'cesium';
import { GRID_LEVELS } from '../../core/grid/levels';
import type { GridsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';


export interface GridsVisibility {
  1: boolean;
  2: boolean;
  3: boolean;
}

export function createGridsLayer(viewer: Viewer, data: GridsData): SceneLayer<GridsVisibility> {
  const { polygons, level } = data;
  const byLevel: Record<1 | 2 | 3, GeometryInstance[]> = { 1: [], 2: [], 3: [] };
  for (let f = 0; f < polygons.ids.length; f++) {
    const lv = (level[f] === 1 || level[f] === 2 ? level[f] : 3) as 1 | 2 | 3;
    const style = GRID_LEVELS[lv];
    const color = ColorGeometryInstanceAttribute.fromColor(cesiumColor(style.rgb));
    const id: PickId = { layer: 'grids', index: f };
    for (let p = polygons.featurePolyStart[f]; p < polygons.featurePolyStart[f + 1]; p++) {
      // Outer rings only: a grid's outline.
      const r = polygons.polyRingStart[p];
      const start = polygons.ringStart[r];
      const end = polygons.ringStart[r + 1];
      const flat: number[] = [];
      for (let v = start; v < end; v++) flat.push(polygons.coords[2 * v], polygons.coords[2 * v + 1]);
      flat.push(polygons.coords[2 * start], polygons.coords[2 * start + 1]);
      byLevel[lv].push(
        new GeometryInstance({
          geometry: new GroundPolylineGeometry({ positions: Cartesian3.fromDegreesArray(flat), width: style.widthPx }),
          id,
          attributes: { color },
        }),
      );
    }
  }
  const primitives = ([1, 2, 3] as const).map((lv) =>
    byLevel[lv].length === 0
      ? null
      : (viewer.scene.groundPrimitives.add(
          new GroundPolylinePrimitive({
            geometryInstances: byLevel[lv],
            appearance: new PolylineColorAppearance(),
            asynchronous: true,
          }),
        ) as GroundPolylinePrimitive),
  );

  return {
    key: 'grids',
    count: polygons.ids.length,
    ready: () => primitives.every((p) => !p || p.ready),
    update(visible) {
      primitives.forEach((p, i) => {
        if (p) p.show = visible[(i + 1) as 1 | 2 | 3];
      });
    },
    destroy() {
      for (const p of primitives) if (p) viewer.scene.groundPrimitives.remove(p);
    },
  };
}
