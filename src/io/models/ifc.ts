// An IFC file (STEP text, IFC2X3/IFC4/IFC4X3) read through web-ifc into ModelData: each element's triangles per
// colour in the file's own frame (never moved to the origin) in metres, z up, with its class, GlobalId, storey and
// property sets; the storeys, the units and the IfcMapConversion. The caller brings an initialised IfcAPI
// (initIfcApi), so the same reader runs in Node and in a web worker.
import { IFCOPENINGELEMENT, IFCPRODUCT, IFCSITE, IFCSPACE, IFCVIRTUALELEMENT, type IfcAPI } from 'web-ifc';
import {
  type ModelData,
  type ModelElement,
  ModelError,
  type ModelPart,
  type ModelPropertyValue,
  type ModelUnits,
} from '../../core/models/model';
import { type Extent, elementParts, IfcColourTable } from './ifcGeometry';
import { readGeoref } from './ifcGeoref';
import { IfcPropertyReader, readParents, readStoreys, storeyOf } from './ifcRelations';
import { type IfcLine, projectUnits, textOf } from './ifcValues';

export interface ReadIfcOptions {
  /** Elements read so far of all with a representation; called every batch. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** The user's length unit in metres; overrides the file's and stands in when the file has none. */
  metresPerUnit?: number;
}

/** Elements between progress calls, abort checks and yields to the event loop. */
const BATCH = 200;

/** The model in an IFC file; a ModelError naming the file when it is not IFC, truncated, or has no length unit. */
export async function readIfc(bytes: Uint8Array, file: string, api: IfcAPI, options: ReadIfcOptions = {}): Promise<ModelData> {
  checkStepFrame(bytes, file);
  let modelID: number;
  try {
    modelID = api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
  } catch (e) {
    throw new ModelError(file, `web-ifc cannot open it (${e instanceof Error ? e.message : String(e)})`);
  }
  if (modelID < 0) throw new ModelError(file, 'web-ifc cannot open it');
  try {
    return await readOpenModel(api, modelID, file, options);
  } finally {
    api.CloseModel(modelID);
  }
}

