// What the scene holds, for diagnostics and the soak test: 3D Tiles memory, globe tiles cached and drawn, primitives.
import { Cesium3DTileset, PrimitiveCollection, type Viewer } from 'cesium';
import { globeTileCounts, tilesetLoadedTiles, tilesetPendingTiles } from './cesiumInternals';
import type { GridLevel } from '../core/grid/levels';
import { gridsView } from './layers/gridsLayer';
import { sensorMarkersOnScreen } from './layers/sensorsLayer';

export interface SceneStats {
  /** Bytes of every 3D Tiles tileset's loaded content (Cesium3DTileset.totalMemoryUsageInBytes). */
  tilesetBytes: number;
  /** Tiles loaded by every tileset; 0 for a tileset whose count Cesium no longer exposes where we read it. */
  tilesetsLoadedTiles: number;
  /** Tiles every tileset has requested and not yet received, or received and is still processing. */
  tilesetsPendingTiles: number;
  /** What the whole-city frame still waits on (layers not on the GPU, 'globe'); null without a city scene. */
  waitingOn: string[] | null;
  /** Globe (terrain + imagery) tiles in Cesium's cache and drawn last frame; null if Cesium's internals moved. */
  globeTilesCached: number | null;
  globeTilesRendered: number | null;
  primitives: number;
  groundPrimitives: number;
  entities: number;
  /** Sensor markers drawn in view (clusters, individual sensors, alerts); null before the sensors layer exists. */
  sensorMarkers: number | null;
  /** Of those, the cluster badges (0: every sensor in view drawn on its own); null before the sensors layer exists. */
  sensorClusters: number | null;
  /** The Things in alarm or warning drawn individually in view; null before the sensors layer exists. */
  sensorAlerts: string[] | null;
  /** The grid levels the globe's tiles drawn last frame show (at these tile zooms), and the grid outlined; null before the grids layer exists. */
  grids: { levelsDrawn: GridLevel[]; zoomsDrawn: number[]; outlined: string | null } | null;
}

/**
 * Visits every primitive, descending into nested PrimitiveCollections. A point, label or billboard
 * collection counts its members without visiting them: cimDiagnostics is read often (tests poll it)
 * and the 8,000 sensor points made each read a 12 ms walk.
 */
function walk(c: PrimitiveCollection, visit: (p: unknown, members: number) => void): void {
  for (let i = 0; i < c.length; i++) {
    const p = c.get(i) as unknown;
    if (p instanceof PrimitiveCollection) {
      visit(p, 1);
      walk(p, visit);
    } else {
      const members = p && typeof (p as { get?: unknown }).get === 'function' ? (p as { length?: unknown }).length : undefined;
      visit(p, 1 + (typeof members === 'number' ? members : 0));
    }
  }
}

/** Primitives in a collection (members of point, label and billboard collections counted) and its 3D Tiles content. */
export function primitiveStats(collection: PrimitiveCollection): {
  primitives: number;
  tilesetBytes: number;
  tilesetsLoadedTiles: number;
  tilesetsPendingTiles: number;
} {
  let tilesetBytes = 0;
  let tilesetsLoadedTiles = 0;
  let tilesetsPendingTiles = 0;
  let primitives = 0;
  walk(collection, (p, n) => {
    primitives += n;
    if (p instanceof Cesium3DTileset) {
      tilesetBytes += p.totalMemoryUsageInBytes;
      tilesetsLoadedTiles += tilesetLoadedTiles(p) ?? 0;
      tilesetsPendingTiles += tilesetPendingTiles(p) ?? 0;
    }
  });
  return { primitives, tilesetBytes, tilesetsLoadedTiles, tilesetsPendingTiles };
}

/** Null once the viewer is destroyed (e.g. while it is rebuilt after a lost WebGL context). */
export function sceneStats(viewer: Viewer, waitingOn: (() => string[]) | null = null): SceneStats | null {
  if (viewer.isDestroyed()) return null;
  const { primitives, tilesetBytes, tilesetsLoadedTiles, tilesetsPendingTiles } = primitiveStats(viewer.scene.primitives);
  const globe = globeTileCounts(viewer.scene.globe);
  const sensors = sensorMarkersOnScreen(viewer);
  const grids = gridsView(viewer);
  return {
    tilesetBytes,
    tilesetsLoadedTiles,
    tilesetsPendingTiles,
    waitingOn: waitingOn?.() ?? null,
    globeTilesCached: globe.cached,
    globeTilesRendered: globe.rendered,
    primitives,
    groundPrimitives: viewer.scene.groundPrimitives.length,
    entities: viewer.entities.values.length,
    sensorMarkers: sensors?.markers ?? null,
    sensorClusters: sensors?.clusters ?? null,
    sensorAlerts: sensors?.alertIds ?? null,
    grids: grids ? { levelsDrawn: grids.levelsDrawn(), zoomsDrawn: grids.zoomsDrawn(), outlined: grids.outlined() } : null,
  };
}
