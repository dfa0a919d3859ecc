// A 3D model as every reader hands it on and every later step (placement, tiling, design values) takes it:
// triangles in the model's own frame in metres (x, y, z with z up, right-handed), grouped into parts of one
// element and one material, with the elements' metadata, the materials, the storeys and the georeferencing the
// file declares. Readers (src/io/models: IFC through web-ifc, glTF/OBJ/FBX/Collada through three.js) convert
// units and up axes; nothing after them guesses either.

export type ModelFormat = 'ifc' | 'gltf' | 'glb' | 'obj' | 'fbx' | 'dae';

/** How the file's length unit became metres: never guessed silently. */
export interface ModelUnits {
  metresPerUnit: number;
  /** Where the unit came from, for the user: "IFCSIUNIT .MILLI. .METRE.", "glTF: metres by the specification", "given: --unit cm". */
  source: string;
}

export interface ModelTexture {
  /** The file name as the model refers to it. */
  name: string;
  mime: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}

export interface ModelMaterial {
  name: string;
  /** Linear RGBA, 0..1. */
  color: [number, number, number, number];
  texture?: ModelTexture;
  doubleSided?: boolean;
}

/** One property value of an element (IFC property sets and quantities flattened to "Pset.Name"). */
export type ModelPropertyValue = string | number | boolean;

export interface ModelElement {
  /** The element's name (IFC Name, else its class and express id; the node or mesh name in glTF/OBJ/FBX). */
  name: string;
  /** IFC class, e.g. "IfcWall"; undefined for non-IFC models. */
  ifcClass?: string;
  /** IFC GlobalId (22 characters); undefined for non-IFC models. */
  globalId?: string;
  /** Index into ModelData.storeys, or undefined when the element is in no storey. */
  storey?: number;
  /** "Pset_WallCommon.IsExternal" → true, "Qto_SlabBaseQuantities.GrossArea" → 52.5 (SI units, m, m², m³). */
  properties: Record<string, ModelPropertyValue>;
}

/** Triangles of one element in one material. */
export interface ModelPart {
  element: number;
  material: number;
  /** x, y, z metres in the model frame, z up. */
  positions: Float32Array;
  /** Unit normals per vertex, or undefined when the file has none (the tiler computes them). */
  normals?: Float32Array;
  /** Texture coordinates per vertex (glTF convention: v down from the image's top), when the material has a texture. */
  uvs?: Float32Array;
  /** Counter-clockwise seen from outside. */
  indices: Uint32Array;
}

export interface ModelStorey {
  name: string;
  /** Elevation of the storey's floor in the model frame, metres (IfcBuildingStorey.Elevation, converted). */
  elevationM: number;
  globalId?: string;
}

/**
 * Georeferencing declared by the file. IFC4 IfcMapConversion: a model point (x, y, z) lands at
 * E = eastings + scale·(x·cosθ − y·sinθ), N = northings + scale·(x·sinθ + y·cosθ), H = orthogonalHeight + z·scale,
 * θ = atan2(xAxisOrdinate, xAxisAbscissa); a glTF's sidecar (model.gltf.geo.json) says the same in these words.
 */
export interface ModelGeoref {
  /** "EPSG:4547"; as the file names it (IfcProjectedCRS.Name). */
  crs: string;
  eastingM: number;
  northingM: number;
  heightM: number;
  /** θ in degrees, counter-clockwise from grid east to the model's x axis. */
  rotationDeg: number;
  scale: number;
  /** Where it was read from, e.g. "IfcMapConversion #123". */
  source: string;
}

export interface ModelData {
  /** The file's name, as the user gave it (named in every message). */
  file: string;
  format: ModelFormat;
  units: ModelUnits;
  elements: ModelElement[];
  materials: ModelMaterial[];
  parts: ModelPart[];
  storeys: ModelStorey[];
  georef?: ModelGeoref;
  /** Things the user should know that did not stop the read (an element without geometry, an unknown texture). */
  warnings: string[];
}

/**
 * Where the user (or the file's georeferencing) puts the model: the model point `anchor` (default the origin)
 * lands at (x, y) in `crs` (the city's CRS, a GK zone in metres, or EPSG:4490/4326 lon/lat degrees) at height
 * `heightM` above the ellipsoid's surface as the city's terrain uses it; the model is turned by `rotationDeg`
 * counter-clockwise about the vertical and scaled by `scale`.
 */
export interface ModelPlacement {
  crs: string;
  x: number;
  y: number;
  heightM: number;
  rotationDeg: number;
  scale: number;
  anchor?: [number, number, number];
}

/** A model that cannot be read or placed: the message names the file and what is wrong with it. */
export class ModelError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ModelError';
  }
}

/** Triangles of a model: the sum over its parts. */
export function modelTriangles(model: Pick<ModelData, 'parts'>): number {
  let n = 0;
  for (const p of model.parts) n += p.indices.length / 3;
  return n;
}

/** File name endings a model is read from; companions (.bin, .mtl, textures, .geo.json) travel with them. */
export const MODEL_EXTENSIONS: Readonly<Record<string, ModelFormat>> = {
  '.ifc': 'ifc',
  '.gltf': 'gltf',
  '.glb': 'glb',
  '.obj': 'obj',
  '.fbx': 'fbx',
  '.dae': 'dae',
};

/** The format of a model file by its name, or null for any other file. */
export function modelFormatOf(name: string): ModelFormat | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : (MODEL_EXTENSIONS[name.slice(dot).toLowerCase()] ?? null);
}

/** The model among dropped files (the first model file; the rest are its companions), or null when there is none. */
export function mainModelFile(names: readonly string[]): string | null {
  return names.find((n) => modelFormatOf(n) !== null) ?? null;
}

/** What a model read for placing holds, as the page shows it before it is tiled. */
export interface ModelSummary {
  /** The reader's job in the tiles worker. */
  job: number;
  file: string;
  format: ModelFormat;
  units: ModelUnits;
  elements: number;
  triangles: number;
  storeys: { name: string; elevationM: number }[];
  georef: ModelGeoref | null;
  warnings: string[];
  /** Model-frame point that stands on the ground when placed by hand: the plan's centre at the model's ground. */
  baseCentre: [number, number, number];
}
