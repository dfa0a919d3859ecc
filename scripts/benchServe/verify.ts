// bench:serve's end checks, on the database after the server stopped: every acknowledged edit is in the log exactly
// once at the version its answer named; the log holds nothing else but edits whose answers never came; the grid a
// reopened GridService builds equals the replay of that log on the base; grid_cells holds the final grid's records.
// Also the engine baseline: core applyOp alone on the same edits, in process.
import { applyOp } from '../../src/core/grid/applyOp';
import type { Grid } from '../../src/core/grid/gridModel';
import { fromWire, type WireOp } from '../../src/core/grid/wireOps';
import type { Db } from '../../server/db/db';
import { gridRows } from '../../server/grid/gridRows';
import { GridService } from '../../server/grid/gridService';
import { sameGrid } from '../benchGridEdit/measure';
import type { Ack } from './editors';

export interface Verdict {
  ok: boolean;
  logRows: number;
  acknowledged: number;
  /** In the log without an answer (only edits never answered may be). */
  unacknowledgedInLog: number;
  failures: string[];
  /** applyOp ms per edit of the log, replayed in process (the engine). */
  engineMs: number[];
}

export async function verifyRun(db: Db, base: Grid, acks: Map<string, Ack>, unanswered: ReadonlySet<string>): Promise<Verdict> {
  const failures: string[] = [];
  const rows = await db.query<{ version: number; client_id: string | null; op: WireOp }>(
    'SELECT version, client_id, op FROM grid_ops ORDER BY version',
  );
  const counts = new Map<string, number>();
  for (const r of rows) if (r.client_id) counts.set(r.client_id, (counts.get(r.client_id) ?? 0) + 1);
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  let missing = 0,
    twice = 0,
    wrongVersion = 0;
  for (const a of acks.values()) {
    const n = counts.get(a.clientId) ?? 0;
    if (n === 0) missing++;
    else if (n > 1) twice++;
    else if (byVersion.get(a.version)?.client_id !== a.clientId) wrongVersion++;
  }
  if (missing) failures.push(`${missing} acknowledged edits are not in grid_ops`);
  if (twice) failures.push(`${twice} acknowledged edits are in grid_ops more than once`);
  if (wrongVersion) failures.push(`${wrongVersion} acknowledged edits are in grid_ops at another version than acknowledged`);
  const stray = rows.filter((r) => !r.client_id || (!acks.has(r.client_id) && !unanswered.has(r.client_id)));
  if (stray.length)
    failures.push(`${stray.length} edits in grid_ops were never acknowledged nor left unanswered (first v${stray[0].version})`);
  const unacked = rows.filter((r) => r.client_id && !acks.has(r.client_id)).length;
  if (rows.some((r, i) => r.version !== i + 1)) failures.push('the versions of grid_ops are not 1…N');

  // The replay of the acknowledged log (the ops as the editors sent them; an unanswered one as logged), timed per edit.
  const ordered = rows.map((r) => (r.client_id && acks.get(r.client_id)?.op) || r.op);
  const engineMs: number[] = [];
  let grid = base;
  for (let i = 0; i < ordered.length; i++) {
    const op = fromWire(grid, ordered[i]);
    const t = performance.now();
    const r = applyOp(grid, op);
    engineMs.push(performance.now() - t);
    if ('error' in r) {
      failures.push(`edit ${i + 1} of the log does not apply on the replay: ${r.error.message}`);
      break;
    }
    grid = r.grid;
  }
  const service = await GridService.open(db);
  if (!service) failures.push('no grid in the database');
  else {
    if (service.current.version !== rows.length)
      failures.push(`the reopened grid is at v${service.current.version}, the log at ${rows.length}`);
    if (!sameGrid(service.current.grid, grid)) failures.push('the reopened grid differs from the replay of the acknowledged log');
  }
  const expected = gridRows(grid);
  const [cells] = await db.query<{ live: number; equal: number; differ: string[] | null }>(
    `WITH e AS (
       SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
         AS r(id, level, name, parent_id, l1_id, props, geom)),
     same AS (
       SELECT e.id FROM e JOIN grid_cells c USING (id)
        WHERE NOT c.deleted AND c.level = e.level AND c.name = e.name AND c.parent_id IS NOT DISTINCT FROM e.parent_id
          AND c.l1_id IS NOT DISTINCT FROM e.l1_id AND c.props = e.props
          AND ((c.geom IS NULL AND e.geom IS NULL)
            OR ST_OrderingEquals(c.geom, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(e.geom), 4490)))))
     SELECT (SELECT count(*)::int FROM grid_cells WHERE NOT deleted) AS live,
            (SELECT count(*)::int FROM same) AS equal,
            (SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM e EXCEPT SELECT id FROM same LIMIT 5) x) AS differ`,
    [
      expected.map((r) => r.id),
      expected.map((r) => r.level),
      expected.map((r) => r.name),
      expected.map((r) => r.parentId),
      expected.map((r) => r.l1Id),
      expected.map((r) => JSON.stringify(r.props)),
      expected.map((r) => r.geometry),
    ],
  );
  if (cells.live !== expected.length || cells.equal !== expected.length)
    failures.push(
      `grid_cells: ${cells.live} live rows, ${cells.equal} equal to the final grid's ${expected.length} records (differing: ${(cells.differ ?? []).join(', ')})`,
    );
  return { ok: !failures.length, logRows: rows.length, acknowledged: acks.size, unacknowledgedInLog: unacked, failures, engineMs };
}
