// The grid editor's pointer tools over a session: hover highlights, clicks of the insert, delete, merge and
// split tools, and dragging a vertex. Positions arrive as ground points (lon/lat with a tolerance in metres).
import { background } from '../../core/util/background';
import type { GroundPoint } from '../../scene/gridEditInput';
import type { CellRecord } from '../../../workers/gridEditApi';
import { closedRings, movedRings } from './records';
import { refusalOf, type GridEditCore } from './session';

export interface GridEditPointer {
  hover(p: GroundPoint): void;
  /** A click; `node` when it was on a vertex handle. Resolves once its edit is shown. */
  click(p: GroundPoint, node: number | null): Promise<void>;
  /** A press on a handle: true to start dragging it. */
  dragStart(node: number): boolean;
  drag(p: GroundPoint): void;
  /** Resolves once the move is applied (or refused). */
  dragEnd(p: GroundPoint | null): Promise<void>;
  /** Drops a drag or a split line under way and its preview. */
  cancel(): void;
}

export function createGridEditPointer(core: GridEditCore): GridEditPointer {
  const { api, store } = core.deps;
  const tool = () => store.getState().gridEdit.tool;
  const toRoads = () => store.getState().gridEdit.snapRoads;
  const showCell = () => core.showCell(core.cell()?.id ?? null);
  let drag: { node: number; cells: CellRecord[] | null; last: GroundPoint | null } | null = null;
  let split: { points: [number, number][]; lonLat: number[] } | null = null;

  const cancel = () => {
    drag = null;
    split = null;
    core.overlay({ preview: [], snap: null, hoverEdge: null, hoverRings: [] });
  };

  // Cursor queries: one in flight, the latest position wins.
  let hoverBusy = false;
  let hoverNext: GroundPoint | null = null;
  async function hover(p: GroundPoint): Promise<void> {
    if (hoverBusy) {
      hoverNext = p;
      return;
    }
    hoverBusy = true;
    try {
      const t = tool();
      if (t === 'split' && split) {
        const s = await api.snap(p.lonLat, p.tolM, -1, toRoads());
        core.overlay({ preview: [[...split.lonLat, ...s.lonLat]], snap: { lonLat: s.lonLat, kind: s.kind } });
      } else {
        const h = await api.hover(p.lonLat, p.tolM);
        core.overlay({
          hoverEdge: h?.line ?? null,
          hoverRings: h ? h.cells.flatMap((c) => closedRings(c.rings)) : [],
          snap: h && (t === 'insert' || t === 'split') ? { lonLat: h.at, kind: 'edge' } : null,
        });
      }
    } finally {
      hoverBusy = false;
      const next = hoverNext;
      hoverNext = null;
      if (next) background(hover(next), 'grid editor hover');
    }
  }

  const edit = (op: Parameters<GridEditCore['applyAndLog']>[0]) => core.serial(async () => void (await core.applyAndLog(op)));

  async function click(p: GroundPoint, node: number | null): Promise<void> {
    const t = tool();
    // Select: the page's pick handler selects the grid (a building's, or the one under the click) and calls showCell.
    if (t === 'select') return;
    if (t === 'insert') {
      const h = await api.hover(p.lonLat, p.tolM);
      if (!h) return core.set({ refused: { kind: 'insertMiss', params: {} } });
      await edit({ type: 'insertVertex', edge: h.edge, index: h.index, at: h.xy });
      return showCell();
    }
    if (t === 'delete') {
      const snapped = node === null ? await api.snap(p.lonLat, p.tolM) : null;
      const target = node ?? (snapped?.kind === 'node' ? snapped.node : null);
      if (target === null) return core.set({ refused: { kind: 'deleteMiss', params: {} } });
      await edit({ type: 'deleteVertex', node: target });
      return showCell();
    }
    const cell = core.cell();
    if (!cell) return core.set({ refused: { kind: 'selectFirst', params: {} } });
    if (t === 'merge') {
      const other = await api.cellAt(p.lonLat);
      if (!other || other.id === cell.id) return;
      await edit({ type: 'mergeCells', keep: cell.id, remove: other.id });
      return core.showCell(cell.id);
    }
    // A split line starts and ends on the cell's boundary (snapped); points between (free or on a road) are its bends.
    const s = await api.snap(p.lonLat, p.tolM, -1, toRoads());
    const onBoundary = s.kind === 'node' || s.kind === 'edge';
    if (!split) {
      if (!onBoundary) return core.set({ refused: { kind: 'splitStart', params: {} } });
      split = { points: [s.xy], lonLat: [...s.lonLat] };
      core.overlay({ preview: [split.lonLat.slice()] });
      return;
    }
    split.points.push(s.xy);
    split.lonLat.push(...s.lonLat);
    if (!onBoundary) {
      core.overlay({ preview: [split.lonLat.slice()] });
      return;
    }
    const line = split.points;
    cancel();
    const fresh = await api.newCellId(cell.id);
    await edit({ type: 'splitCell', cell: cell.id, line, newId: fresh.id, newName: fresh.name });
    await core.showCell(cell.id);
  }

  return {
    hover: (p) => {
      if (!drag) background(hover(p), 'grid editor hover');
    },
    click: (p, node) => click(p, node).catch((err) => core.set({ refused: refusalOf(err) })),
    dragStart(node) {
      if (tool() !== 'select' || !core.cell()) return false;
      drag = { node, cells: null, last: null };
      background(
        api.incident(node).then((cells) => {
          if (drag?.node === node) drag.cells = cells;
        }),
        'grid editor drag preview',
      );
      return true;
    },
    drag(p) {
      const d = drag;
      if (!d) return;
      d.last = p;
      background(
        api.snap(p.lonLat, p.tolM, d.node, toRoads()).then((s) => {
          if (drag !== d || !d.cells) return;
          core.overlay({ preview: movedRings(d.cells, d.node, s.lonLat), snap: { lonLat: s.lonLat, kind: s.kind } });
        }),
        'grid editor drag preview',
      );
    },
    dragEnd(p) {
      const d = drag;
      cancel();
      const end = p ?? d?.last;
      if (!d || !end) return Promise.resolve();
      return core.serial(async () => {
        const s = await api.snap(end.lonLat, end.tolM, d.node, toRoads());
        await core.applyAndLog({ type: 'moveVertex', node: d.node, to: s.xy });
        await showCell();
      });
    },
    cancel,
  };
}
