// A sensor's height: its Location's z when it has one (a roof mount), else its depth below the terrain.
import { describe, expect, it } from 'vitest';
import { sensorHeightM } from './sensorHeight';

describe('sensorHeightM', () => {
  const sensors = {
    // A buried gas sensor, a roof-mounted one 40 m above ground (z = 152), one mounted 2 m above ground without a z.
    depthM: Float32Array.from([1.5, -40, -2]),
    elevationM: Float32Array.from([NaN, 152, NaN]),
    groundM: Float32Array.from([110, 112, 108]),
  };

  it('puts a sensor without a z at its depth below (or above) the terrain', () => {
    expect(sensorHeightM(sensors, 0)).toBeCloseTo(108.5, 5);
    expect(sensorHeightM(sensors, 2)).toBeCloseTo(110, 5);
  });

  it('puts a sensor with a z at that z, whatever the terrain and depth say', () => {
    expect(sensorHeightM(sensors, 1)).toBe(152);
    expect(sensorHeightM({ ...sensors, groundM: Float32Array.from([0, 0, 0]) }, 1)).toBe(152);
  });
});
