// Autodesk FBX (binary or ASCII 7.x) through three.js's FBXLoader, from memory.
import type { Group } from 'three';
import { FBXLoader } from 'three/examples/jsm/loaders/FBXLoader.js';
import { withGlobal } from './temporaryGlobal';
import { bytesManager } from './threeAssets';
import type { ModelFiles } from './modelFiles';

/**
 * The scene, y-up: FBXLoader turns an UpAxis = 2 (z-up) file upright itself. Its length unit it only reports:
 * GlobalSettings' UnitScaleFactor (centimetres per unit, FBX's default 1 = cm) in the root's userData.
 */
export function loadFbx(bytes: Uint8Array, files: ModelFiles): { scene: Group; centimetresPerUnit: number | undefined } {
  const loader = new FBXLoader(bytesManager(files));
  // A camera without an aspect ratio takes the window's; a worker has no window (the camera is not read anyway).
  const screen = { innerWidth: 1, innerHeight: 1 };
  const scene = withGlobal(
    'window',
    screen,
    () => loader.parse(withSafeStart(bytes).buffer, ''),
    (w) => w === undefined,
  );
  const factor = (scene.userData as { unitScaleFactor?: unknown }).unitScaleFactor;
  return { scene, centimetresPerUnit: typeof factor === 'number' && factor > 0 ? factor : undefined };
}

const BINARY_MAGIC = 'Kaydara FBX Binary  \0';

/**
 * FBXLoader decides "ASCII" by sampling the text at bytes 0, 1, 3, 6, 10, 15, … and rejecting the file when one of them
 * happens to spell a letter of its binary magic ("; cim test fixture" on line 2 put a 'B' at byte 45): an ASCII file
 * gets a comment line of ';' first, which the text parser skips and the sampling never matches.
 */
function withSafeStart(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = new TextDecoder().decode(bytes.subarray(0, BINARY_MAGIC.length));
  if (head === BINARY_MAGIC) return bytes.slice();
  const prefix = new TextEncoder().encode(';'.repeat(255) + '\n');
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix);
  out.set(bytes, prefix.length);
  return out;
}
