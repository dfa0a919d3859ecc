// A Cesium terrain provider fed by the DEM worker: heightmap tiles sampled from the demo GeoTIFF.
import { CustomHeightmapTerrainProvider, GeographicTilingScheme, Math as CesiumMath } from 'cesium';

export interface TerrainSource {
  tile(rectDeg: [number, number, number, number], size: number): Promise<Float32Array>;
}

const TILE_SIZE = 33;

export function createDemTerrainProvider(source: TerrainSource): CustomHeightmapTerrainProvider {
  const tilingScheme = new GeographicTilingScheme();
  return new CustomHeightmapTerrainProvider({
    width: TILE_SIZE,
    height: TILE_SIZE,
    tilingScheme,
    callback: (x, y, level) => {
      const r = tilingScheme.tileXYToRectangle(x, y, level);
      const deg = CesiumMath.toDegrees;
      return source.tile([deg(r.west), deg(r.south), deg(r.east), deg(r.north)], TILE_SIZE);
    },
  });
}
