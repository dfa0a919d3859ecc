// The city folder `cim import` writes: one file per role (GeoJSON, FlatGeobuf above 50,000 features, as `cim demo`),
// empty layers and a flat DEM for what was not given, the manifest (demo.json) and import-report.json; built in a
// temporary folder beside DIR and renamed into place, so a failed run leaves a previous DIR whole.
import {
  closeSync,
  createWriteStream,
  existsSync,
  openSync,
  renameSync,
  writeSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  copyFileSync,
  readFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { epsgForGkZone } from '../../src/core/crs/defs';
import { gkZoneForLonDeg } from '../../src/core/crs/gk';
import type { FieldMapping } from '../../src/core/import/fieldMapping';
import { ROLE_FILE } from '../../src/core/demo/replaceFiles';
import type { ImportRole } from '../../src/core/import/roles';
import type { ChosenEncoding } from '../../src/io/gdal/dbfEncoding';
import { convertLayer, type ImportProblem } from '../../src/io/gdal/convertLayer';
import type { ImportJob } from '../../src/io/gdal/importJob';
import type { LayerCrs } from '../../src/io/gdal/layerCrs';
import type { LayerDescription } from '../../src/io/gdal/readSource';
import type { SourceFormat } from '../../src/io/gdal/sourceDatasets';
import { convertedColumns, featuresToFgb } from '../../src/io/gdal/writeFgb';
import type { GeoJsonFeature } from '../../src/io/featureFile';
import { writeGeoTiffFloat32 } from '../../src/io/geotiff';
import { readDem } from '../../src/io/pipesData';
import { CliError } from './args';

export interface PlannedLayer {
  file: string;
  layer: string;
  role: ImportRole;
  mapping: FieldMapping;
  signature: string;
  description: LayerDescription;
  format: SourceFormat;
  encoding?: ChosenEncoding;
  crs: LayerCrs;
}

/** Above this many features a layer is written as FlatGeobuf (as `cim demo` does). */
const FGB_ABOVE = 50_000;

const FILE_NAMES: Record<string, string> = {
  buildings: 'buildings',
  grids: 'grids',
  pipelines: 'pipelines',
  parcels: 'parcels',
  controlLines: 'control-lines',
  heightLimits: 'height-limits',
  greenSpaces: 'green-spaces',
  roads: 'roads',
  landUse: 'land-use',
};

type Bbox = [number, number, number, number];
const union = (a: Bbox, b: Bbox): Bbox => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];

export interface CityResult {
  counts: Record<string, number>;
  problems: ImportProblem[];
  reportFile: string;
}

