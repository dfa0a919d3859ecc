/* eslint-disable @typescript-eslint/no-explicit-any -- walks the generated files as loose JSON */
// The demo city as written, for sensors and terrain: SensorThings Things on their assets, and the DEM GeoTIFF.
import { describe, expect, it } from 'vitest';
import { toGkFlat } from '../core/crs/gk';
import { SENSOR_TYPE_IDS } from '../core/demo/config';
import { demHeightM } from '../core/demo/dem';
import { pointInPolygon } from '../core/geom/pointInPolygon';
import { snapToPipe } from '../core/sensors/placement';
import { readGeoTiffFloat32 } from './geotiff';
import { text, toPoly, demoLayersBeforeAll } from './demoOutput.fixture';

const city = demoLayersBeforeAll();

describe('demo city files (small): sensors and DEM', () => {
  it('writes SensorThings Things of every type inside the city, with thresholds', () => {
    const { Things } = JSON.parse(text(city.out, city.manifest.files.sensors));
    expect(Things).toHaveLength(city.manifest.counts.sensors);
    const types = new Set(Things.map((t: any) => t.properties.type));
    expect([...types].sort()).toEqual([...SENSOR_TYPE_IDS].sort());
    const [w, s, e, n] = city.manifest.bboxLonLatDeg;
    let streams = 0;
    const bad: string[] = [];
    for (const t of Things) {
      const [lon, lat] = t.Locations[0].location.coordinates;
      if (!(lon >= w && lon <= e && lat >= s && lat <= n)) bad.push(`Thing ${t['@iot.id']} outside the city`);
      if (typeof t.Locations[0].properties.depthM !== 'number') bad.push(`Thing ${t['@iot.id']} has no depthM`);
      for (const d of t.Datastreams) {
        const p = d.properties;
        if (!['above', 'below'].includes(p.thresholds.direction) || !(p.rangeMax > p.rangeMin)) bad.push(`Datastream ${d['@iot.id']}`);
        streams++;
      }
    }
    expect(bad).toEqual([]);
    expect(streams).toBe(city.manifest.counts.datastreams);
    expect(streams).toBeGreaterThanOrEqual(1000);
    expect(streams).toBeLessThanOrEqual(2000);
    const elevators = Things.filter((t: any) => t.properties.type === 'elevator');
    expect(elevators.every((t: any) => t.Locations[0].properties.depthM < 0)).toBe(true);
  });

  it('puts sensors on their assets: pipe sensors on their pipeline at its interpolated cover depth, manhole covers at ground on the drain, lifts on their roof', () => {
    const { Things } = JSON.parse(text(city.out, city.manifest.files.sensors));
    const pipes = new Map(city.layers.pipelines.map((f) => [f.properties.id, f]));
    const buildings = new Map(city.layers.buildings.map((f) => [f.properties.id, f]));
    const bad: string[] = [];
    let onPipes = 0;
    let onRoofs = 0;
    for (const t of Things) {
      const { type, assetId, assetKind } = t.properties;
      const loc = t.Locations[0];
      const [lon, lat, z] = loc.location.coordinates;
      if (assetKind === 'pipeline') {
        const pipe = pipes.get(assetId);
        if (!pipe) {
          bad.push(`${t['@iot.id']}: no pipeline ${assetId}`);
          continue;
        }
        const p = snapToPipe(pipe.geometry.coordinates.flat(), pipe.properties.startDepthM, pipe.properties.endDepthM, lon, lat);
        const expectedDepth = type === 'gas' || type === 'water_pressure' ? p.depthM : 0;
        // Hydrants stand at the kerb beside the main; the others sit on it.
        if (type !== 'hydrant' && p.distanceM > 0.5) bad.push(`${t['@iot.id']} (${type}) ${p.distanceM.toFixed(2)} m off ${assetId}`);
        if (Math.abs(loc.properties.depthM - expectedDepth) > 0.011)
          bad.push(`${t['@iot.id']} (${type}) depth ${loc.properties.depthM}, pipe there ${p.depthM.toFixed(2)}`);
        if (type === 'manhole_cover' && pipe.properties.kind !== 'drainage')
          bad.push(`${t['@iot.id']}: manhole on ${pipe.properties.kind}`);
        onPipes++;
      }
      if (type === 'elevator') {
        const b = buildings.get(assetId);
        const poly = b && toPoly(b);
        const [x, y] = toGkFlat([lon, lat], 38, new Float64Array(2)) as Float64Array;
        if (!b || !poly || !pointInPolygon(x, y, poly.xy, poly.ends)) bad.push(`${t['@iot.id']}: not inside building ${assetId}`);
        else if (Math.abs(z - (b.properties.baseM + b.properties.heightM)) > 0.011)
          bad.push(`${t['@iot.id']}: z ${z}, roof ${b.properties.baseM + b.properties.heightM}`);
        onRoofs++;
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(onPipes).toBeGreaterThan(100);
    expect(onRoofs).toBeGreaterThan(10);
  });

  it('writes a DEM GeoTIFF that reads back with the manifest bbox and covers the data', async () => {
    const bytes = city.out.files.find((f) => f.name === city.manifest.files.dem)!.chunks[0] as Uint8Array;
    const r = await readGeoTiffFloat32(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect([r.width, r.height]).toEqual([city.manifest.dem.width, city.manifest.dem.height]);
    r.bboxLonLatDeg.forEach((v, i) => expect(v).toBeCloseTo(city.manifest.dem.bboxLonLatDeg[i], 9));
    const [w, s, e, n] = city.manifest.bboxLonLatDeg;
    expect(r.bboxLonLatDeg[0] < w && r.bboxLonLatDeg[1] < s && r.bboxLonLatDeg[2] > e && r.bboxLonLatDeg[3] > n).toBe(true);
    const dLon = (r.bboxLonLatDeg[2] - r.bboxLonLatDeg[0]) / r.width;
    const dLat = (r.bboxLonLatDeg[3] - r.bboxLonLatDeg[1]) / r.height;
    for (const [i, j] of [
      [0, 0],
      [r.width - 1, r.height - 1],
      [17, 42],
    ]) {
      const v = demHeightM(r.bboxLonLatDeg[0] + (i + 0.5) * dLon, r.bboxLonLatDeg[3] - (j + 0.5) * dLat);
      expect(r.values[j * r.width + i]).toBeCloseTo(v, 3);
    }
    expect(city.manifest.dem.minM).toBeGreaterThan(80);
    expect(city.manifest.dem.maxM).toBeLessThan(150);
  });
});
