import { describe, expect, it } from 'vitest';
import { readSensorThings } from './sensorThings';

describe('readSensorThings', () => {
  it('reads positions, depth and types of Things and counts Datastreams', () => {
    const json = {
      Things: [
        {
          '@iot.id': 't1',
          properties: { type: 'gas' },
          Locations: [{ location: { type: 'Point', coordinates: [113.6, 34.7] }, properties: { depthM: 1.2 } }],
          Datastreams: [{}, {}],
        },
        {
          '@iot.id': 't2',
          properties: { type: 'elevator' },
          Locations: [{ location: { type: 'Point', coordinates: [113.7, 34.8, 142.5] } }],
          Datastreams: [{}],
        },
        { '@iot.id': 't3', properties: { type: 'gas' }, Locations: [] },
      ],
    };
    const { data } = readSensorThings(json, 's.json');
    expect(data.ids).toEqual(['t1', 't2']);
    expect(Array.from(data.lonLatDeg)).toEqual([113.6, 34.7, 113.7, 34.8]);
    expect(data.depthM[0]).toBeCloseTo(1.2, 6);
    expect(data.depthM[1]).toBe(0);
    // A Point's z is the mount's absolute height (a roof).
    expect(data.elevationM[0]).toBeNaN();
    expect(data.elevationM[1]).toBeCloseTo(142.5, 3);
    expect(data.types).toEqual(['gas', 'elevator']);
    expect(data.datastreamCount).toBe(3);
    expect(data.problems).toEqual([expect.objectContaining({ id: 't3', file: 's.json' })]);
  });
  it('rejects a document without Things, naming the file', () => {
    expect(() => readSensorThings({ value: [] }, 'bad.json')).toThrow(/bad\.json: expected a JSON object with a "Things" array/);
  });
});
