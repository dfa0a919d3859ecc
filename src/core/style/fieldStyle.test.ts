import { describe, expect, it } from 'vitest';
import {
  CATEGORY_PALETTE,
  NO_CLASS,
  categoryStyle,
  classColours,
  classOfValue,
  defaultMode,
  formatBreak,
  rampBreaks,
  rampClassOf,
  rampStyle,
} from './fieldStyle';

function counts(values: (string | null)[]): { map: Map<string, number>; none: number } {
  const map = new Map<string, number>();
  let none = 0;
  for (const v of values) {
    if (v === null) none++;
    else map.set(v, (map.get(v) ?? 0) + 1);
  }
  return { map, none };
}

describe('categories', () => {
  it('orders values by count, most frequent first, ties by value', () => {
    const { map, none } = counts(['b', 'a', 'c', 'c', 'a', 'c', 'd', 'b']);
    const s = categoryStyle('use', map, none);
    expect(s.classes.map((c) => [c.label, c.count])).toEqual([
      ['c', 3],
      ['a', 2],
      ['b', 2],
      ['d', 1],
    ]);
    expect(s.classes[0].rgba.slice(0, 3)).toEqual(CATEGORY_PALETTE[0]);
    expect(s.classes[3].rgba.slice(0, 3)).toEqual(CATEGORY_PALETTE[3]);
  });

  it('puts values past the palette into "other" and nulls into "no value"', () => {
    const values: (string | null)[] = [];
    for (let v = 0; v < 15; v++) for (let k = 0; k <= 15 - v; k++) values.push(`v${v}`);
    values.push(null, null);
    const { map, none } = counts(values);
    const s = categoryStyle('kind', map, none);
    expect(s.classes).toHaveLength(14);
    expect(s.values).toEqual(Array.from({ length: 12 }, (_, v) => `v${v}`));
    // v12, v13, v14 occur 4, 3 and 2 times.
    expect(s.classes[12]).toMatchObject({ kind: 'other', count: 9 });
    expect(s.classes[13]).toMatchObject({ kind: 'none', count: 2 });
    expect(classOfValue(s, 'v0')).toBe(0);
    expect(classOfValue(s, 'v13')).toBe(12);
    expect(classOfValue(s, null)).toBe(13);
    expect(classOfValue(s, '')).toBe(13);
    expect(s.classes.reduce((n, c) => n + c.count, 0)).toBe(values.length);
  });

  it('has no "other" or "no value" entry when nothing falls there', () => {
    const s = categoryStyle('use', new Map([['07', 5]]), 0);
    expect(s.classes.map((c) => c.kind)).toEqual(['value']);
    expect(classOfValue(s, 'zz')).toBe(NO_CLASS);
    expect(classOfValue(s, undefined)).toBe(NO_CLASS);
  });
});

describe('ramp', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('breaks by quantiles on known values', () => {
    expect(rampBreaks(Float64Array.from(ten), 5, 'quantile')).toEqual([1, 3, 5, 7, 9, 10]);
    // Skewed values: quantiles follow the data, equal intervals the range.
    const skewed = [1, 1, 1, 1, 1, 1, 2, 3, 50, 100];
    // Quartile values 1, 1, 3: the repeated 1 merges, 3 classes remain.
    expect(rampBreaks(skewed, 4, 'quantile')).toEqual([1, 3, 100]);
    expect(rampBreaks(skewed, 4, 'equal')).toEqual([1, 25.75, 50.5, 75.25, 100]);
  });

  it('breaks by equal intervals on known values', () => {
    expect(rampBreaks([0, 3, 100], 4, 'equal')).toEqual([0, 25, 50, 75, 100]);
    expect(rampBreaks([7, 7, 7], 5, 'equal')).toEqual([7, 7]);
    expect(rampBreaks([], 5, 'equal')).toEqual([]);
  });

  it('puts a value at a break into the class above it, the maximum into the last class', () => {
    const breaks = [0, 25, 50, 75, 100];
    expect(rampClassOf(breaks, 0)).toBe(0);
    expect(rampClassOf(breaks, 24.999)).toBe(0);
    expect(rampClassOf(breaks, 25)).toBe(1);
    expect(rampClassOf(breaks, 75)).toBe(3);
    expect(rampClassOf(breaks, 100)).toBe(3);
    expect(rampClassOf(breaks, 100.01)).toBe(NO_CLASS);
    expect(rampClassOf(breaks, -1)).toBe(NO_CLASS);
    expect(rampClassOf(breaks, NaN)).toBe(NO_CLASS);
  });

  it('counts each class, labels ranges without units and puts NaN under "no value"', () => {
    const s = rampStyle('heightM', [...ten, NaN, NaN, NaN], 'equal', 3);
    expect(s.breaks).toEqual([1, 4, 7, 10]);
    expect(s.classes.map((c) => [c.kind, c.label, c.count])).toEqual([
      ['range', '1 – 4', 3],
      ['range', '4 – 7', 3],
      ['range', '7 – 10', 4],
      ['none', '', 3],
    ]);
    expect(classOfValue(s, 4)).toBe(1);
    expect(classOfValue(s, '7')).toBe(2);
    expect(classOfValue(s, 'abc')).toBe(3);
    expect(classOfValue(s, null)).toBe(3);
  });

  it('colours classes from the low to the high end of the ramp, distinct per class', () => {
    const s = rampStyle('v', ten, 'quantile', 5);
    const rgba = classColours(s);
    expect(rgba.length).toBe(4 * 5);
    const keys = new Set(s.classes.map((c) => c.rgba.join(',')));
    expect(keys.size).toBe(5);
    // The ramp runs from dark blue (low) to red (high).
    expect(rgba[2]).toBeGreaterThan(rgba[0]);
    expect(rgba[16]).toBeGreaterThan(rgba[18]);
  });

  it('formats breaks as short numbers', () => {
    expect(formatBreak(12.345678)).toBe('12.35');
    expect(formatBreak(0)).toBe('0');
    expect(formatBreak(123456.7)).toBe('123457');
    expect(formatBreak(-0.000123456)).toBe('-0.0001235');
  });
});

describe('default mode', () => {
  it('ramps numbers and categorises text', () => {
    expect(defaultMode('Real')).toBe('ramp');
    expect(defaultMode('Integer64')).toBe('ramp');
    expect(defaultMode('String')).toBe('categories');
    expect(defaultMode('Date')).toBe('categories');
  });
});
