// The 3-level management grid as outlines draped on the terrain: imagery tiles drawn in the grids worker, each
// level only from the zoom where its grids are big enough to read (L1 far, L2 mid, L3 near), so the page builds
// nothing per grid. The selected grid's outline is one small polyline primitive at DEM height. What is drawn where (and
// the grid under a point at those levels) is read back through gridsView, for clicks and diagnostics.
import {
  ArcType,
  Cartesian3,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  ImageryLayer,
  Math as CesiumMath,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  Rectangle,
  type ImageryProvider,
  type Viewer,
} from 'cesium';
import type { DrapedLines } from '../../core/geom/drape';
import type { PolygonBuffers } from '../../core/geom/packed';
import type { GridLevel } from '../../core/grid/levels';
import { levelsAtZoom, type LevelMinZooms } from '../../core/grid/gridView';
import { background } from '../../core/util/background';
import type { GridsData } from '../../io/layerData';
import { imageryDrawn, type DrawnImagery } from '../cesiumInternals';
import { cesiumColor } from '../colors';
import { FunctionImageryProvider } from './planLayers';
import type { PickId, SceneLayer } from './layer';
import type { AppState } from '../../state/store';

export interface GridsVisibility {
  1: boolean;
  2: boolean;
  3: boolean;
  /** Feature index of the selected grid, outlined boldly; null for none. */
  selected: number | null;
}

/** What the layer needs from the workers: the grids worker's tiles and the DEM worker's draping. */
export interface GridLayerSources {
  setGrids(
    id: number,
    polygons: PolygonBuffers,
    level: Uint8Array,
  ): Promise<{ minZooms: LevelMinZooms; bboxDeg: [number, number, number, number] }>;
  drop(id: number): Promise<void>;
  tile(id: number, on: GridLevel[], x: number, y: number, zoom: number): Promise<ImageBitmap>;
  /** The grid (feature index) under a lon/lat point at the finest of `levels` with one there, -1 for none. */
  gridAt(id: number, lonLatDeg: [number, number], levels: GridLevel[]): Promise<number>;
  /** Closed lon/lat rings draped on the DEM (lon, lat, height per vertex). */
  drape(coords: Float64Array, ringStart: Uint32Array): Promise<DrapedLines>;
}

/** What the page asks of the grids as drawn: the levels on screen, the grid under a point at them, the outlined grid. */
export interface GridsView {
  /** The levels the globe's tiles drawn last frame show, coarsest first ([] before any tile is drawn). */
  levelsDrawn(): GridLevel[];
  /** The zooms of the grid tiles drawn last frame, ascending. */
  zoomsDrawn(): number[];
  /** The levels drawn at a lon/lat point (by the finest grid tile drawn over it), coarsest first; [] where none is. */
  levelsDrawnAt(lonLatDeg: [number, number]): GridLevel[];
  /** The grid under a lon/lat point at the finest of `levels` with one there (feature index and id), null for none. */
  gridAt(lonLatDeg: [number, number], levels: GridLevel[]): Promise<{ index: number; id: string } | null>;
  /** The id of the grid whose outline is drawn, null for none. */
  outlined(): string | null;
}

const views = new WeakMap<Viewer, GridsView>();

/** The grids the viewer draws (its latest grids layer), null without one. */
export function gridsView(viewer: Viewer): GridsView | null {
  return views.get(viewer) ?? null;
}

const SELECTED_RGB: [number, number, number] = [255, 235, 59];
const SELECTED_WIDTH_PX = 7;
const SELECTED_LIFT_M = 3;

let nextLayerId = 1;

export function selectGrids(s: AppState): GridsVisibility {
  return { 1: s.layers.gridL1, 2: s.layers.gridL2, 3: s.layers.gridL3, selected: s.mode === 'grid' ? s.selectedGridIndex : null };
}

/** The outer rings of feature `f` as lon/lat coords and ring offsets (a grid's outline). */
function outerRings(p: PolygonBuffers, f: number): { coords: Float64Array; ringStart: Uint32Array } {
  const starts = [0];
  const coords: number[] = [];
  for (let poly = p.featurePolyStart[f]; poly < p.featurePolyStart[f + 1]; poly++) {
    const r = p.polyRingStart[poly];
    for (let v = p.ringStart[r]; v < p.ringStart[r + 1]; v++) coords.push(p.coords[2 * v], p.coords[2 * v + 1]);
    starts.push(coords.length / 2);
  }
  return { coords: Float64Array.from(coords), ringStart: Uint32Array.from(starts) };
}

