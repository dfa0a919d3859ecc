// `cim city check DIR`: validates a city folder (the manifest contract of README "Loading your own data"): the
// manifest's fields, every file present and readable, feature counts as announced, geometries fit for their layer,
// coordinates lon/lat in China inside the manifest's bbox, grid levels, sensors and the DEM. Messages name the file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkCrsFit } from '../../src/core/crs/areaOfUse';
import { knownCrs } from '../../src/core/crs/known';
import { geometryProblem } from '../../src/core/import/featureCheck';
import type { ImportRole } from '../../src/core/import/roles';
import { DataFileError, streamFeatures } from '../../src/io/featureFile';
import { dataFileProblemText } from '../../src/io/dataFileText';
import { readDem } from '../../src/io/pipesData';
import { CliError, EXIT_OK, EXIT_PROBLEMS, printSummary } from './args';

/** Manifest file keys → the role whose geometry rule applies (roads and land use: lines and polygons). */
const VECTOR_FILES: Record<string, ImportRole> = {
  grids: 'grids',
  buildings: 'buildings',
  roads: 'pipelines',
  controlLines: 'controlLines',
  parcels: 'parcels',
  greenSpaces: 'greenSpaces',
  landUse: 'parcels',
  heightLimits: 'heightLimits',
  pipelines: 'pipelines',
};
const REQUIRED = [...Object.keys(VECTOR_FILES), 'sensors', 'dem'];

interface Problem {
  file: string;
  message: string;
}

function extend(coords: unknown, b: number[]): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    const [x, y] = coords as number[];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
    return;
  }
  for (const c of coords) extend(c, b);
}

async function checkVector(dir: string, key: string, name: string, manifest: Manifest, problems: Problem[]): Promise<number> {
  const path = join(dir, name);
  const bytes = new Uint8Array(readFileSync(path));
  const role = VECTOR_FILES[key];
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const bad: string[] = [];
  const levels = [0, 0, 0];
  let n = 0;
  let badCount = 0;
  try {
    for await (const f of streamFeatures(bytes, name)) {
      const g = geometryProblem(key === 'landUse' || key === 'controlLines' ? 'controlLines' : role, f.geometry);
      if (g) {
        badCount++;
        if (bad.length < 5) bad.push(`feature ${n}${f.properties?.id !== undefined ? ` id ${String(f.properties.id)}` : ''}: ${g}`);
      } else extend(f.geometry!.coordinates, b);
      if (key === 'grids') {
        const level = Number(f.properties?.level);
        if (level >= 1 && level <= 3) levels[level - 1]++;
      }
      n++;
    }
  } catch (err) {
    problems.push({
      file: name,
      message: `not readable: ${err instanceof DataFileError ? dataFileProblemText(err.problem, 'en') : (err as Error).message}`,
    });
    return 0;
  }
  if (badCount)
    problems.push({
      file: name,
      message: `${badCount} features with unusable geometry (${bad.join('; ')}${badCount > bad.length ? '; …' : ''})`,
    });
  if (b[0] <= b[2]) {
    const fit = checkCrsFit([b[0], b[1], b[2], b[3]], knownCrs('EPSG:4490')!, name);
    if (!fit.fits) problems.push({ file: name, message: fit.message!.replace(`${name}: `, '') });
    else {
      const m = manifest.bboxLonLatDeg;
      const tol = 1e-6;
      if (m && (b[0] < m[0] - tol || b[1] < m[1] - tol || b[2] > m[2] + tol || b[3] > m[3] + tol))
        problems.push({
          file: name,
          message: `coordinates [${b.map((v) => v.toFixed(6)).join(', ')}] reach outside the manifest's bboxLonLatDeg`,
        });
    }
  }
  const counts = manifest.counts ?? {};
  if (key === 'grids') {
    const announced = [counts.gridsL1, counts.gridsL2, counts.gridsL3];
    if (announced.some((c, i) => c !== undefined && c !== levels[i]))
      problems.push({
        file: name,
        message: `grid levels 1/2/3 hold ${levels.join('/')} features, the manifest says ${announced.join('/')}`,
      });
  } else if (counts[key] !== undefined && counts[key] !== n)
    problems.push({ file: name, message: `${n} features, the manifest says ${counts[key]}` });
  return n;
}

interface Manifest {
  files?: Record<string, string>;
  counts?: Record<string, number>;
  bboxLonLatDeg?: number[];
  tiles?: Record<string, string>;
}

export async function run(args: string[]): Promise<number> {
  const [sub, target, ...rest] = args;
  if (sub !== 'check' || !target || rest.length) throw new CliError('usage: cim city check DIR|DIR/demo.json');
  const manifestPath = existsSync(target) && statSync(target).isDirectory() ? join(target, 'demo.json') : target;
  if (!existsSync(manifestPath)) throw new CliError(`${manifestPath}: no such file (a city folder holds demo.json)`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (err) {
    throw new CliError(`${manifestPath}: not valid JSON (${(err as Error).message})`);
  }
  const dir = dirname(resolve(manifestPath));
  const problems: Problem[] = [];
  const files = manifest.files ?? {};
  for (const key of REQUIRED) if (!files[key]) problems.push({ file: 'demo.json', message: `files.${key} is missing` });
  const bbox = manifest.bboxLonLatDeg;
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(Number.isFinite) || bbox[0] >= bbox[2] || bbox[1] >= bbox[3])
    problems.push({ file: 'demo.json', message: 'bboxLonLatDeg must be [west, south, east, north] degrees' });
  const counted: Record<string, number> = {};
  for (const [key, name] of Object.entries(files)) {
    if (!existsSync(join(dir, name))) {
      problems.push({ file: name, message: `named as files.${key} in demo.json but missing` });
      continue;
    }
    if (VECTOR_FILES[key]) counted[key] = await checkVector(dir, key, name, manifest, problems);
  }
  if (files.sensors && existsSync(join(dir, files.sensors))) {
    try {
      const s = JSON.parse(readFileSync(join(dir, files.sensors), 'utf8')) as { Things?: unknown };
      if (!Array.isArray(s.Things)) problems.push({ file: files.sensors, message: 'expected a JSON object with a "Things" array' });
    } catch (err) {
      problems.push({ file: files.sensors, message: `not valid JSON (${(err as Error).message})` });
    }
  }
  if (files.dem && existsSync(join(dir, files.dem))) {
    try {
      await readDem(new Uint8Array(readFileSync(join(dir, files.dem))), files.dem);
    } catch (err) {
      problems.push({ file: files.dem, message: (err as Error).message.replace(`${files.dem}: `, '') });
    }
  }
  for (const [key, rel] of Object.entries(manifest.tiles ?? {}))
    if (!existsSync(join(dir, rel, 'tileset.json')) && !existsSync(join(dir, rel)))
      problems.push({ file: rel, message: `tiles.${key}: no tileset` });
  for (const p of problems) process.stderr.write(`cim city check: ${p.file}: ${p.message}\n`);
  printSummary({ command: 'city check', manifest: resolve(manifestPath), features: counted, problems: problems.length });
  return problems.length ? EXIT_PROBLEMS : EXIT_OK;
}
