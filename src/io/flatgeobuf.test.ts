import { describe, expect, it } from 'vitest';
import type { LayerSchema } from '../core/demo/sink';
import { concatBytes, FlatGeobufWriter } from './flatgeobuf';
import { readFeatures } from './featureFile';
import { LayerWriter } from './layerWriter';

const schema: LayerSchema = {
  geometryType: 'Polygon',
  columns: [
    { name: 'id', type: 'string' },
    { name: 'floors', type: 'int' },
    { name: 'heightM', type: 'double' },
    { name: 'name', type: 'string' },
    { name: 'conditions', type: 'json' },
  ],
};
const square = [113.6, 34.7, 113.601, 34.7, 113.601, 34.701, 113.6, 34.701, 113.6, 34.7];
const hole = [113.6002, 34.7002, 113.6002, 34.7004, 113.6004, 34.7004, 113.6004, 34.7002, 113.6002, 34.7002];

describe('FlatGeobuf', () => {
  it('round-trips geometry (holes included), typed columns, JSON and nulls', async () => {
    const w = new FlatGeobufWriter(schema);
    w.add(
      { type: 'Polygon', coords: square, ringEnds: [5] },
      { id: 'B-1', floors: 6, heightM: 18.9, name: '一号楼', conditions: { farMax: 2.5, setbacksM: { red: 8 } } },
    );
    w.add(
      { type: 'Polygon', coords: [...square, ...hole], ringEnds: [5, 10] },
      { id: 'B-2', floors: 33, heightM: 99.9, name: undefined, conditions: null },
    );
    const bytes = concatBytes(w.finish());
    const features = await readFeatures(bytes, 'test.fgb');
    expect(features).toHaveLength(2);
    expect(features[0].properties).toEqual({
      id: 'B-1',
      floors: 6,
      heightM: 18.9,
      name: '一号楼',
      conditions: { farMax: 2.5, setbacksM: { red: 8 } },
    });
    // Null and absent values are left out of the file.
    expect(features[1].properties).toEqual({ id: 'B-2', floors: 33, heightM: 99.9 });
    const rings = features[1].geometry?.coordinates as number[][][];
    expect(rings).toHaveLength(2);
    expect(rings[1][1]).toEqual([113.6002, 34.7004]);
  });

  it('rejects a geometry of the wrong type and unreadable bytes', async () => {
    const w = new FlatGeobufWriter(schema);
    expect(() => w.add({ type: 'LineString', coords: [0, 0, 1, 1] }, { id: 'x' })).toThrow(/Polygon/);
    await expect(readFeatures(Uint8Array.from([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 0, 9, 9, 9, 9, 9]), 'bad.fgb')).rejects.toThrow(
      /^bad\.fgb: /,
    );
  });

  it('LayerWriter picks GeoJSON up to the threshold and FlatGeobuf above it', async () => {
    const small = new LayerWriter(schema, 2);
    small.add({ type: 'Polygon', coords: square, ringEnds: [5] }, { id: 'a' });
    small.add({ type: 'Polygon', coords: square, ringEnds: [5] }, { id: 'b' });
    const s = small.finish();
    expect(s.format).toBe('geojson');
    expect(JSON.parse(s.chunks[0] as string).features).toHaveLength(2);
    small.add({ type: 'Polygon', coords: square, ringEnds: [5] }, { id: 'c' });
    const big = small.finish();
    expect(big.format).toBe('fgb');
    const features = await readFeatures(concatBytes(big.chunks as Uint8Array[]), 'big.fgb');
    expect(features.map((f) => f.properties?.id)).toEqual(['a', 'b', 'c']);
  });
});
