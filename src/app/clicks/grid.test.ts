// Grid mode's click headless: the real store, a one-chain grid (L1 A ⊃ L2 A-1 ⊃ L3 A-1-1) and a stand-in for the
// grids as drawn, whose levels at the clicked point stand for the camera's distance.
import { describe, expect, it } from 'vitest';
import type { GridLevel } from '../../core/grid/levels';
import { actions, createAppStore } from '../../state/store';
import { parseUrlState } from '../../state/urlState';
import type { ClickContext } from './context';
import { gridClick } from './grid';

const IDS = ['A', 'A-1', 'A-1-1'];

function page(drawnAt: GridLevel[]) {
  const store = createAppStore(parseUrlState('?mode=grid'));
  const asked: GridLevel[][] = [];
  const join = {
    hierarchy: { l3: Uint32Array.of(2), l3ToL2: Int32Array.of(1), l3ToL1: Int32Array.of(0) },
    cellOfBuilding: Int32Array.of(0, 0),
    stats: {
      buildingCount: Uint32Array.of(2, 2, 2),
      footprintAreaM2: new Float64Array(3),
      floorAreaM2: new Float64Array(3),
      useTable: [],
      useCount: new Uint32Array(0),
    },
    grids: { polygons: { ids: IDS }, names: IDS, level: Uint8Array.of(1, 2, 3) },
    zone: 38,
  };
  const ctx = {
    store,
    grid: { join: Promise.resolve(join), pool: { pool: { assign: async () => Int32Array.of(0) } }, editor: null },
    gridsView: () => ({
      levelsDrawnAt: () => drawnAt,
      // The layer's grid under the point: the finest level asked for (every level has one there).
      gridAt: async (_at: [number, number], levels: GridLevel[]) => {
        asked.push(levels);
        const f = Math.max(...levels) - 1;
        return { index: f, id: IDS[f] };
      },
    }),
  } as unknown as ClickContext;
  const selected = () => store.getState().selectedGrid?.id ?? null;
  return { store, ctx, asked, selected };
}

const ground: [number, number] = [113.66, 34.76];

describe('gridClick', () => {
  it('at a far view (only L1 drawn there) selects the L1 grid under the point', async () => {
    const { ctx, asked, selected } = page([1]);
    await gridClick(ctx, { id: null, ground });
    expect(asked).toEqual([[1]]);
    expect(selected()).toBe('A');
  });

  it('at a near view (every level drawn there) selects the L3 grid under the point', async () => {
    const { ctx, asked, selected } = page([1, 2, 3]);
    await gridClick(ctx, { id: null, ground });
    expect(asked).toEqual([[1, 2, 3]]);
    expect(selected()).toBe('A-1-1');
  });

  it("never picks finer than the panel's level", async () => {
    const { store, ctx, selected } = page([1, 2, 3]);
    actions.setGridLevel(store, 1);
    await gridClick(ctx, { id: null, ground });
    expect(selected()).toBe('A');
  });

  it("selects a clicked building's grid at the finest level drawn there", async () => {
    const { ctx, asked, selected } = page([1, 2]);
    await gridClick(ctx, { id: { layer: 'buildings', index: 1 }, ground });
    expect(asked).toEqual([]);
    expect(selected()).toBe('A-1');
  });

  it("picks at the panel's level where no grid is drawn (grids switched off)", async () => {
    const { ctx, asked, selected } = page([]);
    await gridClick(ctx, { id: null, ground });
    expect(asked).toEqual([[3]]);
    expect(selected()).toBe('A-1-1');
  });
});
