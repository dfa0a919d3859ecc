// A model file and its companions as `cim model` and `cim review --design` read them: IFC through web-ifc's Node build,
// glTF/GLB/OBJ/FBX/Collada through three.js with every file given (a companion the model names but the command line
// lacks is refused, not drawn without). Bad input is a CliError whose one line names the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError, modelFormatOf, type ModelData } from '../../src/core/models/model';
import { CliError } from './args';

/** --unit values and their metres. */
export const UNIT_METRES: Readonly<Record<string, number>> = { m: 1, cm: 0.01, mm: 0.001, ft: 0.3048, in: 0.0254 };

/** The metres of a --unit value; undefined without one. */
export function unitFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const m = UNIT_METRES[String(value)];
  if (m === undefined) throw new CliError(`--unit is one of ${Object.keys(UNIT_METRES).join(', ')}, not "${String(value)}"`);
  return m;
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The model `files[0]` with its companions `files[1…]`, in metres (the user's unit when given). */
export async function readModelFiles(files: readonly string[], metresPerUnit?: number, quiet = false): Promise<ModelData> {
  const [main, ...companions] = files;
  const format = modelFormatOf(main);
  if (!format) throw new CliError(`${main}: not a 3D model file (.ifc, .gltf, .glb, .obj, .fbx, .dae)`);
  const bytes = new Map(files.map((f) => [f, readBytes(f)]));
  try {
    if (format === 'ifc') {
      if (companions.length) throw new CliError(`${main}: an IFC file holds everything; no companion files (${companions.join(', ')})`);
      const [{ readIfc }, { initIfcApi }] = await Promise.all([import('../../src/io/models/ifc'), import('../../src/io/models/ifcApi')]);
      const api = await initIfcApi(`${join(import.meta.dirname, '../../node_modules/web-ifc')}/`);
      return await readIfc(bytes.get(main)!, main, api, { metresPerUnit });
    }
    const { readThreeModel } = await import('../../src/io/models/threeModel');
    // three.js's loaders talk on console.warn ("THREE.FBXLoader: … Z-UP …"): one line naming the file, or quiet.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!quiet) process.stderr.write(`${main}: ${args.map(String).join(' ')}\n`);
    };
    try {
      return await readThreeModel(bytes, main, { metresPerUnit, requireCompanions: true });
    } finally {
      console.warn = warn;
    }
  } catch (err) {
    if (err instanceof ModelError) throw new CliError(err.message);
    throw err;
  }
}
