// bench:grid-edit's report: the three targets of issue 20 (editor ready after the join, a shared-node move's p95,
// a reload with a journal), each beside its baseline from the same run, then the per-edit detail, the checks and
// the machine; one human-readable block and one JSON line. Returns whether every check passed.
import type { Grid } from '../../src/core/grid/gridModel';
import { r2, stats, sum, type Stats } from './measure';

export interface EditTiming {
  type: string;
  topologyMs: number;
  applyMs: number;
  rejoinMs: number;
  validateMs: number;
  fullIndexMs: number;
  fullJoinMs: number;
  /** CPU time of this process (user + system) on each path. */
  incrementalCpuMs: number;
  naiveCpuMs: number;
  retested: number;
  moved: number;
}

/** An editor start or reload: the worker's open, the journal's replay and the buildings' join. */
export interface Phase {
  parseMs: number;
  importMs: number;
  replayMs: number;
  /** CPU time of the replay alone. */
  replayCpuMs: number;
  joinMs: number;
  ms: number;
  cpuMs: number;
  heapMB: number;
}

export interface GridEditReport {
  scale: string;
  grid: Grid;
  buildings: number;
  pointsFrom: string;
  fileJoinMs: number;
  importProblems: number;
  snappedCells: number;
  ready: Phase;
  readyFormer: Phase;
  readyFromFileJoin: boolean;
  edits: EditTiming[];
  naiveEdits: number;
  refused: Map<string, number>;
  /** With the grid file's import from the cache. */
  reload: Phase;
  reloadUncached: Phase;
  reloadFormer: Phase;
  reloadBatched: boolean;
  checks: {
    readyJoinEqual: boolean;
    joinMismatchEdits: number;
    finalJoinEqual: boolean;
    editsWithNewProblems: number;
    replaySameGrid: boolean;
    reloadJoinEqual: boolean;
  };
  peakRssMB: number;
  machine: { cores: number; loadAvgAtStart: number; loadAvgAtEnd: number };
}

const incrementalMs = (e: EditTiming) => e.topologyMs + e.applyMs + e.rejoinMs;
const naiveMs = (e: EditTiming) => e.validateMs + e.fullIndexMs + e.fullJoinMs;
const col = (of: EditTiming[], f: (e: EditTiming) => number) => of.map(f).filter((x) => !Number.isNaN(x));
const ms = (x: number) => `${Math.round(x)} ms`;
const ratio = (baseline: number, x: number) => `${r2(baseline / x)}x`;
const line = (name: string, s: Stats) =>
  `  ${name.padEnd(34)} median ${s.medianMs.toFixed(2).padStart(8)}  p95 ${s.p95Ms.toFixed(2).padStart(8)}  max ${s.maxMs.toFixed(2).padStart(8)} ms  (${s.n})`;
const phaseText = (p: Phase) =>
  `${ms(p.ms)} (parse ${ms(p.parseMs)}, importGrid ${ms(p.importMs)}, replay ${ms(p.replayMs)} (CPU ${ms(p.replayCpuMs)}), join ${ms(p.joinMs)}; CPU ${ms(p.cpuMs)}, heap +${p.heapMB} MB)`;

