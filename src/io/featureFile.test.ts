import { geojson } from 'flatgeobuf';
import { describe, expect, it } from 'vitest';
import { DataFileError, readFeatures } from './featureFile';

const enc = (s: string) => new TextEncoder().encode(s);
const collection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [113.6, 34.7] }, properties: { id: 'a', n: 1 } }],
};

describe('readFeatures', () => {
  it('reads GeoJSON', async () => {
    expect((await readFeatures(enc(JSON.stringify(collection)), 'x.geojson'))[0].properties).toEqual({ id: 'a', n: 1 });
  });
  it('reads FlatGeobuf by its magic bytes', async () => {
    const bytes = geojson.serialize(collection as never);
    const features = await readFeatures(bytes, 'x.fgb');
    expect(features).toHaveLength(1);
    expect(features[0].properties?.id).toBe('a');
  });
  it('names the file when JSON is broken or not a FeatureCollection', async () => {
    await expect(readFeatures(enc('{"type": "Feat'), 'broken.geojson')).rejects.toThrow(DataFileError);
    await expect(readFeatures(enc('{"type": "Feat'), 'broken.geojson')).rejects.toThrow(/broken\.geojson: not valid JSON/);
    await expect(readFeatures(enc('[]'), 'arr.geojson')).rejects.toThrow(/arr\.geojson: expected a GeoJSON FeatureCollection/);
  });
  // Regression: flatgeobuf looped forever on a cut header and returned fewer features on a cut body.
  it('names the file when FlatGeobuf bytes are truncated, never hangs or loses features silently', async () => {
    const many = {
      type: 'FeatureCollection',
      features: [1, 2, 3].map((i) => ({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [i, 0],
              [i, i],
              [0, 0],
            ],
          ],
        },
        properties: { id: `p${i}` },
      })),
    };
    const bytes = geojson.serialize(many as never);
    expect(await readFeatures(bytes, 'whole.fgb')).toHaveLength(3);
    for (const cut of [9, 12, 40, 100, 200, 300, 400, bytes.length - 5]) {
      await expect(readFeatures(bytes.subarray(0, cut), 'cut.fgb'), `cut at ${cut}`).rejects.toThrow(/^cut\.fgb: /);
    }
  });
});
