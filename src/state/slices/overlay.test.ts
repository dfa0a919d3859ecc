// The overlay slice's actions on a plain store: a new style bumps the tiles' key, nothing is written without an overlay.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { initialOverlay, overlayActions, type OverlaySlice, type OverlayState } from './overlay';

const shown: OverlayState = {
  name: 'landuse.gpkg',
  phase: 'ready',
  field: 'code',
  mode: 'categories',
  breaks: 'quantile',
  fields: [{ name: 'code', numeric: false }],
  legend: [],
  visible: true,
  count: 3,
  skipped: 0,
  styleKey: 1,
};

describe('overlay slice', () => {
  it('restyles with a new style key and hides without touching the style', () => {
    const store = createStore<OverlaySlice>()(() => initialOverlay());
    overlayActions.setOverlay(store, shown);
    const legend = [{ kind: 'range' as const, label: '1 – 2', rgba: [1, 2, 3, 4] as [number, number, number, number], count: 3 }];
    overlayActions.overlayStyled(store, { field: 'heightM', mode: 'ramp', breaks: 'equal' }, legend);
    expect(store.getState().overlay).toMatchObject({ field: 'heightM', mode: 'ramp', breaks: 'equal', legend, styleKey: 2 });
    overlayActions.setOverlayVisible(store, false);
    expect(store.getState().overlay).toMatchObject({ visible: false, styleKey: 2 });
  });

  it('writes nothing when no overlay is shown', () => {
    const store = createStore<OverlaySlice>()(() => initialOverlay());
    overlayActions.setOverlayVisible(store, true);
    overlayActions.overlayStyled(store, { field: 'a', mode: 'categories', breaks: 'quantile' }, []);
    overlayActions.patchOverlay(store, { phase: 'error' });
    expect(store.getState().overlay).toBeNull();
  });
});