export function printReport(r: GridEditReport): boolean {
  const { edits } = r;
  const naiveRun = edits.slice(0, r.naiveEdits);
  const kinds = [...new Set(edits.map((e) => e.type))].map((type) => {
    const of = edits.filter((e) => e.type === type);
    return {
      type,
      edits: of.length,
      refused: r.refused.get(type) ?? 0,
      applyOp: stats(col(of, (e) => e.applyMs)),
      incremental: stats(col(of, incrementalMs)),
      cpu: stats(col(of, (e) => e.incrementalCpuMs)),
      naive: stats(col(of, naiveMs)),
    };
  });
  const moves = kinds.find((k) => k.type === 'moveVertex');
  const naiveAll = stats(col(edits, naiveMs));
  // The former reload's cost per edit, and a naive one: each edit checked by a full validation and re-join.
  const naivePerEditMs = naiveAll.meanMs + stats(col(edits, (e) => e.applyMs)).meanMs;
  const ok =
    r.checks.readyJoinEqual &&
    r.checks.joinMismatchEdits === 0 &&
    r.checks.finalJoinEqual &&
    r.checks.editsWithNewProblems === 0 &&
    r.checks.replaySameGrid &&
    r.checks.reloadJoinEqual;
  const report = {
    bench: 'grid-edit',
    scale: r.scale,
    l3Cells: r.grid.cells.length,
    areas: r.grid.areas.length,
    nodes: r.grid.nodeXY.length >> 1,
    buildings: r.buildings,
    fileJoinMs: Math.round(r.fileJoinMs),
    importProblems: r.importProblems,
    snappedCells: r.snappedCells,
    editorReady: { ...r.ready, fromFileJoin: r.readyFromFileJoin, baseline: r.readyFormer, ratio: r2(r.readyFormer.ms / r.ready.ms) },
    perEdit: {
      topology: stats(col(edits, (e) => e.topologyMs)),
      applyOp: stats(col(edits, (e) => e.applyMs)),
      rejoinCells: stats(col(edits, (e) => e.rejoinMs)),
      incremental: stats(col(edits, incrementalMs)),
      naiveValidate: stats(col(edits, (e) => e.validateMs)),
      naiveIndex: stats(col(edits, (e) => e.fullIndexMs)),
      naiveAssignPoints: stats(col(edits, (e) => e.fullJoinMs)),
      naive: naiveAll,
      cpuIncremental: stats(col(edits, (e) => e.incrementalCpuMs)),
      cpuNaive: stats(col(edits, (e) => e.naiveCpuMs)),
    },
    byKind: kinds,
    sharedNodeMove: moves
      ? {
          p95Ms: moves.incremental.p95Ms,
          cpuP95Ms: moves.cpu.p95Ms,
          naiveP95Ms: moves.naive.p95Ms,
          ratio: r2(moves.naive.p95Ms / moves.incremental.p95Ms),
        }
      : null,
    ratioNaiveToIncremental: r2(sum(col(naiveRun, naiveMs)) / sum(col(naiveRun, incrementalMs))),
    retestedPerEditMax: Math.max(...col(edits, (e) => e.retested)),
    movedBuildings: sum(col(edits, (e) => e.moved)),
    reload: {
      edits: edits.length,
      ...r.reload,
      batched: r.reloadBatched,
      uncached: r.reloadUncached,
      baseline: r.reloadFormer,
      ratio: r2(r.reloadFormer.ms / r.reload.ms),
      replayRatio: r2(r.reloadFormer.replayMs / r.reload.replayMs),
      naiveReplayMs: Math.round(naivePerEditMs * edits.length),
    },
    checks: r.checks,
    peakRssMB: r.peakRssMB,
    machine: { cores: r.machine.cores, loadAvgAtStart: r2(r.machine.loadAvgAtStart), loadAvgAtEnd: r2(r.machine.loadAvgAtEnd) },
  };
  const rl = report.reload;
  console.log(
    [
      `grid edit, ${r.scale}: ${report.l3Cells} L3 cells, ${report.areas} L1/L2, ${report.nodes} nodes, ${r.buildings} buildings (points from the ${r.pointsFrom}); grid mode's join of the file ${ms(r.fileJoinMs)} (given)`,
      `importGrid found ${r.importProblems} problems; ${r.snappedCells} cells snapped on import`,
      `targets (issue 20 at zhengzhou: editor ready ≤ 5 s after the join, shared-node move ≤ 20 ms p95, reload with 1,000 edits ≤ 2 s):`,
      `  editor ready after the join: ${phaseText(r.ready)}, join ${r.readyFromFileJoin ? "carried over from the file's join" : 'in full'}`,
      `    baseline, a full join:     ${phaseText(r.readyFormer)} → ${ratio(r.readyFormer.ms, r.ready.ms)}`,
      moves
        ? `  shared-node move (moveVertex) incremental p95 ${moves.incremental.p95Ms} ms (median ${moves.incremental.medianMs}; CPU p95 ${moves.cpu.p95Ms}, median ${moves.cpu.medianMs}) — baseline, full validate + re-join, p95 ${moves.naive.p95Ms} ms → ${ratio(moves.naive.p95Ms, moves.incremental.p95Ms)}`
        : '  no shared-node move',
      ...kinds.map(
        (k) =>
          `    ${k.type.padEnd(14)} ${String(k.edits).padStart(5)} edits (${k.refused} refused): incremental median ${k.incremental.medianMs} p95 ${k.incremental.p95Ms} max ${k.incremental.maxMs} ms, CPU p95 ${k.cpu.p95Ms} ms; naive p95 ${k.naive.p95Ms} ms (${k.naive.n})`,
      ),
      `  reload with a journal of ${edits.length} edits: ${phaseText(r.reload)}, the grid's import from the cache (parse = read the file), replay ${r.reloadBatched ? 'batched' : 'one by one (the batch check failed)'}`,
      `    without the import cache:   ${phaseText(r.reloadUncached)}`,
      `    baseline, each edit checked: ${phaseText(r.reloadFormer)} → ${ratio(r.reloadFormer.ms, r.reload.ms)} (replay alone ${ratio(r.reloadFormer.replayMs, r.reload.replayMs)}); naive (validate + re-join per edit) replay ≈ ${ms(rl.naiveReplayMs)}`,
      `per edit (${edits.length}):`,
      line('topology of the grid', report.perEdit.topology),
      line('applyOp (edit + checks)', report.perEdit.applyOp),
      line('re-join: rejoinCells', report.perEdit.rejoinCells),
      line('incremental total', report.perEdit.incremental),
      line('naive: validateGrid', report.perEdit.naiveValidate),
      line('naive: buildGridIndex', report.perEdit.naiveIndex),
      line('naive: assignPoints', report.perEdit.naiveAssignPoints),
      line('naive total', report.perEdit.naive),
      line('CPU ms, incremental', report.perEdit.cpuIncremental),
      line('CPU ms, naive', report.perEdit.cpuNaive),
      `naive / incremental over the first ${naiveRun.length} edits: ${report.ratioNaiveToIncremental}x; re-join retested at most ${report.retestedPerEditMax} buildings, ${report.movedBuildings} reassigned in all`,
      `checks: start's join = full ${yes(r.checks.readyJoinEqual)}, incremental = full join after every naive edit ${yes(r.checks.joinMismatchEdits === 0)} and the last ${yes(r.checks.finalJoinEqual)}, new problems ${r.checks.editsWithNewProblems}, replays give the edited grid ${yes(r.checks.replaySameGrid)} and its join ${yes(r.checks.reloadJoinEqual)}`,
      `peak RSS ${r.peakRssMB} MB; ${r.machine.cores} cores, load average ${report.machine.loadAvgAtStart} at start, ${report.machine.loadAvgAtEnd} at end`,
    ].join('\n'),
  );
  console.log(JSON.stringify(report));
  return ok;
}

const yes = (b: boolean) => (b ? 'yes' : 'NO');
