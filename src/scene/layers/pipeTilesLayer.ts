// Pipelines as 3D Tiles of tubes and boxes at their real depth (near the camera), with the network
// as thin lines for the far view: the line layer draws nothing within PIPE_LINES_NEAR_M of the
// camera (per fragment), where the tiles (loaded within ~400 m) take over.
import { Cesium3DTileset, Cesium3DTileStyle, type Viewer } from 'cesium';
import { PIPELINE_KINDS, PIPELINE_STYLES } from '../../core/pipes/cjj61';
import { registerTileset, TILE_CACHE_BYTES, TILE_CACHE_OVERFLOW_BYTES } from './buildingTilesLayer';
import type { SceneLayer } from './layer';
import { markLayer } from '../primitiveLayers';
import { pipesShown, type PipelinesState } from './pipelinesLayer';
import { CITY_TILESET_OPTIONS } from '../viewerSetup';

/** CJJ 61 colour per `kind` as a declarative 3D Tiles style (the tiles carry the normalised kind). */
export function pipeKindStyle(): Cesium3DTileStyle {
  const hex = (rgb: readonly number[]) => `color('#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}')`;
  return new Cesium3DTileStyle({
    color: {
      conditions: [
        ...PIPELINE_KINDS.map((k) => [`\${kind} === '${k}'`, hex(PIPELINE_STYLES[k].rgb)]),
        ['true', hex(PIPELINE_STYLES.unknown.rgb)],
      ],
    },
  });
}

export async function createPipeTilesLayer(
  viewer: Viewer,
  url: string,
  lines: SceneLayer<PipelinesState>,
  aboveGround: boolean,
): Promise<SceneLayer<PipelinesState>> {
  const tileset = await Cesium3DTileset.fromUrl(url, {
    ...CITY_TILESET_OPTIONS,
    cacheBytes: TILE_CACHE_BYTES / 4,
    maximumCacheOverflowBytes: TILE_CACHE_OVERFLOW_BYTES / 4,
  });
  tileset.style = pipeKindStyle();
  registerTileset(tileset, 'pipelines');
  markLayer(tileset, 'pipelines');
  tileset.show = false;
  viewer.scene.primitives.add(tileset);
  return {
    key: 'pipelines',
    count: lines.count,
    ready: () => lines.ready() && (!tileset.show || tileset.tilesLoaded),
    update(s) {
      tileset.show = pipesShown(s, aboveGround);
      lines.update(s);
    },
    destroy() {
      viewer.scene.primitives.remove(tileset);
      lines.destroy();
    },
  };
}
