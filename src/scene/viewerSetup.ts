// Viewer creation options and the render presets: fully offline, no ion, no geocoder.
import { buildModuleUrl, ImageryLayer, TileMapServiceImageryProvider, type Viewer } from 'cesium';
import type { RenderPreset } from '../state/urlState';

/** Natural Earth II imagery shipped inside CesiumJS: the offline base map. */
export function naturalEarthLayer(): ImageryLayer {
  return ImageryLayer.fromProviderAsync(TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')), {});
}

/** Read-only Viewer constructor options (widgets off: the app draws its own UI). */
export function viewerOptions(preset: RenderPreset) {
  return {
    baseLayer: naturalEarthLayer(),
    baseLayerPicker: false,
    geocoder: false as const,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    msaaSamples: preset === 'lite' ? 1 : 4,
  };
}

/** Applies what cannot be set at construction: atmosphere, fog, sky and lighting per preset. */
export function applyRenderPreset(viewer: Viewer, preset: RenderPreset): void {
  const scene = viewer.scene;
  const full = preset === 'full';
  if (scene.skyAtmosphere) scene.skyAtmosphere.show = full;
  if (scene.skyBox) scene.skyBox.show = full;
  if (scene.sun) scene.sun.show = full;
  if (scene.moon) scene.moon.show = full;
  scene.fog.enabled = full;
  scene.globe.showGroundAtmosphere = full;
  scene.highDynamicRange = false;
  scene.globe.enableLighting = false;
  scene.globe.depthTestAgainstTerrain = true;
  if (!full) viewer.resolutionScale = 1;
}
