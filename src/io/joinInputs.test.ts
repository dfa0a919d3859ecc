import { describe, expect, it } from 'vitest';
import { decodeJoinInputs, encodeJoinInputs, joinInputsName, sourceKey, type JoinInputs } from './joinInputs';

const source = new Uint8Array(600_000).map((_, i) => (i * 31) & 0xff);

function sample(): JoinInputs {
  return {
    zone: 38,
    source: sourceKey(source),
    pointsXyM: Float64Array.from([38_500_000.25, 3_850_000.5, 38_500_010.75, 3_850_020.125, 1, 2]),
    areaM2: Float64Array.from([120.5, 88.123456789, 0]),
    floors: Float32Array.from([6, NaN, 1]),
    useIndex: Uint16Array.from([0, 1, 0]),
    useTable: ['R', '商业'],
  };
}

describe('join inputs file', () => {
  it('round-trips every column, the zone, the key and a non-ASCII use table', () => {
    const inputs = sample();
    const back = decodeJoinInputs(encodeJoinInputs(inputs), 'b.join.bin', { zone: 38, count: 3, source: sourceKey(source) });
    expect(back).toEqual(inputs);
  });

  it('refuses a file made from another buildings file as stale', () => {
    const changed = source.slice();
    changed[295_400] ^= 1; // inside the 32nd sampled block
    const bytes = encodeJoinInputs(sample());
    expect(() => decodeJoinInputs(bytes, 'b.join.bin', { source: sourceKey(changed) })).toThrow(/another version of the buildings file/);
    expect(() => decodeJoinInputs(bytes, 'b.join.bin', { count: 4 })).toThrow(/made for 3 buildings, the city has 4/);
    expect(() => decodeJoinInputs(bytes, 'b.join.bin', { zone: 39 })).toThrow(/zone 38/);
    try {
      decodeJoinInputs(bytes, 'b.join.bin', { count: 4 });
    } catch (err) {
      expect((err as { stale: boolean }).stale).toBe(true);
    }
  });

  it('keys a file by its length and its sampled bytes', () => {
    const longer = new Uint8Array(source.length + 1);
    longer.set(source);
    expect(sourceKey(longer)).not.toEqual(sourceKey(source));
    const head = source.slice();
    head[10] ^= 0xff;
    expect(sourceKey(head).hash).not.toBe(sourceKey(source).hash);
  });

  it('refuses a truncated file with a clear error, not as stale', () => {
    const bytes = encodeJoinInputs(sample());
    expect(() => decodeJoinInputs(bytes.subarray(0, bytes.length - 3), 'b.join.bin')).toThrow(
      /b\.join\.bin: truncated: \d+ bytes, 3 buildings need \d+/,
    );
    expect(() => decodeJoinInputs(bytes.subarray(0, 20), 'b.join.bin')).toThrow(/truncated: 20 bytes, the header alone is 48/);
    try {
      decodeJoinInputs(bytes.subarray(0, 60), 'b.join.bin');
    } catch (err) {
      expect((err as { stale: boolean }).stale).toBe(false);
    }
  });

  it('refuses a file that is not one', () => {
    expect(() => decodeJoinInputs(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}  ...........'), 'x')).toThrow(
      /not a join-inputs file/,
    );
  });

  it('is named beside the buildings file', () => {
    expect(joinInputsName('data/buildings.fgb')).toBe('data/buildings.join.bin');
    expect(joinInputsName('buildings.geojson')).toBe('buildings.join.bin');
  });
});
