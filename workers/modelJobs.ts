// 3D models in the tiles worker: the dropped files read into a ModelData (IFC through web-ifc, glTF/OBJ/FBX/Collada
// through three.js's loaders: both loaded on the first model only), kept here while the user places it, then tiled
// (src/core/models) and served from blob URLs like the city's own tiles. The page gets summaries and one URL.
import { designValues, type DesignValues } from '../src/core/models/design';
import { designInputOf } from '../src/core/models/designInput';
import { hullOutline } from '../src/core/models/footprint';
import {
  mainModelFile,
  ModelError,
  modelFormatOf,
  modelTriangles,
  type ModelData,
  type ModelPlacement,
  type ModelSummary,
} from '../src/core/models/model';
import { writeModelTiles, type ModelTilesCounts } from '../src/core/models/modelTiles';
import { triangleOutline } from '../src/core/models/outline';
import { placeModel, placementFromGeoref } from '../src/core/models/placement';
import type { DesignInput } from '../src/core/planning/designCheck';
import { meshoptReady } from '../src/core/tiles/glbPack';
import { browserIfc } from './ifcBrowser';
import { revokeServed, serveTiles, serveTileset } from './servedTiles';

interface ModelJob {
  model: ModelData;
  /** Convex hull in the model frame at z = 0, flat x, y, z: the live footprint. */
  hull: Float64Array;
  abort: AbortController | null;
}

/** Model jobs by id, numbered apart from the tiles jobs (their blob URLs share servedTiles' table). */
const modelJobs = new Map<number, ModelJob>();
let lastModelJob = 1_000_000;

/** The exact outline of a model up to this many triangles; above, its convex hull (said so in the warnings). */
const EXACT_OUTLINE_TRIANGLES = 300_000;

export interface TiledModel {
  url: string;
  counts: ModelTilesCounts;
  /** The model's outline on the ground, lon/lat degrees, closed ring. */
  footprintLonLatDeg: number[];
  /** An IFC's design values for the review (areas and heights in metres at the placement's scale). */
  design: DesignInput | null;
}

function jobOf(job: number): ModelJob {
  const j = modelJobs.get(job);
  if (!j) throw new Error(`tiles worker: no model ${job}; open it first`);
  return j;
}

async function readModel(files: { name: string; blob: Blob }[], metresPerUnit: number | null): Promise<ModelData> {
  const main = mainModelFile(files.map((f) => f.name));
  if (!main) throw new Error(`${files.map((f) => f.name).join(', ')}: no 3D model among them (IFC, glTF, GLB, OBJ, FBX, Collada)`);
  const unit = metresPerUnit ?? undefined;
  if (modelFormatOf(main) === 'ifc') {
    const { readIfc } = await import('../src/io/models/ifc');
    const bytes = new Uint8Array(await files.find((f) => f.name === main)!.blob.arrayBuffer());
    return readIfc(bytes, main, await browserIfc(), { metresPerUnit: unit });
  }
  const { readThreeModel } = await import('../src/io/models/threeModel');
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) bytes.set(f.name, new Uint8Array(await f.blob.arrayBuffer()));
  return readThreeModel(bytes, main, { metresPerUnit: unit });
}

/** The outline kept with a placed model, model frame x, y: an IFC's ground storey, else the triangles' outline or hull. */
function outlineOf(model: ModelData, design: DesignValues | null): [number, number][] {
  const ring = design?.footprint[0];
  if (ring && ring.length >= 3) return ring;
  if (modelTriangles(model) <= EXACT_OUTLINE_TRIANGLES) {
    const flat: number[] = [];
    for (const p of model.parts)
      for (const i of p.indices) flat.push(p.positions[3 * i], p.positions[3 * i + 1]);
    const outline = triangleOutline(flat);
    const outer = outline.rings.reduce<[number, number][] | null>((best, r) => (!best || r.length > best.length ? r : best), null);
    if (outer && outer.length >= 3) return outer;
  }
  return hullOutline(model);
}

