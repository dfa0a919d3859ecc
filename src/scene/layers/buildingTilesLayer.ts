// Buildings as a 3D Tiles 1.1 tileset (built by `cim tiles` or in the tiles worker): coloured per
// feature by one style object, so land use, ramps, grid colours, a grid's buildings and the selection
// are all the same evaluation and a change is a makeStyleDirty, not a rebuild.
import { Cesium3DTileset, Cesium3DTileStyle, Color, type Cesium3DTileFeature, type Viewer } from 'cesium';
import { landUseClassOf } from '../../core/planning/landUseClasses';
import { ROW_NO_DATA } from '../../core/tiles/buildingTable';
import { RAMPS, rampRgb, type BuildingStyle } from '../../core/style/buildingStyles';
import type { SceneLayer } from './layer';
import type { AppState } from '../../state/store';
import { markLayer } from '../primitiveLayers';
import { CITY_TILESET_OPTIONS } from '../viewerSetup';
import { flatShading } from './flatShading';

export interface BuildingTilesState {
  visible: boolean;
  style: BuildingStyle;
  /** Index (in the city's building columns) of the selected building; null for none. */
  selected: number | null;
  /** RGBA per building index replacing the style's colours (coloured by grid); null for none. */
  palette: Uint8Array | null;
  /** Building indices highlighted together (a selected grid's buildings); null for none. */
  group: Uint32Array | null;
  /** Buildings flagged by an analysis or a review (over a height limit, breaking a condition), drawn in their colour. */
  flagged: ReadonlyMap<number, [number, number, number]> | null;
  /** Buildings not drawn: a placed 3D model stands in their place (their grid assignment stays). */
  hidden: ReadonlySet<number> | null;
}

/** Memory bounds: tiles beyond these are evicted as the camera moves (Cesium's cache). */
export const TILE_CACHE_BYTES = 384 * 2 ** 20;
export const TILE_CACHE_OVERFLOW_BYTES = 128 * 2 ** 20;

const SELECTED = Color.fromBytes(0, 255, 255, 255);
const GROUP = Color.fromBytes(255, 250, 205, 255);

export interface BuildingTilesOptions {
  /** A file the user opened, not the city's buildings (its `row`s are no rows of the city's columns). */
  imported?: boolean;
  /** Buildings in the tileset, for the layer count. */
  count?: number;
  /** Screen-space error at which finer tiles load (Cesium's default 16; higher is coarser and lighter). */
  maximumScreenSpaceError?: number;
}

/** Which layer each of our tilesets draws: a file the user opened is 'imported', whatever its ids. */
const layerOfTileset = new WeakMap<Cesium3DTileset, 'buildings' | 'pipelines' | 'imported'>();

export function registerTileset(tileset: Cesium3DTileset, layer: 'buildings' | 'pipelines' | 'imported'): void {
  layerOfTileset.set(tileset, layer);
}

/** A building tile feature's row in the city's building columns (its `row` property); undefined for a far-view block. */
export function tileFeatureRow(feature: Pick<Cesium3DTileFeature, 'getProperty'>): number | undefined {
  const row: unknown = feature.getProperty('row');
  return typeof row === 'number' && row !== ROW_NO_DATA ? row : undefined;
}

/**
 * The id a picked tile feature carries (our tiles' `id` property), its layer and, for the city's buildings, its row;
 * null for anything else.
 */
export function tileFeatureId(
  picked: unknown,
): { id: string; layer: 'buildings' | 'pipelines' | 'imported'; row: number | undefined } | null {
  const f = picked as Partial<Cesium3DTileFeature> | undefined;
  if (!f || typeof f.getProperty !== 'function' || !(f.primitive instanceof Cesium3DTileset)) return null;
  const layer = layerOfTileset.get(f.primitive);
  const id = f.getProperty('id');
  if (typeof id !== 'string' || !layer) return null;
  return { id, layer, row: layer === 'buildings' ? tileFeatureRow(f as Cesium3DTileFeature) : undefined };
}

/** Every metadata property of a picked tile feature, for the info panel. */
export function tileFeatureProperties(picked: Cesium3DTileFeature): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of picked.getPropertyIds()) out[name] = picked.getProperty(name);
  return out;
}

/** The city's buildings read the style, the selection, a grid's colours and buildings (grid mode) and flags (other modes). */
export function selectBuildingTiles(s: AppState): BuildingTilesState {
  return {
    visible: s.layers.buildings,
    style: s.buildingStyle,
    selected: s.selection?.layer === 'buildings' ? s.selection.index : null,
    palette: s.buildingStyle === 'grid' ? s.buildingPalette : null,
    group: s.mode === 'grid' ? s.buildingGroup : null,
    flagged: s.mode === 'grid' ? null : s.flagged,
    hidden: hiddenRows(s.models),
  };
}

