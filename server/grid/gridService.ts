// The shared grid: the base file plus the edit log, held in memory as a core Grid value, changed only by edits that
// commit. Each edit is one transaction: the log row, the new version and the changed rows of grid_cells. An edit is
// checked by the same core code as in the browser (applyOp: topology around the cells it touches), against the
// editor's scope (core/access), and against what changed since the editor's version: an edit touching a cell someone
// else changed since is a conflict, edits elsewhere land whatever the editor's version.
import { mayEditGrid, type Principal } from '../../src/core/access/roles';
import { applyOp, describeOp } from '../../src/core/grid/applyOp';
import type { GridOp } from '../../src/core/grid/gridOp';
import { ancestorsOf, cellIndexById, findArea, type Grid } from '../../src/core/grid/gridModel';
import type { Problem } from '../../src/core/grid/problems';
import { restoreCellOp } from '../../src/core/grid/restore';
import { fromWire, replayWire, toWire, WireOpError, type WireOp } from '../../src/core/grid/wireOps';
import { one, type Db, type Queryable } from '../db/db';
import { importGridFile } from './gridFile';
import { gridRows, writeGridRows } from './gridRows';

export interface LogEntry {
  version: number;
  op: WireOp;
  inverse: WireOp;
  text: string;
  /** The L3 cells the edit changed and the L1/L2 records it renamed or re-parented. */
  cells: string[];
  baseVersion: number;
  clientId: string | null;
  user: string;
  at: string;
}

export interface EditRequest {
  op: WireOp;
  /** The version of the grid the editor saw when making the edit. */
  baseVersion: number;
  /** The editor's id for this edit: a retry of an acknowledged edit returns its entry and applies nothing. */
  clientId?: string | null;
}

export type EditOutcome =
  | { status: 'applied'; entry: LogEntry; duplicate: boolean }
  | { status: 'conflict'; version: number; cells: string[]; since: LogEntry[] }
  | { status: 'refused'; problem: Problem | { message: string; type: 'bad-op' } }
  | { status: 'forbidden'; cells: string[] };

interface Row {
  version: number;
  op: WireOp;
  inverse: WireOp;
  text: string;
  cells: string[];
  base_version: number;
  client_id: string | null;
  user_name: string;
  at: Date | string;
}

const entryOf = (r: Row): LogEntry => ({
  version: r.version,
  op: r.op,
  inverse: r.inverse,
  text: r.text,
  cells: r.cells,
  baseVersion: r.base_version,
  clientId: r.client_id,
  user: r.user_name,
  at: new Date(r.at).toISOString(),
});

const LOG_COLUMNS = 'version, op, inverse, text, cells, base_version, client_id, user_name, at';

/** The grid ids whose scope decides who may edit `id`: itself, its L2, its L1. */
export function lineage(grid: Grid, id: string): string[] {
  const cell = grid.cells[cellIndexById(grid).get(id) ?? -1];
  if (cell) {
    const { l2, l1 } = ancestorsOf(grid, cell);
    return [id, ...(l2 ? [l2] : cell.parentId ? [cell.parentId] : []), ...(l1 ? [l1] : [])];
  }
  const area = findArea(grid, id);
  if (!area) return [id];
  return area.level === 2 && area.parentId ? [id, area.parentId] : [id];
}

/** The L1/L2 records an edit changed (name, parent, props, added or removed), not their derived outlines. */
function changedRecords(before: Grid, after: Grid): string[] {
  if (before.areas === after.areas) return [];
  const a = new Map(before.areas.map((r) => [r.id, r]));
  const out = new Set<string>();
  for (const r of after.areas) if (a.get(r.id) !== r) out.add(r.id);
  const b = new Set(after.areas.map((r) => r.id));
  for (const r of before.areas) if (!b.has(r.id)) out.add(r.id);
  return [...out];
}

/** The log's rows replayed on `grid`; a row that no longer applies is an error naming its version. */
function replayLog(grid: Grid, rows: readonly Row[]): Grid {
  const r = replayWire(
    grid,
    rows.map((row) => row.op),
  );
  if (r.error) throw new Error(`the grid log's edit ${rows[r.applied].version} no longer applies: ${r.error}`);
  return r.grid;
}

