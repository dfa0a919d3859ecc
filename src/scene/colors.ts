// Domain palettes (from src/core) as Cesium colours.
import { Color } from 'cesium';

export function cesiumColor(rgb: readonly [number, number, number], alpha = 1): Color {
  return Color.fromBytes(rgb[0], rgb[1], rgb[2], Math.round(alpha * 255));
}