async function readOpenModel(api: IfcAPI, modelID: number, file: string, options: ReadIfcOptions): Promise<ModelData> {
  const schema = api.GetModelSchema(modelID);
  if (!/^IFC/i.test(schema ?? '')) throw new ModelError(file, `not an IFC file (schema "${schema}")`);
  const warnings: string[] = [];
  const found = projectUnits(api, modelID);
  const units = unitsOf(file, found.length, options.metresPerUnit, warnings);
  const mpu = units.metresPerUnit;
  const { storeys, index: storeyIndex } = readStoreys(api, modelID, mpu, warnings);
  const parents = readParents(api, modelID);
  const props = new IfcPropertyReader(api, modelID, {
    length: mpu,
    area: found.area?.factor ?? 1,
    volume: found.volume?.factor ?? 1,
  });
  const georef = readGeoref(api, modelID, mpu, warnings);

  const candidates = elementIds(api, modelID);
  const colours = new IfcColourTable();
  const extent: Extent = { maxAbsM: 0 };
  const elements: ModelElement[] = [];
  const parts: ModelPart[] = [];
  for (let n = 0; n < candidates.length; n++) {
    if (n % BATCH === 0) {
      options.onProgress?.(n, candidates.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      options.signal?.throwIfAborted();
    }
    const { id, line } = candidates[n];
    const ifcClass = api.GetNameFromTypeCode(line.type as number);
    const name = textOf(line.Name) || `${ifcClass} #${id}`;
    let got: ModelPart[];
    try {
      got = elementParts(api, modelID, id, elements.length, mpu, colours, extent);
    } catch (e) {
      warnings.push(`${ifcClass} "${name}" (#${id}): its geometry failed (${e instanceof Error ? e.message : String(e)}), skipped`);
      continue;
    }
    if (got.length === 0) {
      warnings.push(`${ifcClass} "${name}" (#${id}): no triangles from its representation, skipped`);
      continue;
    }
    elements.push({
      name,
      ifcClass,
      globalId: textOf(line.GlobalId),
      storey: storeyOf(id, parents, storeyIndex),
      properties: withPredefinedType(props.propertiesOf(id), line),
    });
    parts.push(...got);
  }
  options.onProgress?.(candidates.length, candidates.length);
  if (extent.maxAbsM > 1e5) {
    warnings.push(
      `coordinates reach ${(extent.maxAbsM / 1000).toFixed(0)} km from the model's origin: positions are 32-bit, ` +
        `about ${(extent.maxAbsM * 2 ** -24 * 1000).toFixed(1)} mm steps there`,
    );
  }
  return { file, format: 'ifc', units, elements, materials: colours.materials, parts, storeys, georef, warnings };
}

/** The element's PredefinedType (FLOOR, BASESLAB, ROOF for slabs; the user's ObjectType when USERDEFINED) as a property. */
function withPredefinedType(properties: Record<string, ModelPropertyValue>, line: IfcLine): Record<string, ModelPropertyValue> {
  const type = textOf(line.PredefinedType);
  if (type) properties.PredefinedType = type === 'USERDEFINED' ? (textOf(line.ObjectType) ?? type) : type;
  return properties;
}

/** Products that are drawn: elements (not openings or virtual ones), spaces and sites, with a representation. */
function elementIds(api: IfcAPI, modelID: number): { id: number; line: IfcLine }[] {
  const out: { id: number; line: IfcLine }[] = [];
  const ids = api.GetLineIDsWithType(modelID, IFCPRODUCT, true);
  for (let i = 0; i < ids.size(); i++) {
    const id = ids.get(i);
    const type = api.GetLineType(modelID, id) as number;
    if (type === IFCOPENINGELEMENT || type === IFCVIRTUALELEMENT) continue;
    if (type !== IFCSPACE && type !== IFCSITE && !api.IsIfcElement(type)) continue;
    const line = api.GetLine(modelID, id) as IfcLine;
    if (line.Representation) out.push({ id, line });
  }
  return out;
}

function unitsOf(
  file: string,
  length: { factor: number; source: string } | undefined,
  given: number | undefined,
  warnings: string[],
): ModelUnits {
  if (given !== undefined) {
    if (!(given > 0)) throw new ModelError(file, `the given unit (${given} m) is not a positive length`);
    if (length && Math.abs(length.factor - given) > 1e-12 * given) {
      warnings.push(`the file's length unit is ${length.source} (${length.factor} m); using the given ${given} m`);
    }
    return { metresPerUnit: given, source: `given: ${given} m per unit` };
  }
  if (!length) throw new ModelError(file, 'no length unit in IfcUnitAssignment (give the unit, e.g. --unit mm)');
  return { metresPerUnit: length.factor, source: length.source };
}

const decoder = new TextDecoder('latin1');

/** STEP's first and last words: web-ifc itself opens any bytes and reads half a file without a word. */
function checkStepFrame(bytes: Uint8Array, file: string): void {
  const head = decoder
    .decode(bytes.subarray(0, 65536))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (!head.startsWith('ISO-10303-21;')) throw new ModelError(file, 'not an IFC file (it does not begin with ISO-10303-21;)');
  if (!/FILE_SCHEMA\s*\(\s*\(\s*'IFC/i.test(head)) {
    throw new ModelError(file, 'not an IFC file (its header names no IFC schema in FILE_SCHEMA)');
  }
  const tail = decoder.decode(bytes.subarray(Math.max(0, bytes.length - 256))).trimEnd();
  if (!tail.endsWith('END-ISO-10303-21;')) {
    throw new ModelError(file, `truncated: it does not end with END-ISO-10303-21; (${bytes.length} bytes read)`);
  }
}
