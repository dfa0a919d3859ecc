// `cim db load DIR`: the city folder's manifest and vector layers, and its grid as the editable base, in one
// transaction (a failed load leaves the database as it was).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/db';
import { loadGrid } from '../grid/loadGrid';
import { loadLayers } from './layers';

export interface CityManifest {
  crs?: string;
  metricCrs?: string;
  files: Record<string, string>;
  [k: string]: unknown;
}

export function readManifest(dir: string): CityManifest {
  const path = join(dir, 'demo.json');
  let m: CityManifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as CityManifest;
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!m?.files || typeof m.files !== 'object') throw new Error(`${path}: not a city manifest (no "files")`);
  return m;
}

export async function loadCity(db: Db, dir: string, log: (line: string) => void): Promise<Record<string, unknown>> {
  const manifest = readManifest(dir);
  if (!manifest.files.grids) throw new Error(`${join(dir, 'demo.json')}: the city has no grid file`);
  const gridPath = join(dir, manifest.files.grids);
  const gridBytes = readFileSync(gridPath);
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM city');
    await tx.query('INSERT INTO city (key, manifest) VALUES ($1, $2)', [dir, JSON.stringify(manifest)]);
    log(`grid: ${gridPath}`);
    const grid = await loadGrid(tx, new Uint8Array(gridBytes.buffer, gridBytes.byteOffset, gridBytes.byteLength), gridPath);
    const layers = await loadLayers(tx, dir, manifest.files, log);
    return { city: dir, grid, layers };
  });
}
