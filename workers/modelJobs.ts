// 3D models in the tiles worker: the dropped files read into a ModelData (IFC through web-ifc, glTF/OBJ/FBX/Collada
// through three.js's loaders: both loaded on the first model only), kept here while the user places it, then tiled
// (src/core/models) and served from blob URLs like the city's own tiles. The page gets summaries and one URL.
import { designValues, type DesignValues } from '../src/core/models/design';
import { designInputOf } from '../src/core/models/designInput';
import { convexHullForLivePreview, modelFootprint, planHull } from '../src/core/models/footprint';
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
import { placeModel, type PlacedModel } from '../src/core/models/placement';
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
    // Both loaded on the first IFC only; ifcBrowser names the wasm as the page serves it (a browser-only import).
    const [{ readIfc }, { browserIfc }] = await Promise.all([import('../src/io/models/ifc'), import('./ifcBrowser')]);
    const bytes = new Uint8Array(await files.find((f) => f.name === main)!.blob.arrayBuffer());
    return readIfc(bytes, main, await browserIfc(), { metresPerUnit: unit });
  }
  const { readThreeModel } = await import('../src/io/models/threeModel');
  const bytes = new Map<string, Uint8Array>();
  for (const f of files) bytes.set(f.name, new Uint8Array(await f.blob.arrayBuffer()));
  return readThreeModel(bytes, main, { metresPerUnit: unit });
}

/**
 * The outline kept with a placed model, lon/lat degrees, closed: an IFC's ground-storey slabs (what its design values
 * measure), else the largest ring of the triangles' shadow.
 */
function footprintOf(model: ModelData, placed: PlacedModel, design: DesignValues | null): number[] {
  const ring = design?.footprint[0];
  if (ring && ring.length >= 3) {
    const xyz = new Float64Array(ring.length * 3);
    ring.forEach(([x, y], i) => xyz.set([x, y, design!.groundM], 3 * i));
    const lonLatH = placed.toLonLatHeight(xyz);
    const out: number[] = [];
    for (let i = 0; i < ring.length; i++) out.push(lonLatH[3 * i], lonLatH[3 * i + 1]);
    if (out[0] !== out[out.length - 2] || out[1] !== out[out.length - 1]) out.push(out[0], out[1]);
    return out;
  }
  const rings = modelFootprint(model, placed).ringsLonLatDeg;
  return Array.from(rings.reduce((a, b) => (b.length > a.length ? b : a), new Float64Array(0)));
}

/** Where a model stands when placed by hand: the centre of its plan at its ground (an IFC's ground storey, else its lowest point). */
function baseCentre(model: ModelData, design: DesignValues | null): [number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const p of model.parts)
    for (let i = 0; i < p.positions.length; i += 3) {
      x0 = Math.min(x0, p.positions[i]);
      x1 = Math.max(x1, p.positions[i]);
      y0 = Math.min(y0, p.positions[i + 1]);
      y1 = Math.max(y1, p.positions[i + 1]);
      z0 = Math.min(z0, p.positions[i + 2]);
    }
  return [(x0 + x1) / 2, (y0 + y1) / 2, design ? design.groundM : z0];
}

export const modelApi = {
  /** Reads the model among `files` and keeps it for placing; what it holds comes back. */
  async openModel(files: { name: string; blob: Blob }[], metresPerUnit: number | null): Promise<ModelSummary> {
    const model = await readModel(files, metresPerUnit);
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
