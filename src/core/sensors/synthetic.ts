// Synthetic SensorThings documents and message streams of any size, for benchmarks and load tests (Node and browser).
import { SENSOR_TYPE_IDS, type DemoConfig } from '../demo/config';
import { buildSensorThings, SENSOR_SPECS, type SensorCandidates } from '../demo/sensors';
import { observationPayload, observationTopic } from './validate';

/** The bench's sensor kinds: the demo's first stream of each type (thresholds, interval, range) and a baseline value. */
const KINDS = (
  [
    ['gas', 3],
    ['water_pressure', 0.4],
    ['manhole_cover', 1],
    ['elevator', 0.2],
  ] as const
).map(([type, base]) => {
  const st = SENSOR_SPECS[type].streams[0];
  return {
    type,
    property: st.property,
    symbol: st.unit.symbol,
    thresholds: { warning: st.warning, alarm: st.alarm, direction: st.direction },
    intervalS: st.expectedIntervalS,
    min: st.rangeMin,
    max: st.rangeMax,
    base,
  };
});

/** `{"Things": [...]}` with n Things of one Datastream each (ids 1..n), on a grid around Zhengzhou. */
export function syntheticThings(n: number): { Things: object[] } {
  const side = Math.ceil(Math.sqrt(n));
  const things: object[] = [];
  for (let i = 0; i < n; i++) {
    const k = KINDS[i % KINDS.length];
    things.push({
      '@iot.id': i + 1,
      properties: { type: k.type },
      Locations: [{ location: { type: 'Point', coordinates: [113.6 + (i % side) * 1e-3, 34.7 + Math.floor(i / side) * 1e-3] } }],
      Datastreams: [
        {
          '@iot.id': i + 1,
          name: `${k.type} ${i + 1}`,
          unitOfMeasurement: { symbol: k.symbol },
          ObservedProperty: { name: k.property },
          properties: { type: k.type, thresholds: k.thresholds, expectedIntervalS: k.intervalS, rangeMin: k.min, rangeMax: k.max },
        },
      ],
    });
  }
  return { Things: things };
}

/** `count` messages round-robin over datastreams 1..n, one second apart per round, values near each kind's baseline. */
export function syntheticMessages(n: number, count: number, startMs: number): { topic: string[]; payload: string[] } {
  const topics = Array.from({ length: n }, (_, i) => observationTopic(i + 1));
  const topic: string[] = new Array(count);
  const payload: string[] = new Array(count);
  for (let m = 0; m < count; m++) {
    const i = m % n;
    const k = KINDS[i % KINDS.length];
    topic[m] = topics[i];
    const wobble = 1 + 0.05 * Math.sin(m * 0.618);
    payload[m] = observationPayload(startMs + Math.floor(m / n) * 1000, Math.round(k.base * wobble * 1e4) / 1e4);
  }
  return { topic, payload };
}

/** The demo generator's Things (every type, its real thresholds and intervals) with `perType` sensors each, placed on a line per type. */
export function demoSensorThings(perType: number, seed = 1): { Things: object[] } {
  const candidates = {} as SensorCandidates;
  SENSOR_TYPE_IDS.forEach((type, t) => {
    candidates[type] = Array.from({ length: perType }, (_, k) => ({
      assetId: `${type}-${k + 1}`,
      assetKind: 'road' as const,
      lon: 113.6 + k * 2e-3,
      lat: 34.7 + t * 2e-3,
      depthM: 0,
    }));
  });
  const sensors = Object.fromEntries(SENSOR_TYPE_IDS.map((type) => [type, perType])) as DemoConfig['sensors'];
  return { Things: buildSensorThings({ seed, sensors } as DemoConfig, candidates).things };
}
