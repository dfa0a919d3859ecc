import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/core/access/roles';
import { nodeCells, gridTopology } from '../../src/core/grid/topology';
import { replayChecked } from '../../src/core/grid/replayOps';
import { fromWire } from '../../src/core/grid/wireOps';
import type { Grid } from '../../src/core/grid/gridModel';
import { DATABASES, openTestDb, type TestDb } from '../testing/testDb';
import { importGridFile } from './gridFile';
import { GridService } from './gridService';
import { loadGrid } from './loadGrid';

const FIXTURE = new URL('../../src/core/grid/fixtures/clean.geojson', import.meta.url);
const bytes = () => new Uint8Array(readFileSync(FIXTURE));

const person = (name: string, role: Principal['role'], scope: string[] = []): Principal => ({ name, role, department: null, scope });
const admin = person('admin', 'admin');
const managerA1 = person('li', 'grid-manager', ['A1']);
const managerA2 = person('wang', 'grid-manager', ['A2']);

/** Cell ids using each node. */
function cellsOfNode(grid: Grid, node: number): string[] {
  const t = nodeCells(gridTopology(grid));
  return Array.from(t.cells.subarray(t.start[node], t.start[node + 1]), (i) => grid.cells[i].id).sort();
}

/** A node used by exactly these cells. */
function nodeOf(grid: Grid, cells: string[]): number {
  for (let v = 0; v < grid.nodeXY.length >> 1; v++)
    if (JSON.stringify(cellsOfNode(grid, v)) === JSON.stringify([...cells].sort())) return v;
  throw new Error(`no node used by exactly ${cells}`);
}

/** A move of node v by (dx, dy) metres. */
const move = (grid: Grid, v: number, dx: number, dy: number) => ({
  type: 'moveVertex' as const,
  node: v,
  to: [grid.nodeXY[v * 2] + dx, grid.nodeXY[v * 2 + 1] + dy] as [number, number],
});

