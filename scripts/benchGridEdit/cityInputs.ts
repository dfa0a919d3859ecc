// What bench:grid-edit starts from: the demo city's grid file, the buildings' points (from the city's join-inputs
// file when the manifest names one, as grid mode reads them) and grid mode's join of the file's L3 polygons, done
// as the join workers do it (workers/join.worker.ts buildGridLayerIndex + assign): the join the editor follows.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CGCS2000 } from '../../src/core/crs/codes';
import { toMetric } from '../../src/core/crs/metric';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { selectPolygons, withCoords } from '../../src/core/geom/packed';
import type { FileJoin } from '../../src/core/grid/fileJoin';
import type { GridFeatureLike } from '../../src/core/grid/gridFeatures';
import { assignPoints } from '../../src/core/spatial/assignPoints';
import { buildGridIndex } from '../../src/core/spatial/gridIndex';
import { buildHierarchy } from '../../src/core/spatial/hierarchy';
import { pointsOnSurface } from '../../src/core/spatial/pointOnSurface';
import type { GeoJsonFeature } from '../../src/io/featureFile';
import { readFeatures } from '../../src/io/featureFile';
import { gridsFromFeatures } from '../../src/io/gridsData';
import { decodeJoinInputs } from '../../src/io/joinInputs';
import { packPolygons } from '../../src/io/packGeoJson';

export interface BenchCity {
  dir: string;
  gridsPath: string;
  /** The buildings' points, x,y metres in the join's zone. */
  pointsM: Float64Array;
  pointsFrom: 'join-inputs file' | 'footprints';
  zone: number;
  /** Grid mode's join of the file, and how long it took (given to the editor, not part of its cost). */
  fileJoin: FileJoin;
  fileJoinMs: number;
}

/** Generates the city into `dir` when it is not there yet. */
export function ensureBenchCity(dir: string, scale: string): DemoManifest {
  if (!existsSync(join(dir, 'demo.json'))) {
    console.error(`[bench] generating the ${scale} demo city into ${dir}…`);
    const args = ['--import', 'tsx', 'scripts/cim.ts', 'demo', '--scale', scale, '--out', dir, '--quiet'];
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  return JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoManifest;
}

/** The grid file's features (what the editor's worker parses on open). */
export function readGridFeatures(path: string): GridFeatureLike[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { features: GridFeatureLike[] }).features;
}

export async function loadBenchCity(dir: string, manifest: DemoManifest): Promise<BenchCity> {
  const gridsPath = join(dir, manifest.files.grids);
  const features = readGridFeatures(gridsPath) as GeoJsonFeature[];
  const t0 = performance.now();
  const { data } = gridsFromFeatures(features, manifest.files.grids);
  const hierarchy = buildHierarchy({ ids: data.polygons.ids, level: data.level, parentId: data.parentId });
  const cells = selectPolygons(data.polygons, hierarchy.l3);
  const { xyM, frame } = toMetric(cells.coords, CGCS2000);
  const index = buildGridIndex(withCoords(cells, xyM));
  const indexMs = performance.now() - t0;

  let pointsM: Float64Array;
  let pointsFrom: BenchCity['pointsFrom'];
  const inputs = manifest.files.buildingJoin;
  if (inputs && existsSync(join(dir, inputs))) {
    pointsM = decodeJoinInputs(readFileSync(join(dir, inputs)), inputs, { zone: frame.zone }).pointsXyM;
    pointsFrom = 'join-inputs file';
  } else {
    const buildingFeatures = await readFeatures(readFileSync(join(dir, manifest.files.buildings)), manifest.files.buildings);
    const buildings = packPolygons(buildingFeatures, 'buildings').packed;
    pointsM = pointsOnSurface({ ...buildings, coords: toMetric(buildings.coords, CGCS2000, frame.zone).xyM });
    pointsFrom = 'footprints';
  }
  const t1 = performance.now();
  const cellOfPoint = assignPoints(index, pointsM);
  const fileJoinMs = indexMs + performance.now() - t1;
  const l3Ids = Array.from(hierarchy.l3, (f) => data.polygons.ids[f]);
  return { dir, gridsPath, pointsM, pointsFrom, zone: frame.zone, fileJoin: { l3Ids, cellOfPoint }, fileJoinMs };
}