/** Converts and writes every planned layer (layers of one role are concatenated), then the manifest. */
export async function writeCity(
  job: ImportJob,
  layers: PlannedLayer[],
  outDir: string,
  options: { strict: boolean; dem?: string; warnings: string[] },
): Promise<CityResult> {
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const problems: ImportProblem[] = [];
    const warnings = [...options.warnings];
    const files: Record<string, string> = {};
    const counts: Record<string, number> = {};
    const overlays: { id: string; name: string; file: string }[] = [];
    let bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
    let gridLevels = [0, 0, 0];
    const baseMs: number[] = [];

    const byRole = new Map<string, PlannedLayer[]>();
    layers.forEach((l, i) => {
      const key = l.role === 'overlay' ? `overlay-${i + 1}` : l.role;
      byRole.set(key, [...(byRole.get(key) ?? []), l]);
    });
    for (const [key, group] of byRole) {
      const role = group[0].role;
      const total = group.reduce((n, l) => n + Math.max(0, l.description.featureCount), 0);
      const useFgb = total > FGB_ABOVE;
      const name = role === 'overlay' ? key : FILE_NAMES[role];
      const fileName = `${name}.${useFgb ? 'fgb' : 'geojson'}`;
      let count = 0;
      // Pages of every layer of the role, mapped and checked; problems and the bbox gathered on the way.
      async function* pages(): AsyncGenerator<GeoJsonFeature[]> {
        for (const l of group) {
          const crs = l.crs.ok ? l.crs : null;
          for await (const page of convertLayer(job, {
            file: l.file,
            layer: l.layer,
            role,
            mapping: l.mapping,
            step: crs ? crs.step : { kind: 'gdal' },
          })) {
            problems.push(...page.problems);
            warnings.push(...page.warnings.map((w) => `${l.file}: ${w}`));
            if (page.features.length) bbox = union(bbox, page.bboxLonLatDeg);
            for (const f of page.features) {
              const p = f.properties!;
              if (role === 'grids' && typeof p.level === 'number') gridLevels[p.level - 1]++;
              if (role === 'buildings' && typeof p.baseM === 'number' && baseMs.length < 10_000) baseMs.push(p.baseM);
            }
            count += page.features.length;
            yield page.features;
          }
        }
      }
      if (useFgb) {
        const columns = new Map(group.flatMap((l) => convertedColumns(role, l.mapping, l.description.fields)).map((c) => [c.name, c]));
        const { chunks } = await featuresToFgb(pages(), [...columns.values()]);
        const fd = openSync(join(tmp, fileName), 'w');
        for (const c of chunks) writeSync(fd, c);
        closeSync(fd);
      } else {
        const out = createWriteStream(join(tmp, fileName));
        out.write('{"type":"FeatureCollection","features":[\n');
        let first = true;
        for await (const features of pages()) {
          for (const f of features) {
            if (!out.write(`${first ? '' : ',\n'}${JSON.stringify(f)}`)) await once(out, 'drain');
            first = false;
          }
        }
        out.end('\n]}\n');
        await once(out, 'finish');
      }
      if (role === 'overlay') overlays.push({ id: key, name: group.map((l) => l.layer).join(', '), file: fileName });
      else {
        files[ROLE_FILE[role]] = fileName;
        counts[role] = count;
      }
    }
    if (options.strict && problems.some((p) => p.action === 'skipped')) {
      const first = problems.find((p) => p.action === 'skipped')!;
      throw new CliError(
        `--strict: ${problems.filter((p) => p.action === 'skipped').length} features would be skipped, first ${first.file} feature ${first.index}: ${first.reason}`,
      );
    }
    if (!Number.isFinite(bbox[0])) throw new CliError('no feature could be imported');
    // What the viewer expects and the user did not give: empty layers, no sensors.
    const empty = '{"type":"FeatureCollection","features":[]}\n';
    for (const key of ['grids', 'buildings', 'roads', 'controlLines', 'parcels', 'greenSpaces', 'landUse', 'heightLimits', 'pipelines']) {
      if (files[key]) continue;
      files[key] = `${FILE_NAMES[key]}.geojson`;
      writeFileSync(join(tmp, files[key]), empty);
    }
    files.sensors = 'sensors.json';
    writeFileSync(join(tmp, files.sensors), '{"Things":[]}\n');
    const dem = await writeDem(tmp, bbox, options.dem, baseMs);
    files.dem = 'dem.tif';
    if (gridLevels.every((n) => n === 0)) gridLevels = [0, 0, 0];
    const centre: [number, number] = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
    const manifest = {
      generator: 'cim import',
      crs: 'EPSG:4490',
      metricCrs: `EPSG:${epsgForGkZone(gkZoneForLonDeg(centre[0]), false)}`,
      centerLonLatDeg: centre,
      bboxLonLatDeg: bbox,
      files,
      counts: {
        buildings: counts.buildings ?? 0,
        gridsL1: gridLevels[0],
        gridsL2: gridLevels[1],
        gridsL3: gridLevels[2],
        roads: 0,
        controlLines: counts.controlLines ?? 0,
        parcels: counts.parcels ?? 0,
        greenSpaces: counts.greenSpaces ?? 0,
        landUse: 0,
        heightLimits: counts.heightLimits ?? 0,
        pipelines: counts.pipelines ?? 0,
        sensors: 0,
        datastreams: 0,
      },
      dem,
      deliberateViolations: [],
      overlays,
      imported: layers.map((l) => ({ file: l.file, layer: l.layer, role: l.role, format: l.format })),
    };
    writeFileSync(join(tmp, 'demo.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    const report = {
      sources: layers.map((l) => ({
        file: l.file,
        layer: l.layer,
        format: l.format,
        encoding: l.encoding,
        role: l.role,
        crs: l.crs.ok ? (l.crs.crs?.code ?? l.description.crs?.name) : null,
        signature: l.signature,
        mapping: l.mapping,
        features: l.description.featureCount,
      })),
      warnings,
      problems,
    };
    writeFileSync(join(tmp, 'import-report.json'), `${JSON.stringify(report, null, 1)}\n`);
    replaceDir(tmp, outDir);
    return { counts, problems, reportFile: join(outDir, 'import-report.json') };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Moves `tmp` to `dir`; a previous `dir` is moved aside first and removed only once the new one is in place. */
function replaceDir(tmp: string, dir: string): void {
  const old = `${dir}.old-${process.pid}`;
  const had = existsSync(dir);
  if (had) renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (had) renameSync(old, dir);
    throw err;
  }
  if (had) rmSync(old, { recursive: true, force: true });
}

/** The DEM: the one given (copied), else flat at the buildings' median base height (0 without buildings). */
async function writeDem(dir: string, bbox: Bbox, given: string | undefined, baseMs: number[]) {
  const pad = Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1]) * 0.02 + 1e-4;
  const demBbox: Bbox = [bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad];
  if (given) {
    // Read before it is copied: an unreadable or non-lon/lat DEM is refused naming it.
    let grid;
    try {
      grid = await readDem(new Uint8Array(readFileSync(given)), basename(given));
    } catch (err) {
      throw new CliError(`--dem ${(err as Error).message}`);
    }
    copyFileSync(given, join(dir, 'dem.tif'));
    let minM = Infinity;
    let maxM = -Infinity;
    for (const h of grid.heightsM)
      if (Number.isFinite(h)) {
        minM = Math.min(minM, h);
        maxM = Math.max(maxM, h);
      }
    return { width: grid.width, height: grid.height, bboxLonLatDeg: grid.bboxDeg, minM, maxM };
  }
  const sorted = [...baseMs].sort((a, b) => a - b);
  const heightM = sorted.length ? sorted[sorted.length >> 1] : 0;
  const size = 64;
  writeFileSync(
    join(dir, 'dem.tif'),
    new Uint8Array(
      writeGeoTiffFloat32({ width: size, height: size, bboxLonLatDeg: demBbox, values: new Float32Array(size * size).fill(heightM) }),
    ),
  );
  return { width: size, height: size, bboxLonLatDeg: demBbox, minM: heightM, maxM: heightM, flat: true };
}
