import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from './urlState';

describe('url state', () => {
  it('round-trips camera, layers, language, preset and underground', () => {
    const search =
      '?view=113.66,34.75,2500,10,-35&layers=buildings,gridL1,pipelines&lang=en&render=lite&underground=1&mode=grid&style=grid';
    const state = parseUrlState(search);
    expect(state.camera).toEqual({ lonDeg: 113.66, latDeg: 34.75, heightM: 2500, headingDeg: 10, pitchDeg: -35 });
    expect(state.layers.buildings).toBe(true);
    expect(state.layers.gridL3).toBe(false);
    expect(state.lang).toBe('en');
    expect(state.mode).toBe('grid');
    expect(state.buildingStyle).toBe('grid');
    expect(parseUrlState(formatUrlState(state))).toEqual(state);
  });

  it('falls back to defaults on a malformed view and unknown layers', () => {
    const state = parseUrlState('?view=1,2,three,4,5&layers=buildings,nope');
    expect(state.camera).toBeNull();
    expect(
      Object.entries(state.layers)
        .filter(([, on]) => on)
        .map(([id]) => id),
    ).toEqual(['buildings']);
    expect(state.lang).toBe('zh-CN');
    expect(state.render).toBe('full');
  });

  it('keeps parameters it does not own', () => {
    const out = formatUrlState(parseUrlState('?debug=1'), '?debug=1');
    expect(new URLSearchParams(out).get('debug')).toBe('1');
  });
});
