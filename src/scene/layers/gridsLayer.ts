// The 3-level management grid as outlines laid on the terrain: L1 thick, L2 medium, L3 thin.
// Plain polylines at DEM height (not ground primitives, whose volumes cost seconds a frame without a GPU);
// the parts hidden by buildings are drawn faintly so a grid's shape always reads.
import {
  ArcType,
  Cartesian3,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Viewer,
} from 'cesium';
import type { DrapedLines } from '../../core/geom/drape';
import { GRID_LEVELS, type GridLevel } from '../../core/grid/levels';
import type { GridsData } from '../../io/layerData';
import { cesiumColor } from '../colors';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';

export interface GridsVisibility {
  1: boolean;
  2: boolean;
  3: boolean;
  /** Feature index of the selected grid, outlined boldly; null for none. */
  selected: number | null;
}

const SELECTED_RGB: [number, number, number] = [255, 235, 59];
const SELECTED_WIDTH_PX = 7;

/** Outlines float this far above the ground; higher levels a little higher so they win where edges coincide. */
const LIFT_M: Record<GridLevel, number> = { 1: 2.5, 2: 2, 3: 1.5 };

/**
 * One primitive per level (null for a level without grids). Kept out of createGridsLayer's body on
 * purpose: a variable that a closure there refers to lives as long as the layer, and these instances
 * (a Cartesian3 per vertex: about a million small objects at city scale) would then never be freed,
 * making every later garbage collection on the page longer.
 */
function levelPrimitives(viewer: Viewer, data: GridsData, rings: DrapedLines): (Primitive | null)[] {
  const { polygons, level } = data;
  const byLevel: Record<GridLevel, GeometryInstance[]> = { 1: [], 2: [], 3: [] };
  for (let f = 0; f < polygons.ids.length; f++) {
    const lv = (level[f] === 1 || level[f] === 2 ? level[f] : 3) as GridLevel;
    const style = GRID_LEVELS[lv];
    const color = ColorGeometryInstanceAttribute.fromColor(cesiumColor(style.rgb));
    const id: PickId = { layer: 'grids', index: f };
    for (let p = polygons.featurePolyStart[f]; p < polygons.featurePolyStart[f + 1]; p++) {
      const r = polygons.polyRingStart[p]; // the outer ring: a grid's outline
      const flat: number[] = [];
      for (let v = rings.partStart[r]; v < rings.partStart[r + 1]; v++) {
        flat.push(rings.coords[3 * v], rings.coords[3 * v + 1], rings.coords[3 * v + 2] + LIFT_M[lv]);
      }
      byLevel[lv].push(
        new GeometryInstance({
          geometry: new PolylineGeometry({
            positions: Cartesian3.fromDegreesArrayHeights(flat),
            width: style.widthPx,
            arcType: ArcType.NONE,
            vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
          }),
          id,
          attributes: { color, depthFailColor: ColorGeometryInstanceAttribute.fromColor(cesiumColor(style.rgb, 0.35)) },
        }),
      );
    }
  }
  const primitives: (Primitive | null)[] = [];
  for (const lv of [1, 2, 3] as const) {
    primitives.push(
      byLevel[lv].length === 0
        ? null
        : (viewer.scene.primitives.add(
            new Primitive({
              geometryInstances: byLevel[lv],
              appearance: new PolylineColorAppearance({ translucent: false }),
              depthFailAppearance: new PolylineColorAppearance({ translucent: true }),
              asynchronous: true,
            }),
          ) as Primitive),
    );
  }
  return primitives;
}

/** @param rings every ring of `data.polygons`, draped on the DEM (parts = rings, closed). */
export function selectGrids(s: AppState): GridsVisibility {
  return { 1: s.layers.gridL1, 2: s.layers.gridL2, 3: s.layers.gridL3, selected: s.mode === 'grid' ? s.selectedGridIndex : null };
}

export function createGridsLayer(viewer: Viewer, data: GridsData, rings: DrapedLines): SceneLayer<GridsVisibility> {
  const { polygons } = data;
  const primitives = levelPrimitives(viewer, data, rings);

  // The selected grid's outline: its own small primitive, rebuilt on each selection.
  let selected: number | null = null;
  let highlight: Primitive | null = null;
  function outline(f: number): Primitive {
    const instances: GeometryInstance[] = [];
    for (let p = polygons.featurePolyStart[f]; p < polygons.featurePolyStart[f + 1]; p++) {
      const r = polygons.polyRingStart[p];
      const flat: number[] = [];
      for (let v = rings.partStart[r]; v < rings.partStart[r + 1]; v++)
        flat.push(rings.coords[3 * v], rings.coords[3 * v + 1], rings.coords[3 * v + 2] + 3);
      instances.push(
        new GeometryInstance({
          geometry: new PolylineGeometry({
            positions: Cartesian3.fromDegreesArrayHeights(flat),
            width: SELECTED_WIDTH_PX,
            arcType: ArcType.NONE,
            vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
          }),
          id: { layer: 'grids', index: f } satisfies PickId,
          attributes: {
            color: ColorGeometryInstanceAttribute.fromColor(cesiumColor(SELECTED_RGB)),
            depthFailColor: ColorGeometryInstanceAttribute.fromColor(cesiumColor(SELECTED_RGB, 0.6)),
          },
        }),
      );
    }
    return viewer.scene.primitives.add(
      new Primitive({
        geometryInstances: instances,
        appearance: new PolylineColorAppearance({ translucent: false }),
        depthFailAppearance: new PolylineColorAppearance({ translucent: true }),
        asynchronous: false,
      }),
    ) as Primitive;
  }

  return {
    key: 'grids',
    count: polygons.ids.length,
    ready: () => primitives.every((p) => !p || p.ready),
    update(visible) {
      primitives.forEach((p, i) => {
        if (p) p.show = visible[(i + 1) as GridLevel];
      });
      if (visible.selected !== selected) {
        if (highlight) viewer.scene.primitives.remove(highlight);
        selected = visible.selected;
        highlight = selected !== null && selected >= 0 && selected < polygons.ids.length ? outline(selected) : null;
      }
    },
    destroy() {
      for (const p of primitives) if (p) viewer.scene.primitives.remove(p);
      if (highlight) viewer.scene.primitives.remove(highlight);
    },
  };
}
