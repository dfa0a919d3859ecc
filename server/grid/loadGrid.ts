// `cim db load`'s grid part: the grid file becomes the base of the shared grid (its bytes and hash), its records the
// rows of grid_cells at version 0; the edit log starts empty.
import type { Queryable } from '../db/db';
import { importGridFile } from './gridFile';
import { gridRows, writeGridRows } from './gridRows';

export async function loadGrid(
  tx: Queryable,
  bytes: Uint8Array,
  name: string,
): Promise<{ cells: number; areas: number; problems: number; hash: string }> {
  const file = await importGridFile(bytes, name);
  await tx.query('DELETE FROM grid_ops');
  await tx.query('DELETE FROM grid_cells');
  await tx.query('DELETE FROM grid_base');
  await tx.query('INSERT INTO grid_base (id, content_hash, source_file, file, crs, zone, version) VALUES (1, $1, $2, $3, $4, $5, 0)', [
    file.hash,
    name,
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    file.crs,
    file.zone,
  ]);
  await writeGridRows(tx, gridRows(file.grid), 0, null);
  return { cells: file.grid.cells.length, areas: file.grid.areas.length, problems: file.problems.length, hash: file.hash };
}