function outlinePrimitive(rings: DrapedLines, f: number): Primitive {
  const instances: GeometryInstance[] = [];
  for (let r = 0; r + 1 < rings.partStart.length; r++) {
    const flat: number[] = [];
    for (let v = rings.partStart[r]; v < rings.partStart[r + 1]; v++)
      flat.push(rings.coords[3 * v], rings.coords[3 * v + 1], rings.coords[3 * v + 2] + SELECTED_LIFT_M);
    if (flat.length < 6) continue;
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
  return new Primitive({
    geometryInstances: instances,
    appearance: new PolylineColorAppearance({ translucent: false }),
    depthFailAppearance: new PolylineColorAppearance({ translucent: true }),
    asynchronous: false,
  });
}

export function createGridsLayer(viewer: Viewer, data: GridsData, sources: GridLayerSources): SceneLayer<GridsVisibility> {
  const { polygons } = data;
  const id = nextLayerId++;
  let destroyed = false;
  let loaded: { rectangle: Rectangle; minZooms: LevelMinZooms } | null = null;
  let imagery: ImageryLayer | null = null;
  let shownLevels = '';
  let shownOn: GridLevel[] = [];
  let wanted: GridsVisibility = { 1: false, 2: false, 3: false, selected: null };

  // The worker gets its own copy of the geometry: the page keeps `data` for the join and the editor.
  const own = {
    coords: polygons.coords.slice(),
    ringStart: polygons.ringStart.slice(),
    polyRingStart: polygons.polyRingStart.slice(),
    featurePolyStart: polygons.featurePolyStart.slice(),
    bbox: polygons.bbox.slice(),
  };
  const level = data.level.slice();
  const ready = sources.setGrids(id, own, level).then(({ bboxDeg, minZooms }) => {
    if (destroyed) return;
    loaded = { rectangle: Rectangle.fromDegrees(...bboxDeg), minZooms };
    showLevels(wanted);
    viewer.scene.requestRender();
  });
  background(ready, 'loading the grids into the grids worker');

  /** One imagery layer draws the levels switched on; switching one re-makes it (its tiles are cheap). */
  function showLevels(v: GridsVisibility): void {
    if (!loaded) return;
    const on = ([1, 2, 3] as const).filter((lv) => v[lv]);
    const key = on.join(',');
    if (key === shownLevels && (imagery !== null || on.length === 0)) return;
    shownLevels = key;
    shownOn = on;
    if (imagery) viewer.imageryLayers.remove(imagery, true);
    imagery = null;
    if (on.length === 0) return;
    const provider = new FunctionImageryProvider(loaded.rectangle, (x, y, zoom) => sources.tile(id, on, x, y, zoom), 'grid');
    imagery = new ImageryLayer(provider as unknown as ImageryProvider, { rectangle: loaded.rectangle });
    viewer.imageryLayers.add(imagery);
  }
  // Outlines stay above imagery added later (the planning layers' fills).
  const keepOnTop = viewer.imageryLayers.layerAdded.addEventListener((l: ImageryLayer) => {
    if (imagery && l !== imagery) viewer.imageryLayers.raiseToTop(imagery);
  });

  // The selected grid's outline: draped in the DEM worker, then its own small primitive.
  let selected: number | null = null;
  let highlight: Primitive | null = null;
  function select(f: number | null): void {
    if (highlight) viewer.scene.primitives.remove(highlight);
    highlight = null;
    selected = f;
    if (f === null || f < 0 || f >= polygons.ids.length) return;
    const rings = outerRings(polygons, f);
    const draw = sources.drape(rings.coords, rings.ringStart).then((draped) => {
      if (destroyed || selected !== f) return;
      highlight = viewer.scene.primitives.add(outlinePrimitive(draped, f)) as Primitive;
      viewer.scene.requestRender();
    });
    background(draw, 'draping the selected grid');
  }

  /** The grid tiles drawn last frame ([] when none is). */
  const drawn = (): DrawnImagery[] => (imagery && loaded ? (imageryDrawn(viewer.scene.globe, imagery) ?? []) : []);
  const levelsOf = (zooms: Iterable<number>): GridLevel[] => {
    const levels = new Set<GridLevel>();
    for (const zoom of zooms) for (const lv of levelsAtZoom(loaded!.minZooms, zoom, shownOn)) levels.add(lv);
    return [...levels].sort((a, b) => a - b);
  };
  const view: GridsView = {
    levelsDrawn: () => levelsOf(view.zoomsDrawn()),
    zoomsDrawn: () => [...new Set(drawn().map((t) => t.level))].sort((a, b) => a - b),
    levelsDrawnAt([lonDeg, latDeg]) {
      const [x, y] = [CesiumMath.toRadians(lonDeg), CesiumMath.toRadians(latDeg)];
      const over = drawn().filter((t) => x >= t.west && x <= t.east && y >= t.south && y <= t.north);
      return over.length === 0 ? [] : levelsOf([Math.max(...over.map((t) => t.level))]);
    },
    async gridAt(lonLatDeg, levels) {
      if (!loaded || levels.length === 0) return null;
      const f = await sources.gridAt(id, lonLatDeg, levels);
      return f >= 0 ? { index: f, id: polygons.ids[f] } : null;
    },
    outlined: () => (highlight && selected !== null ? polygons.ids[selected] : null),
  };
  views.set(viewer, view);

  return {
    key: 'grids',
    count: polygons.ids.length,
    ready: () => loaded !== null,
    update(visible) {
      wanted = visible;
      showLevels(visible);
      if (visible.selected !== selected) select(visible.selected);
    },
    destroy() {
      destroyed = true;
      if (views.get(viewer) === view) views.delete(viewer);
      keepOnTop();
      if (imagery) viewer.imageryLayers.remove(imagery, true);
      if (highlight) viewer.scene.primitives.remove(highlight);
      background(sources.drop(id), 'dropping a grid layer from the grids worker');
    },
  };
}
