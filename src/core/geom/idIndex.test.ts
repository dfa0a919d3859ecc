import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random';
import { idIndex } from './idIndex';

describe('idIndex', () => {
  it('finds every row as a Map would, duplicates and misses included', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      // Short alphabets make duplicates and hash-slot collisions common.
      const alphabet = ['a', 'b', 'B-', '0', '1', '网', '格', '\u0000', '😀'];
      const word = () =>
        Array.from({ length: Math.floor(rng.next() * 5) }, () => alphabet[Math.floor(rng.next() * alphabet.length)]).join('');
      const ids = Array.from({ length: Math.floor(rng.next() * 400) }, word);
      const reference = new Map<string, number>();
      ids.forEach((id, i) => reference.set(id, i));
      const index = idIndex(ids);
      expect(index.size).toBe(reference.size);
      for (const [id, row] of reference) expect(index.get(id)).toBe(row);
      for (let k = 0; k < 200; k++) {
        const probe = word() + (rng.next() < 0.5 ? 'x' : '');
        expect(index.get(probe)).toBe(reference.get(probe));
      }
    }
  });

  it('handles an empty column and a city-sized one', () => {
    expect(idIndex([]).get('B-0000001')).toBeUndefined();
    const ids = Array.from({ length: 200_000 }, (_, i) => `B-${String(i).padStart(7, '0')}`);
    const index = idIndex(ids);
    expect(index.size).toBe(ids.length);
    for (let i = 0; i < ids.length; i += 997) expect(index.get(ids[i])).toBe(i);
    expect(index.get('B-0200000')).toBeUndefined();
  });
});
