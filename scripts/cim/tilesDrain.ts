// Pulling tiles from tiles workers onto disk, and a building tileset split over several worker threads (each writes
// its share of the quadtree's subtrees, then the first writes the tiles above them): `cim tiles`'s building half.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transfer } from 'comlink';
import type { BuildingColumns } from '../../src/core/tiles/buildingTable';
import type { Done, TilesetCounts, TilesetOptions, TilesetPartResult, TilesetResult } from '../../src/core/tiles/tileset';
import type { TileBatch, TilesApi } from '../../workers/tiles.worker';
import type { NodeWorker } from '../workers/nodeWorker';

/** Pulls every batch of a job, writing each tile under `dir`; returns the job's result (and writes a tileset's JSON). */
export async function drain<R>(pull: () => Promise<TileBatch<R>>, dir: string, label: string, total: number, quiet: boolean): Promise<R> {
  let lastReport = 0;
  for (;;) {
    const batch = await pull();
    for (const t of batch.tiles) {
      const file = join(dir, t.uri);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, t.glb);
    }
    const now = performance.now();
    if (!quiet && (batch.result || now - lastReport > 1000)) {
      lastReport = now;
      process.stderr.write(`[tiles ${label}] ${batch.tilesDone} tiles, ${batch.featuresDone}/${total} ${label} in leaves\n`);
    }
    if (batch.result) {
      const result = batch.result as { tileset?: unknown };
      if (result.tileset) writeFileSync(join(dir, 'tileset.json'), JSON.stringify(result.tileset));
      return batch.result;
    }
  }
}

/** Sums the counts of a tileset's parts (skipped buildings come from the last, the tiles above the parts). */
function addCounts(total: TilesetCounts, c: TilesetCounts): void {
  total.tiles += c.tiles;
  total.leafTiles += c.leafTiles;
  total.maxDepth = Math.max(total.maxDepth, c.maxDepth);
  total.buildings += c.buildings;
  total.lodBuildings += c.lodBuildings;
  total.triangles += c.triangles;
  total.leafTriangles += c.leafTriangles;
  total.bytes += c.bytes;
}

/**
 * The building tileset of `columns` under `dir`, written by `workers` (one: the plain writer). The columns are
 * transferred to the last worker and copied to the others.
 */
export async function tileBuildings(
  workers: NodeWorker<TilesApi>[],
  columns: BuildingColumns,
  buffers: ArrayBuffer[],
  options: TilesetOptions,
  dir: string,
  quiet: boolean,
): Promise<TilesetResult> {
  const n = columns.polygons.ids.length;
  if (workers.length === 1) {
    const w = workers[0];
    const { job } = await w.api.startBuildings(transfer(columns, buffers), options);
    return drain(() => w.api.next(job), dir, 'buildings', n, quiet) as Promise<TilesetResult>;
  }
  const count = workers.length;
  const jobs = await Promise.all(
    workers.map((w, i) => w.api.startBuildingsPart(i === count - 1 ? transfer(columns, buffers) : columns, options, i, count)),
  );
  const parts = (await Promise.all(
    workers.map((w, i) => drain(() => w.api.nextPart(jobs[i].job), dir, `buildings ${i + 1}/${count}`, n, quiet)),
  )) as TilesetPartResult[];
  const subtrees: Done[] = parts.flatMap((p) => p.subtrees);
  const { job } = await workers[0].api.startBuildingsTop(subtrees, options);
  const top = (await drain(() => workers[0].api.nextPart(job), dir, 'buildings top', n, quiet)) as TilesetResult;
  for (const p of parts) addCounts(top.counts, p.counts);
  return top;
}
