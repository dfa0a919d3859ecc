// The assignments CSV of `cim join` (building_id,l3_id,l2_id,l1_id[,share]) read back as the grid ids
// of a building layer, e.g. to put them into 3D Tiles metadata.
import type { BuildingGridIds } from '../core/tiles/buildingTable';
import { parseCsv } from './csv';
import { DataFileError } from './featureFile';

const COLUMNS = ['building_id', 'l3_id', 'l2_id', 'l1_id'];

/** Grid ids per building of `buildingIds` (by id; buildings missing from the file get cell -1). */
export function readAssignments(
  text: string,
  file: string,
  buildingIds: readonly string[],
): BuildingGridIds & { unknownBuildings: number } {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const col = COLUMNS.map((name) => header.indexOf(name));
  const missing = COLUMNS.filter((_, k) => col[k] < 0);
  if (missing.length) throw new DataFileError(file, { kind: 'csv-columns', params: { columns: missing.join(', ') } });
  const indexOfBuilding = new Map<string, number>();
  buildingIds.forEach((id, i) => indexOfBuilding.set(id, i));
  const cell = new Int32Array(buildingIds.length).fill(-1);
  const cellOfL3 = new Map<string, number>();
  const l3Id: string[] = [],
    l2Id: (string | null)[] = [],
    l1Id: (string | null)[] = [];
  let unknownBuildings = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && row[0] === '') continue;
    if (row.length < COLUMNS.length)
      throw new DataFileError(file, { kind: 'csv-short-line', params: { line: r + 1, fields: row.length, expected: COLUMNS.length } });
    const b = indexOfBuilding.get(row[col[0]]);
    if (b === undefined) {
      unknownBuildings++;
      continue;
    }
    const l3 = row[col[1]];
    if (!l3) continue;
    let c = cellOfL3.get(l3);
    if (c === undefined) {
      c = l3Id.length;
      cellOfL3.set(l3, c);
      l3Id.push(l3);
      l2Id.push(row[col[2]] || null);
      l1Id.push(row[col[3]] || null);
    }
    cell[b] = c;
  }
  return { cell, l3Id, l2Id, l1Id, unknownBuildings };
}
