// What the import worker exposes (workers/import.worker.ts is one `expose` of it), written against an injected GDAL so
// Node tests call the same functions: inspect dropped files (formats, layers, CRS, fields with samples, a suggested
// role and mapping per layer), then convert a layer for the city with progress and cancellation.
import { fieldSignature, missingRequired, suggestMapping, suggestRole, type FieldMapping } from '../../core/import/fieldMapping';
import type { ImportRole } from '../../core/import/roles';
import { convertLayer, type ImportProblem } from './convertLayer';
import type { GdalInput, GdalRuntime } from './gdalRuntime';
import { ImportJob } from './importJob';
import { layerCrs, type LayerCrs } from './layerCrs';
import type { LayerDescription, SourceDescription } from './readSource';
import { convertedColumns, featuresToFgb, joinChunks } from './writeFgb';

export interface LayerSuggestion {
  file: string;
  layer: string;
  role: ImportRole;
  mapping: FieldMapping;
  /** Key under which the page remembers a mapping the user edited (fieldSignature of the layer's fields). */
  signature: string;
  /** The CRS the layer would be read in, or why it cannot be read without one. */
  crs: LayerCrs;
}

export interface InspectResult {
  jobId: number;
  sources: SourceDescription[];
  layers: LayerSuggestion[];
}

export interface ConvertRequest {
  file: string;
  layer: string;
  role: ImportRole;
  mapping: FieldMapping;
  /** A CRS the user chose in the dialog (code or WKT), replacing the file's. */
  crs?: string;
}

export interface ConvertResult {
  /** The layer as FlatGeobuf in CGCS2000 lon/lat, under its role's contract (what the layers and tiles workers read). */
  fgb: Uint8Array;
  count: number;
  problems: ImportProblem[];
  bboxLonLatDeg: [number, number, number, number];
  warnings: string[];
}

export interface ImportApi {
  inspect(inputs: GdalInput[]): Promise<InspectResult>;
  convert(jobId: number, request: ConvertRequest, onProgress?: (done: number, total: number) => void): Promise<ConvertResult>;
  /** Stops the job's running conversion between pages (it rejects with an AbortError). */
  cancel(jobId: number): void;
  close(jobId: number): void;
}

function findLayer(sources: SourceDescription[], file: string, layer: string): LayerDescription {
  const l = sources.find((s) => s.file === file)?.layers.find((x) => x.name === layer);
  if (!l) throw new Error(`${file}: no layer "${layer}"`);
  return l;
}

/** The API over a GDAL loaded on first use (`loadGdal`: nodeGdal in Node, the worker's dynamic import in the browser). */
export function createImportApi(loadGdal: () => Promise<GdalRuntime>): ImportApi {
  const jobs = new Map<number, { job: ImportJob; sources: SourceDescription[]; abort: AbortController | null }>();
  let next = 0;
  return {
    async inspect(inputs) {
      const rt = await loadGdal();
      const job = await ImportJob.open(rt, inputs);
      let sources: SourceDescription[];
      try {
        sources = await job.describe(5);
      } catch (err) {
        job.dispose();
        throw err;
      }
      const jobId = ++next;
      jobs.set(jobId, { job, sources, abort: null });
      const layers = sources.flatMap((s) =>
        s.layers.map((l): LayerSuggestion => {
          const role = suggestRole(l.geometryType, l.fields);
          return {
            file: s.file,
            layer: l.name,
            role,
            mapping: suggestMapping(role, l.fields),
            signature: fieldSignature(l.fields),
            crs: layerCrs(l, s.file),
          };
        }),
      );
      return { jobId, sources, layers };
    },

    async convert(jobId, request, onProgress) {
      const entry = jobs.get(jobId);
      if (!entry) throw new Error(`import ${jobId} is closed`);
      const description = findLayer(entry.sources, request.file, request.layer);
      const missing = missingRequired(request.role, request.mapping).filter((t) => t !== 'id');
      if (missing.length) throw new Error(`${request.file}: no field mapped to ${missing.join(', ')} (needed for ${request.role})`);
      const crs = layerCrs(description, request.file, request.crs);
      if (!crs.ok) throw new Error(crs.message);
      const abort = new AbortController();
      entry.abort = abort;
      const problems: ImportProblem[] = [];
      const warnings = [...crs.warnings];
      let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      // GDAL reads the whole layer before the first page (no progress inside that call): say it has begun.
      onProgress?.(0, Math.max(0, description.featureCount));
      async function* pages() {
        for await (const page of convertLayer(entry!.job, {
          ...request,
          step: crs.ok ? crs.step : { kind: 'gdal' },
          signal: abort.signal,
          onProgress,
        })) {
          problems.push(...page.problems);
          warnings.push(...page.warnings);
          bbox = page.bboxLonLatDeg;
          yield page.features;
        }
      }
      try {
        const { chunks, count } = await featuresToFgb(pages(), convertedColumns(request.role, request.mapping, description.fields));
        return { fgb: joinChunks(chunks), count, problems, bboxLonLatDeg: bbox, warnings };
      } finally {
        entry.abort = null;
      }
    },

    cancel(jobId) {
      jobs.get(jobId)?.abort?.abort();
    },

    close(jobId) {
      jobs.get(jobId)?.job.dispose();
      jobs.delete(jobId);
    },
  };
}
