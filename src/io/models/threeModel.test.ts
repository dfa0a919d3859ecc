import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/models/model';
import { fbxTower } from './fixtures/fbxBox.fixture';
import { gltfBuilding } from './fixtures/gltfBuilding.fixture';
import { readThreeModel } from './threeModel';

describe('readThreeModel: choosing the loader, and what it must do without', () => {
  it('runs with none of the browser globals a web worker lacks', async () => {
    // Node under vitest has no DOM: these reads are the worker's, not a page's.
    for (const name of ['document', 'window', 'Image', 'DOMParser', 'self', 'HTMLImageElement']) expect(name in globalThis).toBe(false);
    const { main, files } = gltfBuilding({ binary: true });
    expect((await readThreeModel(files, main)).parts.length).toBe(3);
  });

  it('an unknown extension, a file not dropped, an empty file or a bad unit is a ModelError naming it', async () => {
    const files = new Map([['tower.fbx', fbxTower({ upAxis: 1 })]]);
    await expect(readThreeModel(files, 'tower.3ds')).rejects.toThrow('tower.3ds: is not a glTF, GLB, OBJ, FBX or Collada (.dae) file');
    await expect(readThreeModel(files, 'other.fbx')).rejects.toThrow('other.fbx: was not among the dropped files');
    await expect(readThreeModel(new Map([['e.glb', new Uint8Array(0)]]), 'e.glb')).rejects.toThrow('e.glb: is empty');
    await expect(readThreeModel(files, 'tower.fbx', { metresPerUnit: -1 })).rejects.toThrow(ModelError);
  });

  it('a unit the user gives overrides the file and says so', async () => {
    const model = await readThreeModel(new Map([['tower.fbx', fbxTower({ unitScaleFactor: 1, upAxis: 1 })]]), 'tower.fbx', {
      metresPerUnit: 1,
    });
    expect(model.units).toEqual({ metresPerUnit: 1, source: 'given: 1 m per unit (the file says UnitScaleFactor 1)' });
  });
});
