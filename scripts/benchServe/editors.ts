// bench:serve's simulated grid managers. Editors come in pairs sharing one L2 grid as their scope (so a pair's edits
// sometimes touch the same cells and conflict); each pair has its own L2. An editor makes small edits in its scope,
// a node whose cells all lie in its L2 moved 1–5 m, on the grid of the event stream (as a browser edits its copy),
// at Poisson times, with a think time between seeing the grid and sending the edit. On 409 it rebases once (the
// server's version, the same edit again), then drops the edit; a request that times out is sent again with the same
// client id, and a share of answers is treated as lost (sent again too), so the server's duplicate handling runs.
import { ancestorsOf, type Grid } from '../../src/core/grid/gridModel';
import type { GridOp } from '../../src/core/grid/gridOp';
import { gridTopology, nodeCells } from '../../src/core/grid/topology';
import { toWire, type WireOp } from '../../src/core/grid/wireOps';
import type { Rng } from '../../src/core/util/random';
import type { Mirror } from './mirror';
import { TimedOut, type Session } from './session';

const perGrid = new WeakMap<Grid, Map<string, number[]>>();

/** The nodes of each L2 grid whose cells all lie in it (moving one changes no cell outside). */
export function innerNodesByL2(grid: Grid): Map<string, number[]> {
  let out = perGrid.get(grid);
  if (out) return out;
  out = new Map();
  const l2OfCell = grid.cells.map((c) => ancestorsOf(grid, c).l2);
  const { start, cells } = nodeCells(gridTopology(grid));
  for (let v = 0; v + 1 < start.length; v++) {
    if (start[v + 1] === start[v]) continue;
    const l2 = l2OfCell[cells[start[v]]];
    if (!l2) continue;
    let inside = true;
    for (let k = start[v] + 1; k < start[v + 1] && inside; k++) inside = l2OfCell[cells[k]] === l2;
    if (!inside) continue;
    const list = out.get(l2);
    if (list) list.push(v);
    else out.set(l2, [v]);
  }
  perGrid.set(grid, out);
  return out;
}

/** The L2 of each editor: pairs share one, pairs get the L2 grids with the most inner nodes. */
export function scopesFor(grid: Grid, editors: number): string[] {
  const ranked = [...innerNodesByL2(grid)].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  if (!ranked.length) throw new Error('the grid has no L2 grid with a node inside it');
  return Array.from({ length: editors }, (_, i) => ranked[Math.floor(i / 2) % ranked.length][0]);
}

export function moveInScope(grid: Grid, l2: string, rng: Rng): GridOp | null {
  const nodes = innerNodesByL2(grid).get(l2);
  if (!nodes?.length) return null;
  const node = nodes[rng.int(0, nodes.length - 1)];
  const d = rng.range(1, 5),
    a = rng.range(0, 2 * Math.PI);
  return { type: 'moveVertex', node, to: [grid.nodeXY[node * 2] + d * Math.cos(a), grid.nodeXY[node * 2 + 1] + d * Math.sin(a)] };
}

export interface Ack {
  clientId: string;
  version: number;
  op: WireOp;
}

export interface Tally {
  edits: number;
  requests: number;
  applied: number;
  duplicates: number;
  conflicts: number;
  rebasedApplied: number;
  dropped: number;
  refused: number;
  forbidden: number;
  retries: number;
  timeouts: number;
  lostAnswers: number;
  /** Edits never answered after every retry: they may or may not be in the log. */
  unanswered: string[];
  /** A duplicate's answer naming another version than the first answer did. */
  duplicateMismatches: number;
  errors: string[];
  /** ms of every answered POST, and of those answered 201. */
  latencyMs: number[];
  appliedLatencyMs: number[];
  acks: Map<string, Ack>;
}

export const newTally = (): Tally => ({
  edits: 0,
  requests: 0,
  applied: 0,
  duplicates: 0,
  conflicts: 0,
  rebasedApplied: 0,
  dropped: 0,
  refused: 0,
  forbidden: 0,
  retries: 0,
  timeouts: 0,
  lostAnswers: 0,
  unanswered: [],
  duplicateMismatches: 0,
  errors: [],
  latencyMs: [],
  appliedLatencyMs: [],
  acks: new Map(),
});

export interface EditorPlan {
  index: number;
  session: Session;
  l2: string;
  rng: Rng;
  /** Edits per second of this editor. */
  rate: number;
  /** The run's start and end (performance.now()). */
  t0: number;
  t1: number;
  thinkMs: number;
  timeoutMs: number;
  /** Share of answers treated as lost (the edit sent again with the same client id). */
  lost: number;
  runId: string;
}

const MAX_SENDS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runEditor(p: EditorPlan, mirror: Mirror, tally: Tally): Promise<void> {
  let version = 0;
  let next = p.t0;
  for (let n = 0; ; n++) {
    next += (-Math.log(1 - p.rng.next()) / p.rate) * 1000;
    if (next >= p.t1) return;
    await sleep(next - performance.now());
    // The editor has seen its own edits: its copy of the grid is at least at that version.
    await mirror.reached(version);
    const grid = mirror.grid;
    const seen = mirror.version;
    const op = moveInScope(grid, p.l2, p.rng);
    if (!op) continue;
    await sleep(p.rng.range(0, p.thinkMs));
    tally.edits++;
    const payload = { op: toWire(grid, op), baseVersion: seen, clientId: `${p.runId}-e${p.index}-${n}` };
    version = Math.max(version, await send(p, payload, tally));
  }
}

/** Sends one edit (rebasing once on a conflict); returns the version the editor knows afterwards. */
async function send(p: EditorPlan, payload: { op: WireOp; baseVersion: number; clientId: string }, tally: Tally): Promise<number> {
  let firstVersion: number | null = null;
  let rebased = false;
  for (let sends = 0; sends < MAX_SENDS; sends++) {
    if (sends > 0) tally.retries++;
    tally.requests++;
    const t = performance.now();
    let reply;
    try {
      reply = await p.session.edit(payload, p.timeoutMs);
    } catch (err) {
      if (!(err instanceof TimedOut)) throw err;
      tally.timeouts++;
      continue;
    }
    const ms = performance.now() - t;
    tally.latencyMs.push(ms);
    const { status, body } = reply;
    if (status === 201 || status === 200) {
      const entry = body.entry!;
      if (status === 201) tally.appliedLatencyMs.push(ms);
      if (status === 200) tally.duplicates++;
      if (firstVersion !== null && firstVersion !== entry.version) tally.duplicateMismatches++;
      firstVersion ??= entry.version;
      // Some answers are treated as lost on the way: the editor cannot tell, and sends the edit again.
      if (sends === 0 && p.rng.next() < p.lost) {
        tally.lostAnswers++;
        continue;
      }
      tally.applied++;
      if (rebased) tally.rebasedApplied++;
      tally.acks.set(payload.clientId, { clientId: payload.clientId, version: entry.version, op: payload.op });
      return entry.version;
    }
    if (status === 409) {
      tally.conflicts++;
      if (rebased) {
        tally.dropped++;
        return body.version ?? 0;
      }
      rebased = true;
      payload = { ...payload, baseVersion: body.version ?? payload.baseVersion };
      sends--;
      continue;
    }
    if (status === 422) tally.refused++;
    else if (status === 403) tally.forbidden++;
    else if (tally.errors.length < 20) tally.errors.push(`${status} ${JSON.stringify(body).slice(0, 200)}`);
    return 0;
  }
  tally.unanswered.push(payload.clientId);
  return 0;
}
