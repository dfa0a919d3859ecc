// IoT sensor metadata as OGC SensorThings Things with Locations and Datastreams, placed on matching assets.
import { SENSOR_TYPE_IDS, type DemoConfig, type SensorType } from './config';
import { Rng } from '../util/random';
import { STREAM } from './streams';

export interface SensorCandidate {
  assetId: string;
  assetKind: 'pipeline' | 'building' | 'road' | 'parcel' | 'grid';
  lon: number;
  lat: number;
  /** Positive below ground, 0 at the surface, negative above ground. */
  depthM: number;
  /** Absolute height (m, the DEM's datum) where it is mounted on a building, e.g. its roof: written as the Point's z. */
  elevationM?: number;
}

export type SensorCandidates = Record<SensorType, SensorCandidate[]>;

interface StreamSpec {
  property: string;
  label: string;
  unit: { name: string; symbol: string; definition: string };
  warning: number;
  alarm: number;
  direction: 'above' | 'below';
  expectedIntervalS: number;
  rangeMin: number;
  rangeMax: number;
}

const QUDT = 'http://qudt.org/vocab/unit/';
const unit = (name: string, symbol: string, code: string) => ({ name, symbol, definition: QUDT + code });
const DEG = unit('degree', '°', 'DEG');
const MPA = unit('megapascal', 'MPa', 'MegaPA');
const PCT = unit('percent', '%', 'PERCENT');
const UGM3 = unit('microgram per cubic metre', 'µg/m³', 'MicroGM-PER-M3');

const s = (
  property: string,
  label: string,
  u: StreamSpec['unit'],
  warning: number,
  alarm: number,
  direction: 'above' | 'below',
  expectedIntervalS: number,
  rangeMin: number,
  rangeMax: number,
): StreamSpec => ({ property, label, unit: u, warning, alarm, direction, expectedIntervalS, rangeMin, rangeMax });

export const SENSOR_SPECS: Record<SensorType, { label: string; code: string; streams: StreamSpec[] }> = {
  manhole_cover: { label: '井盖监测', code: 'MC', streams: [s('tilt', '倾角', DEG, 5, 15, 'above', 300, 0, 90)] },
  hydrant: { label: '消火栓监测', code: 'HY', streams: [s('pressure', '水压', MPA, 0.15, 0.1, 'below', 300, 0, 1.6)] },
  gas: {
    label: '燃气泄漏监测',
    code: 'GS',
    streams: [s('methane', '甲烷浓度', unit('percent of lower explosive limit', '%LEL', 'PERCENT'), 10, 25, 'above', 60, 0, 100)],
  },
  water_pressure: { label: '供水管网压力监测', code: 'WP', streams: [s('pressure', '管网压力', MPA, 0.2, 0.15, 'below', 60, 0, 1.6)] },
  utility_tunnel: {
    label: '综合管廊监测',
    code: 'UT',
    streams: [
      s('temperature', '温度', unit('degree Celsius', '°C', 'DEG_C'), 40, 50, 'above', 60, -10, 80),
      s('oxygen', '氧气浓度', PCT, 19.5, 18, 'below', 60, 0, 25),
    ],
  },
  air_quality: {
    label: '环境空气质量监测站',
    code: 'AQ',
    streams: [s('pm2_5', 'PM2.5', UGM3, 75, 115, 'above', 3600, 0, 1000), s('pm10', 'PM10', UGM3, 150, 250, 'above', 3600, 0, 2000)],
  },
  elevator: {
    label: '电梯运行监测',
    code: 'EL',
    streams: [
      s('vibration', '振动加速度', unit('metre per second squared', 'm/s²', 'M-PER-SEC2'), 0.5, 1, 'above', 10, 0, 10),
      s('leveling_error', '平层误差', unit('millimetre', 'mm', 'MilliM'), 10, 20, 'above', 60, 0, 100),
    ],
  },
  parking: { label: '停车场', code: 'PK', streams: [s('occupancy', '车位占用率', PCT, 90, 98, 'above', 300, 0, 100)] },
  street_light: { label: '智慧路灯', code: 'SL', streams: [s('tilt', '灯杆倾角', DEG, 3, 5, 'above', 900, 0, 90)] },
  bridge: {
    label: '桥梁结构监测',
    code: 'BR',
    streams: [
      s('deflection', '挠度', unit('millimetre', 'mm', 'MilliM'), 20, 40, 'above', 60, 0, 200),
      s('strain', '应变', unit('microstrain', 'µε', 'MicroSTRAIN'), 300, 500, 'above', 60, -1000, 1000),
    ],
  },
};

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Exactly min(target, candidates) items, each equally likely (selection sampling), in candidate order. */
export function sampleExactly<T>(items: T[], target: number, rng: Rng): T[] {
  const out: T[] = [];
  let needed = Math.min(target, items.length);
  for (let i = 0; i < items.length && needed > 0; i++) {
    if (rng.next() * (items.length - i) < needed) {
      out.push(items[i]);
      needed--;
    }
  }
  return out;
}

export function buildSensorThings(
  config: DemoConfig,
  candidates: SensorCandidates,
): { things: object[]; datastreams: number; byType: Record<SensorType, number> } {
  const things: object[] = [];
  const byType = {} as Record<SensorType, number>;
  let dsId = 0;
  SENSOR_TYPE_IDS.forEach((type, ti) => {
    const spec = SENSOR_SPECS[type];
    const chosen = sampleExactly(candidates[type], config.sensors[type], new Rng(config.seed, STREAM.sensor, ti));
    byType[type] = chosen.length;
    chosen.forEach((c, k) => {
      const name = `${spec.label} ${spec.code}-${String(k + 1).padStart(5, '0')}`;
      things.push({
        '@iot.id': things.length + 1,
        name,
        description: `${spec.label}，监测对象 ${c.assetId}`,
        properties: { type, assetId: c.assetId, assetKind: c.assetKind },
        Locations: [
          {
            name: `${name} 安装位置`,
            encodingType: 'application/geo+json',
            // On a building the Point carries the mount's height (GeoJSON z): the roof, whatever the ground does there.
            location: {
              type: 'Point',
              coordinates: c.elevationM === undefined ? [round7(c.lon), round7(c.lat)] : [round7(c.lon), round7(c.lat), c.elevationM],
            },
            properties: { depthM: c.depthM },
          },
        ],
        Datastreams: spec.streams.map((st) => ({
          '@iot.id': ++dsId,
          name: `${name} ${st.label}`,
          description: `${st.label}（${st.unit.symbol}）`,
          observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
          unitOfMeasurement: st.unit,
          ObservedProperty: { name: st.property, definition: `urn:cim:observedProperty:${st.property}`, description: st.label },
          properties: {
            type,
            thresholds: { warning: st.warning, alarm: st.alarm, direction: st.direction },
            expectedIntervalS: st.expectedIntervalS,
            rangeMin: st.rangeMin,
            rangeMax: st.rangeMax,
          },
        })),
      });
    });
  });
  return { things, datastreams: dsId, byType };
}