function ringLonLat(model: ModelData, placement: ModelPlacement, ring: readonly (readonly [number, number])[], z: number): number[] {
  const flat = new Float64Array(ring.length * 3);
  ring.forEach(([x, y], i) => flat.set([x, y, z], 3 * i));
  const lonLatH = placeModel(model, placement).toLonLatHeight(flat);
  const out: number[] = [];
  for (let i = 0; i < ring.length; i++) out.push(lonLatH[3 * i], lonLatH[3 * i + 1]);
  if (out[0] !== out[out.length - 2] || out[1] !== out[out.length - 1]) out.push(out[0], out[1]);
  return out;
}

export const modelApi = {
  /** Reads the model among `files` and keeps it for placing; what it holds comes back. */
  async openModel(files: { name: string; blob: Blob }[], metresPerUnit: number | null): Promise<ModelSummary> {
    const model = await readModel(files, metresPerUnit);
    const hull = hullOutline(model);
    const flat = new Float64Array(hull.length * 3);
    hull.forEach(([x, y], i) => flat.set([x, y, 0], 3 * i));
    modelJobs.set(++lastModelJob, { model, hull: flat, abort: null });
    return {
      job: lastModelJob,
      file: model.file,
      format: model.format,
      units: model.units,
      elements: model.elements.length,
      triangles: modelTriangles(model),
      storeys: model.storeys.map((s) => ({ name: s.name, elevationM: s.elevationM })),
      georef: model.georef ?? null,
      warnings: model.warnings,
    };
  },

  /** The placement the file's georeferencing declares (its CRS checked). */
  modelPlacementFromFile(job: number): ModelPlacement | null {
    const { model } = jobOf(job);
    return model.georef ? placementFromGeoref(model.file, model.georef) : null;
  },

  /** The model's convex hull at `placement`, lon/lat degrees, closed ring: drawn while the user places it. */
  modelFootprint(job: number, placement: ModelPlacement): number[] {
    const j = jobOf(job);
    const lonLatH = placeModel(j.model, placement).toLonLatHeight(j.hull);
    const out: number[] = [];
    for (let i = 0; i < lonLatH.length; i += 3) out.push(lonLatH[i], lonLatH[i + 1]);
    return out;
  },

  /** Tiles the model at `placement` and serves the tileset; a far placement or too many triangles is a ModelError. */
  async tileModel(
    job: number,
    placement: ModelPlacement,
    cityBoundsDeg: [number, number, number, number] | null,
    onProgress: (done: number, total: number) => void,
  ): Promise<TiledModel> {
    const j = jobOf(job);
    const abort = (j.abort = new AbortController());
    await meshoptReady();
    const it = writeModelTiles(j.model, placement, {
      ...(cityBoundsDeg && { cityBoundsDeg }),
      signal: abort.signal,
      onProgress,
    });
    try {
      for (;;) {
        const step = it.next();
        if (step.done) {
          const design = j.model.format === 'ifc' ? designValues(j.model) : null;
          const outline = outlineOf(j.model, design);
          return {
            url: serveTileset(job, step.value.tileset),
            counts: step.value.counts,
            footprintLonLatDeg: ringLonLat(j.model, placement, outline, design?.groundM ?? 0),
            design: design && designInputOf(design, j.model.file, placement.scale),
          };
        }
        serveTiles(job, [step.value]);
        // Let a Cancel (a message to this worker) in between tiles.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } catch (err) {
      revokeServed(job);
      if (abort.signal.aborted) throw new DOMException(`${j.model.file}: tiling cancelled`, 'AbortError');
      throw err instanceof ModelError ? new Error(err.message) : err;
    } finally {
      j.abort = null;
    }
  },

  cancelModel(job: number): void {
    modelJobs.get(job)?.abort?.abort();
  },

  /** Forgets the model read for `job` (its tiles, if any, stay served until revokeServed). */
  closeModel(job: number): void {
    modelJobs.delete(job);
  },
};
