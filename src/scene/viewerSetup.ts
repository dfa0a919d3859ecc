// Viewer creation options and the render presets: fully offline, no ion, no geocoder.
import { buildModuleUrl, ImageryLayer, ScreenSpaceEventType, TileMapServiceImageryProvider, type Viewer } from 'cesium';
import type { RenderPreset } from '../state/urlState';
import { applyCesiumPatches } from './cesiumPatches';

/** Natural Earth II imagery shipped inside CesiumJS: the offline base map. */
export function naturalEarthLayer(): ImageryLayer {
  return ImageryLayer.fromProviderAsync(TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')), {});
}

/**
 * Options every city tileset is created with. No dynamic environment map: Cesium would render the sky into a cube
 * map and read it back (readPixels, a pipeline stall: 2 s of a zhengzhou load's main thread) to light flat-coloured
 * extrusions and pipes that do not need it.
 */
export const CITY_TILESET_OPTIONS = { environmentMapOptions: { enabled: false } } as const;

/** Read-only Viewer constructor options (widgets off: the app draws its own UI); the CesiumJS patches are applied first. */
export function viewerOptions(preset: RenderPreset) {
  applyCesiumPatches();
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
    // Order-independent translucency compiles an extra program per translucent shader and draws in two more passes:
    // the lite preset (software rendering, video walls) blends translucent overlays sorted by distance instead.
    orderIndependentTranslucency: preset !== 'lite',
    // Only the full preset shows a sky (the preset does not change in a session): lite loads no star cube map.
    ...(preset === 'full' ? {} : { skyBox: false as const, skyAtmosphere: false as const }),
    // The city is only ever shown in 3D: primitives skip their 2D/Columbus copies (projectTo2D on the page's thread).
    scene3DOnly: true,
  };
}

/**
 * Applies what cannot be set at construction: atmosphere, fog, sky and lighting per preset; and removes the Viewer's
 * own click and double-click picking (entity selection, for the info box and selection indicator this app turns
 * off): each click would run a pick pass of the whole scene besides the app's own (9.8 s of one click at zhengzhou).
 */
export function applyRenderPreset(viewer: Viewer, preset: RenderPreset): void {
  const scene = viewer.scene;
  viewer.screenSpaceEventHandler.removeInputAction(ScreenSpaceEventType.LEFT_CLICK);
  viewer.screenSpaceEventHandler.removeInputAction(ScreenSpaceEventType.LEFT_DOUBLE_CLICK);
  const full = preset === 'full';
  if (scene.skyAtmosphere) scene.skyAtmosphere.show = full;
  if (scene.skyBox) scene.skyBox.show = full;
  if (scene.sun) scene.sun.show = full;
  if (scene.moon) scene.moon.show = full;
  scene.fog.enabled = full;
  scene.globe.showGroundAtmosphere = full;
  // Without ground atmosphere or lighting it changes no pixel, but it is compiled into the globe's largest shader.
  scene.globe.dynamicAtmosphereLighting = full;
  scene.highDynamicRange = false;
  scene.globe.enableLighting = false;
  scene.globe.depthTestAgainstTerrain = true;
  if (!full) viewer.resolutionScale = 1;
}
