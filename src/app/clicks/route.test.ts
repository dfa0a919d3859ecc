// The click router headless: the real store, stand-ins for the workers and the planning session.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store';
import { parseUrlState } from '../../state/urlState';
import type { ClickContext } from './context';
import { routeClick } from './route';

function page(search: string, parcelUnder: boolean) {
  const store = createAppStore(parseUrlState(search));
  const reviewedAt: [number, number][] = [];
  const ctx = {
    store,
    workers: { layers: { properties: async (_layer: string, index: number) => ({ id: `b${index}`, floors: 3 }) } },
    planning: {
      reviewAt: async (lonLat: [number, number]) => (reviewedAt.push(lonLat), parcelUnder),
    },
    grid: { join: null, pool: null, editor: null },
  } as unknown as ClickContext;
  return { store, ctx, reviewedAt };
}

const building = { layer: 'buildings' as const, index: 5, properties: { heightM: 12 } };

describe('routeClick', () => {
  it("selects the clicked building, then completes its properties with the source file's record", async () => {
    const { store, ctx, reviewedAt } = page('', false);
    await routeClick(ctx, { id: building, ground: [113.6, 34.7] });
    expect(reviewedAt).toEqual([]);
    expect(store.getState().selection).toEqual({ layer: 'buildings', index: 5, properties: { heightM: 12, id: 'b5', floors: 3 } });
  });

  it('in review mode a click on a parcel chooses it and selects nothing', async () => {
    const { store, ctx, reviewedAt } = page('?mode=review', true);
    await routeClick(ctx, { id: building, ground: [113.6, 34.7] });
    expect(reviewedAt).toEqual([[113.6, 34.7]]);
    expect(store.getState().selection).toBeNull();
  });

  it('in review mode a click outside every parcel selects as in the other modes', async () => {
    const { store, ctx } = page('?mode=review', false);
    await routeClick(ctx, { id: building, ground: [113.6, 34.7] });
    expect(store.getState().selection?.index).toBe(5);
  });

  it('empty space and grid outlines clear the selection', async () => {
    const { store, ctx } = page('', false);
    await routeClick(ctx, { id: building, ground: null });
    await routeClick(ctx, { id: { layer: 'grids', index: 2 }, ground: null });
    expect(store.getState().selection).toBeNull();
  });
});
