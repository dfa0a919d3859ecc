// 3D models in the tiles worker: the dropped files read into a ModelData (IFC through web-ifc, glTF/OBJ/FBX/Collada
// through three.js's loaders: both loaded on the first model only), kept here while the user places it, then tiled
// (src/core/models) and served from blob URLs like the city's own tiles. The page gets summaries and one URL.
import { designValues, type DesignValues } from '../src/core/models/design';
import { designInputOf } from '../src/core/models/designInput';
import { convexHullForLivePreview, planHull } from '../src/core/models/footprint';
import { baseCentre, footprintOf } from '../src/core/models/modelBase';
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
import { placeModel } from '../src/core/models/placement';
import type { DesignInput } from '../src/core/planning/designCheck';
import { meshoptReady } from '../src/core/tiles/glbPack';
import { revokeServed, serveTiles, serveTileset } from './servedTiles';

interface ModelJob {
  model: ModelData;
  /** Convex hull in the model frame, flat x, y: the live footprint. */
  hull: Float64Array;
  /** An IFC's design values (model frame), read once. */
  design: DesignValues | null;
  abort: AbortController | null;
}

/**
 * A tab tiles at most this many triangles (a million triangles of IFC took 1.1 GB in the reader and ~17 s to tile):
 * above, the model is refused at once with the count, and `cim model` (20 million by default) named.
 */
export const MAX_BROWSER_TRIANGLES = 5_000_000;

/** Model jobs by id, numbered apart from the tiles jobs (their blob URLs share servedTiles' table). */
const modelJobs = new Map<number, ModelJob>();
let lastModelJob = 1_000_000;

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
    // Both loaded on the first IFC only: ifcBrowser's `?url` wasm import is Vite's, and the CLI runs this worker in Node.
    const [{ readIfc }, { browserIfc }] = await Promise.all([import('../src/io/models/ifc'), import('./ifcBrowser')]);
    const bytes = new Uint8Array(await files.find((f) => f.name === main)!.blob.arrayBuffer());
    return readIfc(bytes, main, await browserIfc(), { metresPerUnit: unit });
  }
  const { readThreeModel } = await import('../src/io/models/threeModel');
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) bytes.set(f.name, new Uint8Array(await f.blob.arrayBuffer()));
  return readThreeModel(bytes, main, { metresPerUnit: unit });
}

export const modelApi = {
  /** Reads the model among `files` and keeps it for placing; what it holds comes back. */
  async openModel(
    files: { name: string; blob: Blob }[],
    metresPerUnit: number | null,
    maxTriangles = MAX_BROWSER_TRIANGLES,
  ): Promise<ModelSummary> {
    const model = await readModel(files, metresPerUnit);
    const triangles = modelTriangles(model);
    if (triangles > maxTriangles)
      throw new Error(
        `${model.file}: ${triangles.toLocaleString('en')} triangles, more than the ${maxTriangles.toLocaleString('en')} a browser tab tiles; use \`cim model\``,
      );
    const design = model.format === 'ifc' ? designValues(model) : null;
    modelJobs.set(++lastModelJob, { model, hull: planHull(model), design, abort: null });
    return {
      job: lastModelJob,
      file: model.file,
      format: model.format,
      units: model.units,
      elements: model.elements.length,
      triangles: modelTriangles(model),
      storeys: model.storeys.map((s) => ({ name: s.name, elevationM: s.elevationM })),
      georef: model.georef ?? null,
      warnings: [...model.warnings, ...(design?.notes ?? [])],
      baseCentre: baseCentre(model, design),
    };
  },

  /** The model's convex hull at `placement`, lon/lat degrees, closed ring: drawn while the user places it. */
  modelFootprint(job: number, placement: ModelPlacement): number[] {
    const j = jobOf(job);
    return Array.from(convexHullForLivePreview(j.hull, placeModel(j.model, placement)));
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
          const design = j.design;
          return {
            url: serveTileset(job, step.value.tileset),
            counts: step.value.counts,
            footprintLonLatDeg: footprintOf(j.model, placeModel(j.model, placement), design),
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
