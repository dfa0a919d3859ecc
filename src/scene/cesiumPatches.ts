// The app's changes to CesiumJS's own behaviour, each with its reason, applied once before the first viewer.
// Checked on CesiumJS 1.145 (cesiumPatches.test.ts fails if an upgrade moves what they change).
import { MetadataClassProperty } from 'cesium';

type GpuCompatible = { isGpuCompatible(channels: number): boolean };

let applied = false;

/**
 * No metadata on the GPU. CesiumJS packs every numeric and enum column of every tile's property table into an RGBA8
 * texture as the tile loads, for custom shaders that read `metadata` — one typed-array view and copy per value on the
 * page's thread: a 1,000-building tile with 8 such columns makes 8,000, and a city start loads hundreds of tiles. No
 * shader of this app reads metadata (buildings are coloured per feature in JS, from `getProperty`, which reads the
 * table itself), so the texture is never built. A shader that needs metadata must remove this first.
 */
export function applyCesiumPatches(): void {
  if (applied) return;
  applied = true;
  (MetadataClassProperty.prototype as unknown as GpuCompatible).isGpuCompatible = () => false;
}