// The rows the placed models replace, one set per models array (so the selector's result compares equal).
let hiddenOf: { models: AppState['models']; rows: ReadonlySet<number> | null } | null = null;
function hiddenRows(models: AppState['models']): ReadonlySet<number> | null {
  if (hiddenOf?.models !== models) {
    const rows = models.flatMap((m) => (m.replaces ? [m.replaces.row] : []));
    hiddenOf = { models, rows: rows.length ? new Set(rows) : null };
  }
  return hiddenOf.rows;
}

/** A building file the user opened follows only the style (its features are no rows of the city's columns). */
export function selectImportedBuildings(s: AppState): BuildingTilesState {
  return { visible: true, style: s.buildingStyle, selected: null, palette: null, group: null, flagged: null, hidden: null };
}

export async function createBuildingTilesLayer(
  viewer: Viewer,
  url: string,
  options: BuildingTilesOptions = {},
): Promise<SceneLayer<BuildingTilesState> & { tileset: Cesium3DTileset; drawnSomething(): boolean }> {
  const tileset = await Cesium3DTileset.fromUrl(url, {
    ...CITY_TILESET_OPTIONS,
    cacheBytes: TILE_CACHE_BYTES,
    maximumCacheOverflowBytes: TILE_CACHE_OVERFLOW_BYTES,
    maximumScreenSpaceError: options.maximumScreenSpaceError ?? 16,
  });
  tileset.customShader = flatShading();
  viewer.scene.primitives.add(tileset);
  registerTileset(tileset, options.imported ? 'imported' : 'buildings');
  if (!options.imported) markLayer(tileset, 'buildings');
  let state: BuildingTilesState = { visible: true, style: 'use', selected: null, palette: null, group: null, flagged: null, hidden: null };
  let inGroup = new Set<number>();
  // The first tile drawn: the page's "something of the city" (the tileset's coarse levels come first).
  let drawn = false;
  const removeTileVisible = tileset.tileVisible.addEventListener(() => {
    drawn = true;
    removeTileVisible();
  });
  const rgb = [0, 0, 0];
  const useColour = new Map<string, Color>();
  // Selection, palette, group and flags name rows of the city's columns, which a file the user opened has not.
  const indexOf = (feature: Cesium3DTileFeature): number | undefined => (options.imported ? undefined : tileFeatureRow(feature));

  // A custom style expression: Cesium calls evaluateColor per feature when a tile loads or the style is dirty.
  const color = {
    evaluate: (feature: Cesium3DTileFeature) => color.evaluateColor(feature, new Color()),
    evaluateColor(feature: Cesium3DTileFeature, result: Color): Color {
      const s = state;
      const needsIndex = s.selected !== null || s.palette || s.group || s.flagged;
      const index = needsIndex ? indexOf(feature) : undefined;
      if (index !== undefined) {
        if (index === s.selected) return Color.clone(SELECTED, result);
        const flag = s.flagged?.get(index);
        if (flag) return Color.fromBytes(flag[0], flag[1], flag[2], 255, result);
        if (inGroup.has(index)) return Color.clone(GROUP, result);
        if (s.palette && s.style === 'grid') {
          const p = s.palette;
          return Color.fromBytes(p[4 * index], p[4 * index + 1], p[4 * index + 2], 255, result);
        }
      }
      if (s.style === 'use' || s.style === 'grid') {
        const code = String(feature.getProperty('use') ?? '');
        let c = useColour.get(code);
        if (!c) {
          const [r, g, b] = landUseClassOf(code).rgb;
          c = Color.fromBytes(r, g, b, 255);
          useColour.set(code, c);
        }
        return Color.clone(c, result);
      }
      const ramp = RAMPS[s.style];
      const v = feature.getProperty(ramp.property);
      rampRgb(ramp, typeof v === 'number' && !(ramp.property === 'floors' && v === 65535) ? v : NaN, rgb);
      return Color.fromBytes(rgb[0], rgb[1], rgb[2], 255, result);
    },
  };
  const style = new Cesium3DTileStyle();
  (style as unknown as { color: unknown }).color = color;
  (style as unknown as { show: unknown }).show = {
    evaluate: (feature: Cesium3DTileFeature) => {
      const index = state.hidden ? indexOf(feature) : undefined;
      return index === undefined || !state.hidden!.has(index);
    },
  };
  tileset.style = style;

  return {
    key: 'buildings',
    tileset,
    count: options.count ?? 0,
    ready: () => !tileset.show || tileset.tilesLoaded,
    drawnSomething: () => drawn,
    update(s) {
      const prev = state;
      state = s;
      tileset.show = s.visible;
      if (s.group !== prev.group) inGroup = new Set(s.group ?? []);
      if (
        s.style !== prev.style ||
        s.selected !== prev.selected ||
        s.palette !== prev.palette ||
        s.group !== prev.group ||
        s.flagged !== prev.flagged ||
        s.hidden !== prev.hidden
      )
        tileset.makeStyleDirty();
    },
    destroy() {
      if (!drawn) removeTileVisible();
      viewer.scene.primitives.remove(tileset);
    },
  };
}
