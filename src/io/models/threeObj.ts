// Wavefront OBJ with its .mtl libraries and textures through three.js's OBJLoader and MTLLoader, from memory.
import type { Object3D } from 'three';
import { MTLLoader } from 'three/examples/jsm/loaders/MTLLoader.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { bytesManager } from './threeAssets';
import type { ModelFiles } from './modelFiles';

/** The scene in the file's own units and axes (OBJ declares neither). A missing .mtl is a warning. */
export function loadObj(bytes: Uint8Array, files: ModelFiles): Object3D {
  const text = new TextDecoder().decode(bytes);
  const manager = bytesManager(files);
  const obj = new OBJLoader(manager);
  const libraries = [...text.matchAll(/^\s*mtllib\s+(.+?)\s*$/gm)].map((m) => m[1]);
  const mtlText: string[] = [];
  for (const name of libraries) {
    const file = files.find(name);
    if (file) mtlText.push(new TextDecoder().decode(file.bytes));
    else files.missing('material library', name, 'drawn in plain colours');
  }
  if (mtlText.length) {
    const materials = new MTLLoader(manager).parse(mtlText.join('\n'), '');
    materials.preload();
    obj.setMaterials(materials);
  }
  return obj.parse(text);
}
