// A layer converted for the city: read through GDAL in CGCS2000 lon/lat (EPSG:4490, reprojected by GDAL/PROJ, which
// knows every CRS a file may declare), each feature's fields mapped to its role's contract, unusable geometries
// skipped and named, values that could not be read named; page by page, with progress and cancellation.
import { fromGk } from '../../core/crs/gk';
import { transformPoint } from '../../core/crs/transform';
import { geometryProblem } from '../../core/import/featureCheck';
import { mapProperties, type FieldMapping } from '../../core/import/fieldMapping';
import { ROLE_TARGETS, type ImportRole } from '../../core/import/roles';
import type { GeoJsonFeature } from '../featureFile';
import type { ImportJob } from './importJob';
import type { LonLatStep } from './layerCrs';

export const CITY_CRS = 'EPSG:4490';

/** One feature that was skipped, or kept with a value left empty (to be estimated by the shared rule downstream). */
export interface ImportProblem {
  file: string;
  layer: string;
  /** Index of the feature in the layer (source order). */
  index: number;
  id: string | null;
  action: 'skipped' | 'kept';
  reason: string;
}

export interface ConvertOptions {
  file: string;
  layer: string;
  role: ImportRole;
  mapping: FieldMapping;
  /** How coordinates reach CGCS2000 lon/lat (layerCrs decides): here by core/crs, or by GDAL while reading. */
  step: LonLatStep;
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ConvertedPage {
  features: GeoJsonFeature[];
  problems: ImportProblem[];
  done: number;
  total: number;
  /** [west, south, east, north] of everything read so far, degrees. */
  bboxLonLatDeg: [number, number, number, number];
  warnings: string[];
}

/** Every position of nested coordinate arrays to lon/lat degrees by `step`, in place, extending `bbox`. */
function toLonLat(coords: unknown, step: LonLatStep, xy: number[], bbox: number[]): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    xy[0] = coords[0];
    xy[1] = coords[1] as number;
    if (step.kind === 'gk3') fromGk(xy, step.zone, step.zoneInEasting, coords as number[]);
    else if (step.kind === 'core') transformPoint(step.from, CITY_CRS, xy, coords as number[]);
    bbox[0] = Math.min(bbox[0], coords[0]);
    bbox[1] = Math.min(bbox[1], coords[1] as number);
    bbox[2] = Math.max(bbox[2], coords[0]);
    bbox[3] = Math.max(bbox[3], coords[1] as number);
    return;
  }
  for (const c of coords) toLonLat(c, step, xy, bbox);
}

function stemOf(file: string): string {
  const b = file.slice(file.lastIndexOf('/') + 1);
  return b.includes('.') ? b.slice(0, b.lastIndexOf('.')) : b;
}

/** The layer's features under the role's contract, in lon/lat, page by page. */
export async function* convertLayer(job: ImportJob, o: ConvertOptions): AsyncGenerator<ConvertedPage> {
  const prefix = stemOf(o.layer || o.file);
  // Numbering a feature without id is worth a line in the report only where the role needs ids (joins, references).
  const idRequired = ROLE_TARGETS[o.role].some((t) => t.name === 'id' && t.required);
  // Where ids are needed (joins, parent references, picking), a second feature with a taken id is skipped.
  const firstIndexOfId = idRequired ? new Map<string, number>() : null;
  const xy = [0, 0];
  const jsBbox = [Infinity, Infinity, -Infinity, -Infinity];
  const inJs = o.step.kind !== 'gdal';
  const read = { targetCrs: inJs ? undefined : CITY_CRS, pageSize: o.pageSize, signal: o.signal };
  for await (const page of job.pages(o.file, o.layer, read)) {
    const features: GeoJsonFeature[] = [];
    const problems: ImportProblem[] = [];
    page.features.forEach((f, k) => {
      const index = page.start + k;
      const { properties, problems: valueProblems } = mapProperties(o.role, o.mapping, f.properties);
      let id = properties.id === null || properties.id === undefined ? null : String(properties.id);
      const g = geometryProblem(o.role, f.geometry);
      const base = { file: o.file, layer: o.layer, index };
      if (g) {
        problems.push({
          ...base,
          id,
          action: 'skipped',
          reason: g === 'wrong-type' ? `${f.geometry?.type} is not a geometry for ${o.role}` : g,
        });
        return;
      }
      if (id === null && 'id' in o.mapping) {
        id = `${prefix}-${index + 1}`;
        properties.id = id;
        if (idRequired) problems.push({ ...base, id, action: 'kept', reason: 'no id: numbered by its place in the file' });
      }
      if (firstIndexOfId && id !== null) {
        const first = firstIndexOfId.get(id);
        if (first !== undefined) {
          problems.push({ ...base, id, action: 'skipped', reason: `duplicate id (feature ${first} has it)` });
          return;
        }
        firstIndexOfId.set(id, index);
      }
      for (const p of valueProblems)
        problems.push({
          ...base,
          id,
          action: 'kept',
          reason: `${p.target} from ${p.field}: ${p.reason} (${JSON.stringify(p.value)}), left empty`,
        });
      if (inJs) toLonLat(f.geometry!.coordinates, o.step, xy, jsBbox);
      features.push({ type: 'Feature', geometry: f.geometry, properties });
    });
    const done = page.start + page.features.length;
    o.onProgress?.(done, page.total);
    const [w, s, e, n] = inJs ? jsBbox : page.bbox;
    yield { features, problems, done, total: page.total, bboxLonLatDeg: [w, s, e, n], warnings: page.warnings };
  }
}