for (const kind of DATABASES) {
  describe(`the shared grid on ${kind}`, () => {
    let t: TestDb;
    let service: GridService;
    beforeAll(async () => {
      t = await openTestDb(kind);
    }, 120_000);
    afterAll(() => t?.close());
    beforeEach(async () => {
      await t.db.transaction((tx) => loadGrid(tx, bytes(), 'clean.geojson'));
      service = (await GridService.open(t.db))!;
    });

    it('lands non-overlapping edits by two managers, refuses a stale edit of a changed cell as a conflict naming who changed it', async () => {
      const g0 = service.current.grid;
      const cornerA11 = nodeOf(g0, ['A1-1']);
      const cornerA22 = nodeOf(g0, ['A2-2']);
      const a = await service.edit(managerA1, { op: move(g0, cornerA11, -3, -2), baseVersion: 0, clientId: 'li-000001' });
      expect(a.status).toBe('applied');
      // Wang has not seen Li's edit (base 0) but edits elsewhere: it lands.
      const b = await service.edit(managerA2, { op: move(g0, cornerA22, 2, 3), baseVersion: 0, clientId: 'wang-00001' });
      expect(b).toMatchObject({ status: 'applied', entry: { version: 2, user: 'wang', cells: ['A2-2'] } });
      // The admin, also on base 0, moves another node of A1-1: Li changed A1-1 at version 1.
      const other = g0.cells.find((c) => c.id === 'A1-1')!.rings[0].find((v) => v !== cornerA11 && cellsOfNode(g0, v).length === 2)!;
      const c = await service.edit(admin, { op: move(g0, other, 1, 1), baseVersion: 0 });
      expect(c.status).toBe('conflict');
      if (c.status !== 'conflict') return;
      expect(c.cells).toContain('A1-1');
      expect(c.since.map((e) => [e.version, e.user])).toEqual([[1, 'li']]);
      // Rebased on version 2 the same edit lands.
      expect((await service.edit(admin, { op: move(g0, other, 1, 1), baseVersion: 2 })).status).toBe('applied');
      expect(service.current.version).toBe(3);
    });

    it('refuses an edit outside the manager scope (a node shared with another L2) and one that breaks the topology', async () => {
      const g0 = service.current.grid;
      const shared = nodeOfAny(g0);
      expect(cellsOfNode(g0, shared).some((id) => id.startsWith('A2'))).toBe(true);
      const forbidden = await service.edit(managerA1, { op: move(g0, shared, 1, 0), baseVersion: 0 });
      expect(forbidden.status).toBe('forbidden');
      if (forbidden.status === 'forbidden') expect(forbidden.cells.some((id) => id.startsWith('A2'))).toBe(true);
      // A corner pulled across its neighbour folds the cells: refused by the core checks, nothing logged.
      const corner = nodeOf(g0, ['A1-1']);
      const far = await service.edit(admin, { op: move(g0, corner, 5000, 5000), baseVersion: 0 });
      expect(far.status).toBe('refused');
      expect(service.current.version).toBe(0);
      expect(await t.db.query('SELECT version FROM grid_ops')).toEqual([]);
    });

    it('applies a retried edit once, and a reopened server has the same grid as the replay of its log', async () => {
      const g0 = service.current.grid;
      const corner = nodeOf(g0, ['A1-1']);
      const first = await service.edit(admin, { op: move(g0, corner, -1, 0), baseVersion: 0, clientId: 'retry-0001' });
      const again = await service.edit(admin, { op: move(g0, corner, -1, 0), baseVersion: 0, clientId: 'retry-0001' });
      expect(first.status === 'applied' && !first.duplicate).toBe(true);
      expect(again).toMatchObject({ status: 'applied', duplicate: true, entry: { version: 1 } });
      await service.edit(admin, { op: { type: 'rename', id: 'A1', name: '新社区' }, baseVersion: 1 });
      const reopened = (await GridService.open(t.db))!;
      expect(reopened.current.version).toBe(2);
      expect(Array.from(reopened.current.grid.nodeXY)).toEqual(Array.from(service.current.grid.nodeXY));
      expect(reopened.current.grid.areas.find((a) => a.id === 'A1')!.name).toBe('新社区');
      // The log replayed on the base file by core code gives the same grid.
      const base = (await importGridFile(bytes(), 'clean.geojson')).grid;
      let g = base;
      for (const e of await service.entriesSince(0)) g = replayChecked(g, [fromWire(g, e.op)]).grid;
      expect(Array.from(g.nodeXY)).toEqual(Array.from(service.current.grid.nodeXY));
      // grid_cells holds the renamed record at version 2 and the moved cell at version 1, in lon/lat.
      const rows = await t.db.query<{ id: string; name: string; version: number; updated_by: string }>(
        "SELECT id, name, version, updated_by FROM grid_cells WHERE id IN ('A1', 'A1-1') ORDER BY id",
      );
      expect(rows).toEqual([
        { id: 'A1', name: '新社区', version: 2, updated_by: 'admin' },
        { id: 'A1-1', name: 'A1-1网格', version: 1, updated_by: 'admin' },
      ]);
    });

    it('restores a cell to an earlier version and lists its history', async () => {
      const g0 = service.current.grid;
      const corner = nodeOf(g0, ['A1-1']);
      const [x0, y0] = [g0.nodeXY[corner * 2], g0.nodeXY[corner * 2 + 1]];
      await service.edit(managerA1, { op: move(g0, corner, -4, 0), baseVersion: 0 });
      await service.edit(managerA1, { op: move(service.current.grid, corner, 0, -4), baseVersion: 1 });
      const back = await service.restore(managerA1, 'A1-1', 0, 2, null);
      expect(back.status).toBe('applied');
      const g = service.current.grid;
      expect([g.nodeXY[corner * 2], g.nodeXY[corner * 2 + 1]]).toEqual([x0, y0]);
      const history = await service.history('A1-1');
      expect(history.map((e) => [e.version, e.user])).toEqual([
        [3, 'li'],
        [2, 'li'],
        [1, 'li'],
      ]);
      expect((await service.restore(managerA1, 'nope', 0, 3, null)).status).toBe('refused');
    });
  });
}

/** A node used by the most cells (the grid's centre). */
function nodeOfAny(grid: Grid): number {
  let best = 0;
  for (let v = 0; v < grid.nodeXY.length >> 1; v++) if (cellsOfNode(grid, v).length > cellsOfNode(grid, best).length) best = v;
  return best;
}
