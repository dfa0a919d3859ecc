// Autodesk FBX (binary or ASCII 7.x) through three.js's FBXLoader, from memory.
import type { Group } from 'three';
import { FBXLoader } from 'three/examples/jsm/loaders/FBXLoader.js';
import { bytesManager } from './threeAssets';
import type { ModelFiles } from './modelFiles';

/**
 * The scene, y-up: FBXLoader turns an UpAxis = 2 (z-up) file upright itself. Its length unit it only reports:
 * GlobalSettings' UnitScaleFactor (centimetres per unit, FBX's default 1 = cm) in the root's userData.
 */
export function loadFbx(bytes: Uint8Array, files: ModelFiles): { scene: Group; centimetresPerUnit: number | undefined } {
  const scene = new FBXLoader(bytesManager(files)).parse(bytes.slice().buffer, '');
  const factor = (scene.userData as { unitScaleFactor?: unknown }).unitScaleFactor;
  return { scene, centimetresPerUnit: typeof factor === 'number' && factor > 0 ? factor : undefined };
}
