import { describe, expect, it } from 'vitest';
import { actions, createAppStore, urlStateOf } from './store';
import { parseUrlState } from './urlState';

describe('createAppStore', () => {
  it('composes the slices into the one flat record the scene, the panels and the browser tests read', () => {
    const s = createAppStore(parseUrlState('')).getState();
    // Every field at the top level, as before the split into slices (scene layers and e2e tests read these names).
    expect(Object.keys(s).sort()).toEqual(
      [
        'lang',
        'render',
        'layers',
        'underground',
        'camera',
        'dataUrl',
        'manifest',
        'load',
        'counts',
        'buildingsByUse',
        'problems',
        'selection',
        'mode',
        'join',
        'buildingStyle',
        'selectedGrid',
        'selectedGridIndex',
        'gridLevel',
        'buildingPalette',
        'buildingGroup',
        'unassigned',
        'straddlers',
        'imported',
        'replaced',
        'plan',
        'review',
        'live',
        'sensorStates',
        'flagged',
        'tour',
        'ops',
        'gridEdit',
        'gridOverlay',
        'overlay',
        'session',
        'models',
        'modelViews',
      ].sort(),
    );
  });

  it('starts from the URL and gives it back unchanged', () => {
    const url = parseUrlState('?mode=grid&lang=en&render=lite&underground=1&style=grid&data=c/a.json&view=113,34,500,10,-30');
    const store = createAppStore(url);
    expect(urlStateOf(store.getState())).toEqual(url);
    expect(store.getState().load).toEqual({ phase: 'loading', step: 'manifest' });
  });

  it("spreads every slice's actions into one object that writes the app store", () => {
    const store = createAppStore(parseUrlState(''));
    actions.setMode(store, 'review');
    actions.setPlan(store, { landUse: true });
    actions.setTour(store, { phase: 'playing' });
    const s = store.getState();
    expect([s.mode, s.plan.landUse, s.plan.version, s.tour.phase]).toEqual(['review', true, 'current', 'playing']);
  });
});
