// Areas of packed polygons and features (holes subtracted), from the shoelace in geom/area.
import type { PackedPolygons } from '../geom/packed';
import { ringAreaM2 } from '../geom/area';

/** Area of polygon p of a packed layer: outer ring minus holes, metres². */
export function packedPolygonAreaM2(layer: PackedPolygons, p: number): number {
  let area = 0;
  const first = layer.polyRingStart[p];
  for (let r = first; r < layer.polyRingStart[p + 1]; r++) {
    const a = ringAreaM2(layer.coords, layer.ringStart[r], layer.ringStart[r + 1]);
    area += r === first ? a : -a;
  }
  return area;
}

/** Footprint area of feature f (all its polygons), metres². */
export function packedFeatureAreaM2(layer: PackedPolygons, f: number): number {
  let area = 0;
  for (let p = layer.featurePolyStart[f]; p < layer.featurePolyStart[f + 1]; p++) area += packedPolygonAreaM2(layer, p);
  return area;
}
