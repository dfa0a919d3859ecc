// The city's layer slots on the app's own store: a store change reaches exactly the layers whose selector reads it.
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppState } from '../state/store';
import { EMPTY_OVERLAY } from '../state/slices/gridEdit';
import { parseUrlState } from '../state/urlState';
import { CITY_LAYER_SELECTORS } from './cityScene';
import type { SceneLayer } from './layers/layer';
import { createLayerSync, shallowEqual } from './layerSync';

type Slot = keyof typeof CITY_LAYER_SELECTORS;
const SLOTS = Object.keys(CITY_LAYER_SELECTORS) as Slot[];

/** Every slot filled with a layer that counts its updates. */
function setup(search = '') {
  const store = createAppStore(parseUrlState(search));
  const sync = createLayerSync(store, CITY_LAYER_SELECTORS, () => {});
  const updates = Object.fromEntries(SLOTS.map((slot) => [slot, 0])) as Record<Slot, number>;
  for (const slot of SLOTS) {
    const layer: SceneLayer<object> = { key: slot, count: 0, ready: () => true, update: () => updates[slot]++, destroy() {} };
    sync.add(slot, layer as never);
  }
  for (const slot of SLOTS) updates[slot] = 0;
  /** The slots updated by one store change. */
  const updatedBy = (change: Partial<AppState>): Slot[] => {
    for (const slot of SLOTS) updates[slot] = 0;
    store.setState(change);
    return SLOTS.filter((slot) => updates[slot] > 0);
  };
  return { store, updatedBy };
}

describe('the city scene’s layer slots', () => {
  it('updates only the layer whose visibility switch changed', () => {
    const { store, updatedBy } = setup();
    const layers = store.getState().layers;
    expect(updatedBy({ layers: { ...layers, roads: !layers.roads } })).toEqual(['roads']);
    expect(updatedBy({ layers: { ...store.getState().layers, gridL2: !layers.gridL2 } })).toEqual(['grids']);
    expect(updatedBy({ layers: { ...store.getState().layers, sensors: !layers.sensors } })).toEqual(['sensors', 'gridBadges']);
  });

  it('sends the building style to the city’s and the opened file’s buildings', () => {
    const { updatedBy } = setup();
    expect(updatedBy({ buildingStyle: 'heightM' })).toEqual(['buildings', 'imported']);
  });

  it('sends a building selection to the buildings only, and ignores a selection in another layer', () => {
    const { updatedBy } = setup();
    expect(updatedBy({ selection: { layer: 'buildings', index: 4, properties: null } })).toEqual(['buildings']);
    expect(updatedBy({ selection: { layer: 'buildings', index: 4, properties: { id: 'b4' } } })).toEqual([]);
    expect(updatedBy({ selection: null })).toEqual(['buildings']);
    expect(updatedBy({ selection: { layer: 'roads', index: 2, properties: null } })).toEqual([]);
  });

  it('reads the grid selection and the grid colours in grid mode only', () => {
    const { updatedBy } = setup('?mode=plan');
    expect(updatedBy({ selectedGridIndex: 3, buildingGroup: new Uint32Array([1, 2]) })).toEqual([]);
    expect(updatedBy({ mode: 'grid' })).toEqual(['buildings', 'grids', 'gridEdit']);
    expect(updatedBy({ selectedGridIndex: 5 })).toEqual(['grids']);
    expect(updatedBy({ buildingPalette: new Uint8Array(8) })).toEqual([]); // only with the 'grid' style
    expect(updatedBy({ buildingStyle: 'grid' })).toEqual(['buildings', 'imported']);
  });

  it('shows the review overlay in review mode and flags buildings outside grid mode', () => {
    const { updatedBy } = setup('?mode=plan');
    expect(updatedBy({ flagged: new Map([[1, [255, 0, 0]]]) })).toEqual(['buildings']);
    expect(updatedBy({ mode: 'review' })).toEqual(['review']);
  });

  it('routes the plan, the grid editor’s overlay, live states and the underground switch to their own layers', () => {
    const { store, updatedBy } = setup('?mode=grid');
    expect(updatedBy({ plan: { ...store.getState().plan, landUse: true } })).toEqual(['plan']);
    expect(updatedBy({ plan: { ...store.getState().plan, analysis: 'height' } })).toEqual([]);
    expect(updatedBy({ gridOverlay: { ...EMPTY_OVERLAY, markers: [[113.6, 34.7]] } })).toEqual(['gridEdit']);
    expect(updatedBy({ sensorStates: new Uint8Array(3) })).toEqual(['sensors']);
    expect(updatedBy({ live: { ...store.getState().live, grids: [] } })).toEqual(['gridBadges']);
    // The pipes too: buried ones are drawn only in the underground view.
    expect(updatedBy({ underground: true })).toEqual(['pipelines', 'underground']);
  });

  it('updates nothing for state no layer reads', () => {
    const { store, updatedBy } = setup();
    expect(updatedBy({ live: { ...store.getState().live, messages: 12 } })).toEqual([]);
    expect(updatedBy({ join: { phase: 'running', donePoints: 1, totalPoints: 2 } })).toEqual([]);
    expect(updatedBy({ camera: { lonDeg: 113.6, latDeg: 34.7, heightM: 900, headingDeg: 0, pitchDeg: -40 } })).toEqual([]);
    expect(updatedBy({ lang: 'en' })).toEqual([]);
  });

  it('has selectors that return equal props for the same state, so an unchanged slice never updates its layer', () => {
    for (const search of ['', '?mode=grid', '?mode=review&style=grid', '?mode=ops&underground=1']) {
      const s = createAppStore(parseUrlState(search)).getState();
      for (const slot of SLOTS) expect(shallowEqual(CITY_LAYER_SELECTORS[slot](s), CITY_LAYER_SELECTORS[slot](s)), slot).toBe(true);
    }
  });
});
