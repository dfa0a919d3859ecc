// Cluster badges: the counts they write use only the glyphs the layer renders ahead of the first clusters.
import { describe, expect, it } from 'vitest';
import { COUNT_GLYPHS, countText } from './sensorsLayer';

describe('countText', () => {
  it('writes counts short, with only the pre-rendered glyphs', () => {
    expect([7, 999, 1000, 1234, 9_949, 9_951, 44_352].map(countText)).toEqual(['7', '999', '1.0k', '1.2k', '9.9k', '10.0k', '44k']);
    for (let n = 1; n < 200_000; n += 97) for (const ch of countText(n)) expect(COUNT_GLYPHS).toContain(ch);
  });
});
