// glTF/GLB, OBJ (+MTL, textures), FBX and Collada through three.js's loaders into ModelData: in a web worker and in
// Node alike (nothing fetched, no image decoded, no DOM), units and up axis from the file or from the user, never guessed.
import { Matrix4, type Mesh, type Object3D } from 'three';
import { ModelError, type ModelData, type ModelFormat, type ModelUnits } from '../../core/models/model';
import { readGeoSidecar } from './geoSidecar';
import { extensionOf, ModelFiles } from './modelFiles';
import { loadCollada } from './threeCollada';
import { loadFbx } from './threeFbx';
import { loadGltf } from './threeGltf';
import { loadObj } from './threeObj';
import { sceneToModel, yUpToZUp, zUpScaled } from './threeScene';

export interface ThreeModelOptions {
  /** The file's length unit in metres: required for OBJ (it has none); for other formats it overrides what the file says. */
  metresPerUnit?: number;
  /** OBJ only: which axis is up in the file (default 'y', as most exporters write it). */
  upAxis?: 'y' | 'z';
  /** A companion the model names (.mtl, texture) missing from `files` is a ModelError, not a warning (the CLI's rule). */
  requireCompanions?: boolean;
}

type ThreeFormat = Exclude<ModelFormat, 'ifc'>;
const FORMATS: Record<string, ThreeFormat> = { gltf: 'gltf', glb: 'glb', obj: 'obj', fbx: 'fbx', dae: 'dae' };
const LABEL: Record<ThreeFormat, string> = { gltf: 'glTF', glb: 'GLB', obj: 'OBJ', fbx: 'FBX', dae: 'Collada' };

interface Loaded {
  scene: Object3D;
  /** The loader's world coordinates to metres z-up. */
  frame: Matrix4;
  units: ModelUnits;
  elementOf?: (mesh: Mesh) => Object3D;
}

/**
 * The model `main` among the dropped `files` (its .bin, .mtl, textures and `<main>.geo.json` found by name), read by
 * the loader its extension names. Bad input is a ModelError naming the file; a missing .mtl or texture only a warning.
 */
export async function readThreeModel(files: Map<string, Uint8Array>, main: string, options: ThreeModelOptions = {}): Promise<ModelData> {
  const format = FORMATS[extensionOf(main)];
  if (!format) throw new ModelError(main, 'is not a glTF, GLB, OBJ, FBX or Collada (.dae) file');
  const bytes = files.get(main);
  if (!bytes) throw new ModelError(main, 'was not among the dropped files');
  if (!bytes.length) throw new ModelError(main, 'is empty');
  if (options.metresPerUnit !== undefined && !(options.metresPerUnit > 0)) throw new ModelError(main, 'the unit must be above 0 metres');
  const mf = new ModelFiles(files, main, options.requireCompanions === true);
  let loaded: Loaded;
  let model: ReturnType<typeof sceneToModel>;
  try {
    loaded = await load(format, bytes, mf, options);
    model = sceneToModel(loaded.scene, loaded.frame, mf, loaded.elementOf);
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError(main, `cannot be read as ${LABEL[format]}: ${reason(e)}`);
  }
  if (!model.parts.length) throw new ModelError(main, 'has no triangles: no mesh in the scene');
  return {
    file: main,
    format,
    units: loaded.units,
    ...model,
    storeys: [],
    georef: readGeoSidecar(mf),
    warnings: mf.warnings,
  };
}

async function load(format: ThreeFormat, bytes: Uint8Array, files: ModelFiles, options: ThreeModelOptions): Promise<Loaded> {
  const given = options.metresPerUnit;
  const givenUnits = (file: string): ModelUnits => ({
    metresPerUnit: given!,
    source: `given: ${given} m per unit (the file says ${file})`,
  });
  switch (format) {
    case 'gltf':
    case 'glb': {
      const { scene, elementOf } = await loadGltf(bytes, format === 'glb', files);
      const units = given ? givenUnits('metres') : { metresPerUnit: 1, source: 'glTF: metres by the specification' };
      return { scene, elementOf, units, frame: yUpToZUp(units.metresPerUnit) };
    }
    case 'obj': {
      if (!given) throw new ModelError(files.main, 'OBJ has no units: say which (e.g. --unit m)');
      const up = options.upAxis ?? 'y';
      const units = {
        metresPerUnit: given,
        source: `given: ${given} m per unit; ${up} up${options.upAxis ? '' : " (OBJ's usual; say --up z if not)"}`,
      };
      return { scene: loadObj(bytes, files), units, frame: up === 'y' ? yUpToZUp(given) : zUpScaled(given) };
    }
    case 'fbx': {
      // FBXLoader stands a z-up file upright itself (UpAxis = 2), so its scene is y-up; the unit it leaves to us.
      const { scene, centimetresPerUnit: cm } = loadFbx(bytes, files);
      if (cm === undefined && !given) files.warn("FBX GlobalSettings has no UnitScaleFactor: read as centimetres, FBX's default");
      const units = given
        ? givenUnits(cm === undefined ? 'nothing' : `UnitScaleFactor ${cm}`)
        : cm === undefined
          ? { metresPerUnit: 0.01, source: "FBX: centimetres (no UnitScaleFactor; FBX's default)" }
          : { metresPerUnit: cm / 100, source: `FBX GlobalSettings UnitScaleFactor ${cm} (cm per unit)` };
      return { scene, units, frame: yUpToZUp(units.metresPerUnit) };
    }
    case 'dae': {
      const { scene, metresPerUnit, upAxis } = loadCollada(bytes, files);
      const fileUnit = metresPerUnit === undefined ? 'no <unit>' : `<unit meter="${metresPerUnit}">`;
      const units = given
        ? givenUnits(fileUnit)
        : {
            metresPerUnit: metresPerUnit ?? 1,
            source: metresPerUnit === undefined ? 'Collada: metres (no <unit>; the default)' : `Collada ${fileUnit}`,
          };
      return { scene, units, frame: colladaFrame(upAxis, units.metresPerUnit, files) };
    }
  }
}

/** Collada's <up_axis> to z-up: Z_UP as is, Y_UP like glTF, X_UP (right −y, up x) turned by a rotation. */
function colladaFrame(upAxis: string, s: number, files: ModelFiles): Matrix4 {
  if (upAxis === 'Z_UP') return zUpScaled(s);
  if (upAxis === 'X_UP') return new Matrix4().set(0, -s, 0, 0, 0, 0, -s, 0, s, 0, 0, 0, 0, 0, 0, 1);
  if (upAxis !== 'Y_UP') files.warn(`Collada <up_axis>${upAxis}</up_axis> is not Y_UP, Z_UP or X_UP: read as Y_UP`);
  return yUpToZUp(s);
}

function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e);
  return message.replace(/^THREE\.\w+:\s*/, '') || 'unknown error';
}
