// The `building` metadata class of building tiles: one property-table row per building in a tile.
import type { ExtrudeInput } from './buildingMesh';
import type { PropertyTable } from './glb';

/** Grid ids from a join: each building's L3 cell (or -1), and each L3 cell's own and ancestor ids. */
export interface BuildingGridIds {
  /** Per building: index into l3Id, or -1 when it lies in no grid. */
  cell: Int32Array;
  l3Id: string[];
  l2Id: (string | null)[];
  l1Id: (string | null)[];
}

/** Everything a building tile needs; io's BuildingsData satisfies it (grid ids come from a join). */
export interface BuildingColumns extends ExtrudeInput {
  /** NaN when unknown. */
  floors: ArrayLike<number>;
  useIndex: ArrayLike<number>;
  useCodes: string[];
  grid?: BuildingGridIds;
}

export const BUILDING_CLASS = 'building';
/** `floors` value meaning "unknown" (UINT16 has no NaN). */
export const FLOORS_NO_DATA = 65535;
/** `row` value of a feature that is no building of the city (a far view's merged block). */
export const ROW_NO_DATA = 0xffffffff;

/**
 * The property table of `features` (row k = features[k]), with l1Id/l2Id/l3Id when grid ids are given.
 * `cityRows[k]`: the feature's row in the city's building columns (`row`, which lets the viewer colour and select a
 * building without holding the city's ids), ROW_NO_DATA for none; defaults to `features` itself.
 */
export function buildingPropertyTable(
  input: BuildingColumns,
  features: ArrayLike<number>,
  cityRows: ArrayLike<number> = features,
  options: { enums?: boolean } = {},
): PropertyTable {
  const n = features.length;
  const ids = new Array<string>(n),
    use = new Array<string>(n);
  const heightM = new Float32Array(n),
    baseM = new Float32Array(n);
  const floors = new Uint16Array(n);
  const row = Uint32Array.from(cityRows);
  const grid = input.grid;
  const l3 = grid ? new Array<string>(n) : undefined;
  const l2 = grid ? new Array<string>(n) : undefined;
  const l1 = grid ? new Array<string>(n) : undefined;
  for (let k = 0; k < n; k++) {
    const f = features[k];
    ids[k] = input.polygons.ids[f];
    use[k] = input.useCodes[input.useIndex[f]] ?? '';
    heightM[k] = input.heightM[f];
    baseM[k] = input.baseM[f];
    const fl = input.floors[f];
    floors[k] = Number.isFinite(fl) && fl >= 0 ? Math.min(Math.round(fl), FLOORS_NO_DATA - 1) : FLOORS_NO_DATA;
    if (grid && l3 && l2 && l1) {
      const c = grid.cell[f];
      l3[k] = c >= 0 ? grid.l3Id[c] : '';
      l2[k] = c >= 0 ? (grid.l2Id[c] ?? '') : '';
      l1[k] = c >= 0 ? (grid.l1Id[c] ?? '') : '';
    }
  }
  const table: PropertyTable = {
    className: BUILDING_CLASS,
    count: n,
    columns: {
      id: { type: 'STRING', values: ids },
      row: { type: 'SCALAR', componentType: 'UINT32', values: row, noData: ROW_NO_DATA, description: "row in the city's buildings file" },
      heightM: { type: 'SCALAR', componentType: 'FLOAT32', values: heightM, description: 'height above baseM, metres' },
      floors: { type: 'SCALAR', componentType: 'UINT16', values: floors, noData: FLOORS_NO_DATA },
      baseM: { type: 'SCALAR', componentType: 'FLOAT32', values: baseM, description: 'ground elevation, metres' },
      use: { type: 'STRING', values: use, noData: '', description: 'land-use code' },
    },
  };
  if (l3 && l2 && l1) {
    table.columns.l3Id = { type: 'STRING', values: l3, noData: '' };
    table.columns.l2Id = { type: 'STRING', values: l2, noData: '' };
    table.columns.l1Id = { type: 'STRING', values: l1, noData: '' };
  }
  if (options.enums) {
    // Repeated codes as enums of the tile: one or two bytes a row instead of the string and its offset.
    for (const name of ['use', 'l3Id', 'l2Id', 'l1Id']) {
      const col = table.columns[name];
      if (col?.type !== 'STRING') continue;
      const e = enumColumn(col.values);
      if (e) table.columns[name] = { ...e, ...(col.description ? { description: col.description } : {}) };
    }
  }
  return table;
}

/**
 * A string column as an enum of its distinct values (null over 65536 of them); '' (no value) becomes a name of dashes
 * that no value uses, and noData.
 */
export function enumColumn(values: ArrayLike<string>): { type: 'ENUM'; names: string[]; values: Uint16Array; noData?: number } | null {
  const index = new Map<string, number>();
  const names: string[] = [];
  const out = new Uint16Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    let i = index.get(v);
    if (i === undefined) {
      if (names.length === 65536) return null;
      i = names.push(v) - 1;
      index.set(v, i);
    }
    out[k] = i;
  }
  const empty = index.get('');
  if (empty === undefined) return { type: 'ENUM', names, values: out };
  let none = '-';
  while (index.has(none)) none += '-';
  names[empty] = none;
  return { type: 'ENUM', names, values: out, noData: empty };
}
