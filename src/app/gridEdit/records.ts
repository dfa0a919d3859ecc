// Pure helpers of the grid editor: the log's records from journal entries, a cell's handles, a drag's preview.
import type { GridOp } from '../../core/grid/gridOp';
import type { GridEditLogRecord } from '../../state/slices/gridEdit';
import type { CellRecord } from '../../../workers/gridEditApi';
import type { JournalEntry } from './journal';
import type { PendingEdit } from './shared';
import type { SharedEntry } from './sharedLink';

/** An edit's scalar fields (its lines and coordinates are in `text`). */
const opNames = (op: GridOp): GridEditLogRecord['what'] =>
  Object.fromEntries(
    Object.entries(op).filter(([, v]) => v === null || typeof v === 'string' || typeof v === 'number'),
  ) as GridEditLogRecord['what'];

export const logRecord = (e: JournalEntry): GridEditLogRecord => ({
  seq: e.seq,
  what: opNames(e.op),
  text: e.text,
  who: e.who,
  atMs: e.atMs,
  cells: e.cells,
  moved: e.moved,
});

/** An edit of the shared grid's log (seq: its place in the log, from 0). */
export const sharedLogRecord = (e: SharedEntry): GridEditLogRecord => ({
  seq: e.version - 1,
  what: wireNames(e.op),
  text: e.text,
  who: e.user ?? '—',
  atMs: Date.parse(e.at),
  cells: e.cells.map((id) => ({ id, beforeM2: null, afterM2: null })),
  moved: 0,
});

/** A wire record's names: an inserted vertex names its segment by its two nodes (the edge number is local). */
function wireNames(op: SharedEntry['op']): GridEditLogRecord['what'] {
  const what = opNames(op as GridOp);
  if (op.type === 'insertVertex' && 'between' in op) what.edge = op.between.join('–');
  return what;
}

/** This editor's edit not yet in the shared log. */
export const pendingLogRecord = (p: PendingEdit, seq: number, who: string): GridEditLogRecord => ({
  seq,
  what: wireNames(p.wire),
  text: p.text,
  who,
  atMs: p.atMs,
  cells: [],
  moved: 0,
  pending: true,
});

/** Handles of a cell: each node once, with its lon/lat. */
export function handlesOf(cell: CellRecord): { node: number; lonLat: [number, number] }[] {
  const seen = new Set<number>();
  const out: { node: number; lonLat: [number, number] }[] = [];
  cell.nodes.forEach((ring, r) =>
    ring.forEach((node, i) => {
      if (seen.has(node)) return;
      seen.add(node);
      out.push({ node, lonLat: [cell.rings[r][i * 2], cell.rings[r][i * 2 + 1]] });
    }),
  );
  return out;
}

/** Rings closed for drawing (the last point repeats the first). */
export const closedRings = (rings: number[][]): number[][] => rings.map((r) => [...r, r[0], r[1]]);

/** The cells' rings with `node` moved to lonLat (a drag's preview). */
export function movedRings(cells: CellRecord[], node: number, lonLat: [number, number]): number[][] {
  return cells.flatMap((c) =>
    c.rings.map((ring, r) => {
      const out = ring.slice();
      c.nodes[r].forEach((n, i) => {
        if (n === node) [out[i * 2], out[i * 2 + 1]] = lonLat;
      });
      out.push(out[0], out[1]);
      return out;
    }),
  );
}