export class GridService {
  private listeners = new Set<(e: LogEntry) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Db,
    /** The grid as loaded, before any edit (for the state at a version). */
    private readonly baseGrid: Grid,
    private grid: Grid,
    private version: number,
    /** The version of the last edit that touched each id (cells and records). */
    private readonly touchedAt: Map<string, number>,
    readonly base: { hash: string; file: string; crs: string; zone: number },
  ) {}

  /** The shared grid of the database, or null when no city is loaded. */
  static async open(db: Db): Promise<GridService | null> {
    const base = await one<{ content_hash: string; source_file: string; file: Uint8Array; crs: string; zone: number }>(
      db,
      'SELECT content_hash, source_file, file, crs, zone FROM grid_base WHERE id = 1',
    );
    if (!base) return null;
    const imported = await importGridFile(new Uint8Array(base.file), base.source_file, base.zone);
    const service = new GridService(db, imported.grid, imported.grid, 0, new Map(), {
      hash: base.content_hash,
      file: base.source_file,
      crs: base.crs,
      zone: base.zone,
    });
    await service.catchUp(db);
    return service;
  }

  /** The version of the last edit that changed grid `id` (0: unchanged since the load). */
  versionOf(id: string): number {
    return this.touchedAt.get(id) ?? 0;
  }

  get current(): { grid: Grid; version: number } {
    return { grid: this.grid, version: this.version };
  }

  /** Listens to every committed edit, in version order. */
  subscribe(listener: (e: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async entriesSince(version: number, limit = 10_000): Promise<LogEntry[]> {
    const rows = await this.db.query<Row>(`SELECT ${LOG_COLUMNS} FROM grid_ops WHERE version > $1 ORDER BY version LIMIT $2`, [
      version,
      limit,
    ]);
    return rows.map(entryOf);
  }

  async history(id: string, limit = 200): Promise<LogEntry[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${LOG_COLUMNS} FROM grid_ops WHERE cells @> ARRAY[$1]::text[] ORDER BY version DESC LIMIT $2`,
      [id, limit],
    );
    return rows.map(entryOf);
  }

  /** Applies edits logged by another server process on the same database since this one's version. */
  private async catchUp(q: Queryable): Promise<void> {
    const rows = await q.query<Row>(`SELECT ${LOG_COLUMNS} FROM grid_ops WHERE version > $1 ORDER BY version`, [this.version]);
    if (!rows.length) return;
    this.grid = replayLog(this.grid, rows);
    for (const r of rows) for (const id of r.cells) this.touchedAt.set(id, r.version);
    this.version = rows[rows.length - 1].version;
  }

  /** Edits one after another within this process (the database row lock orders them across processes). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  edit(user: Principal, req: EditRequest): Promise<EditOutcome> {
    return this.serial(() => this.editNow(user, req));
  }

  /** The grid as it was at `version` (the base and the log up to it). */
  async gridAt(version: number): Promise<Grid> {
    const rows = await this.db.query<Row>(`SELECT ${LOG_COLUMNS} FROM grid_ops WHERE version <= $1 ORDER BY version`, [version]);
    return replayLog(this.baseGrid, rows);
  }

  /**
   * Gives the L3 cell `id` back the shape, name and parent it had at `version`, as one edit (checked, scoped and
   * conflict-checked like any other). Refused when the cell did not exist then or does not exist now.
   */
  restore(user: Principal, id: string, version: number, baseVersion: number, clientId: string | null): Promise<EditOutcome> {
    return this.serial(async () => {
      if (!(version >= 0 && version <= this.version))
        return {
          status: 'refused',
          problem: { type: 'bad-op', message: `version ${version} is not in the grid's history (0…${this.version})` },
        };
      const op = restoreCellOp(this.grid, await this.gridAt(version), id);
      if (!op)
        return {
          status: 'refused',
          problem: { type: 'bad-op', message: `${id} is not an L3 cell both at version ${version} and now (split, merged or added since)` },
        };
      return this.editNow(user, { op, baseVersion, clientId });
    });
  }

  private async editNow(user: Principal, req: EditRequest): Promise<EditOutcome> {
    let applied: { grid: Grid; entry: LogEntry; rowIds: Set<string>; removed: string[] } | null = null;
    const outcome = await this.db.transaction(async (tx): Promise<EditOutcome> => {
      const locked = await one<{ version: number }>(tx, 'SELECT version FROM grid_base WHERE id = 1 FOR UPDATE');
      if (!locked) throw new Error('no grid is loaded');
      if (req.clientId) {
        const done = await one<Row>(tx, `SELECT ${LOG_COLUMNS} FROM grid_ops WHERE client_id = $1`, [req.clientId]);
        if (done) return { status: 'applied', entry: entryOf(done), duplicate: true };
      }
      if (locked.version !== this.version) await this.catchUp(tx);
      const before = this.grid;
      let op: GridOp;
      try {
        op = fromWire(before, req.op);
      } catch (err) {
        if (err instanceof WireOpError) return { status: 'refused', problem: { type: 'bad-op', message: err.message } };
        throw err;
      }
      const result = applyOp(before, op);
      if ('error' in result) return { status: 'refused', problem: result.error };
      const after = result.grid;
      const cells = [...new Set([...result.changed.cells, ...changedRecords(before, after)])];
      // Scope: where the grid was and where it is now (a cell moved to another L2 leaves one and joins the other).
      const outside = cells.filter((id) => !mayEditGrid(user, lineage(before, id)) || !mayEditGrid(user, lineage(after, id)));
      if (outside.length) return { status: 'forbidden', cells: outside };
      const stale = cells.filter((id) => (this.touchedAt.get(id) ?? 0) > req.baseVersion);
      if (stale.length) {
        const since = (
          await tx.query<Row>(`SELECT ${LOG_COLUMNS} FROM grid_ops WHERE version > $1 AND cells && $2::text[] ORDER BY version`, [
            req.baseVersion,
            stale,
          ])
        ).map(entryOf);
        return { status: 'conflict', version: this.version, cells: stale, since };
      }
      const version = this.version + 1;
      const wire = toWire(before, op);
      const inverse = toWire(after, result.inverse);
      const text = describeOp(before, op);
      const rows = await tx.query<Row>(
        `INSERT INTO grid_ops (version, op, inverse, text, cells, base_version, client_id, user_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${LOG_COLUMNS}`,
        [version, JSON.stringify(wire), JSON.stringify(inverse), text, cells, req.baseVersion, req.clientId ?? null, user.name],
      );
      await tx.query('UPDATE grid_base SET version = $1 WHERE id = 1', [version]);
      // Rows to rewrite: the changed cells and records, and the L2/L1 outlines around them before and after.
      const rowIds = new Set<string>();
      for (const id of [...result.changed.cells, ...result.changed.areas, ...cells]) {
        for (const g of [before, after]) for (const x of lineage(g, id)) rowIds.add(x);
      }
      const present = new Set([...after.cells.map((c) => c.id), ...after.areas.map((a) => a.id)]);
      const removed = [...rowIds].filter((id) => !present.has(id));
      for (const id of removed) rowIds.delete(id);
      await writeGridRows(tx, gridRows(after, rowIds), version, user.name);
      if (removed.length)
        await tx.query(
          'UPDATE grid_cells SET deleted = true, version = $1, updated_by = $2, updated_at = now() WHERE id = ANY($3::text[])',
          [version, user.name, removed],
        );
      const entry = entryOf(rows[0]);
      applied = { grid: after, entry, rowIds, removed };
      return { status: 'applied', entry, duplicate: false };
    });
    // Only a committed edit changes the grid others see.
    if (applied) {
      const { grid, entry } = applied as { grid: Grid; entry: LogEntry };
      this.grid = grid;
      this.version = entry.version;
      for (const id of entry.cells) this.touchedAt.set(id, entry.version);
      for (const l of this.listeners) l(entry);
    }
    return outcome;
  }
}
