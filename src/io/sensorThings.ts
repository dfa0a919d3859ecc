// Reads SensorThings Things (with Locations and Datastreams) into sensor positions and types.
import { DataFileError } from './featureFile';
import type { SensorsData } from './layerData';
import { featureProblem, type FeatureProblem } from './packGeoJson';

interface Thing {
  '@iot.id'?: unknown;
  properties?: { type?: unknown };
  Locations?: { location?: { coordinates?: unknown }; properties?: { depthM?: unknown } }[];
  Datastreams?: unknown[];
}

export function readSensorThings(json: unknown, file: string): { data: SensorsData; things: Thing[] } {
  const things = (json as { Things?: unknown })?.Things;
  if (!Array.isArray(things)) throw new DataFileError(file, { kind: 'not-sensorthings-things', params: {} });
  const lonLat = new Float64Array(things.length * 2);
  const depth = new Float32Array(things.length);
  const elevation = new Float32Array(things.length).fill(NaN);
  const typeIndex = new Uint16Array(things.length);
  const types: string[] = [];
  const ids: string[] = [];
  const problems: FeatureProblem[] = [];
  const kept: Thing[] = [];
  let datastreams = 0;
  (things as Thing[]).forEach((t, index) => {
    const id = String(t?.['@iot.id'] ?? `#${index}`);
    const c = t?.Locations?.[0]?.location?.coordinates as number[] | undefined;
    if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) {
      problems.push(featureProblem(file, index, id, { kind: 'thing-no-location', params: {} }));
      return;
    }
    const n = kept.length;
    lonLat[n * 2] = c[0];
    lonLat[n * 2 + 1] = c[1];
    const d = Number(t.Locations?.[0]?.properties?.depthM ?? 0);
    depth[n] = Number.isFinite(d) ? d : 0;
    if (Number.isFinite(c[2])) elevation[n] = c[2];
    const type = String(t.properties?.type ?? '');
    let k = types.indexOf(type);
    if (k < 0) k = types.push(type) - 1;
    typeIndex[n] = k;
    ids.push(id);
    kept.push(t);
    datastreams += Array.isArray(t.Datastreams) ? t.Datastreams.length : 0;
  });
  const n = kept.length;
  return {
    data: {
      lonLatDeg: lonLat.slice(0, n * 2),
      depthM: depth.slice(0, n),
      elevationM: elevation.slice(0, n),
      typeIndex: typeIndex.slice(0, n),
      types,
      ids,
      datastreamCount: datastreams,
      problems,
    },
    things: kept,
  };
}
