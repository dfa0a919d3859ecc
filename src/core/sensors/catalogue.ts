// Datastream catalogue: SensorThings Things/Datastreams flattened to columns (thresholds, intervals, ranges) per datastream.

/** Threshold override per sensor type; absent fields keep the Datastream's own values. */
export interface ThresholdOverride {
  warningHigh?: number;
  alarmHigh?: number;
  warningLow?: number;
  alarmLow?: number;
  /** Absolute, in the Datastream's unit: a level is left only this far back inside its threshold. */
  hysteresis?: number;
  expectedIntervalS?: number;
}

export interface CatalogueOptions {
  /** Per sensor type (e.g. `gas`), applied over every Datastream of that type. */
  thresholdsByType?: Record<string, ThresholdOverride>;
  /** Default hysteresis as a fraction of the warning→alarm band (0.1). */
  hysteresisFraction?: number;
  /** For Datastreams without `properties.expectedIntervalS` (300). */
  defaultIntervalS?: number;
}

export interface CatalogueProblem {
  /** Datastream index, or -1 for a Thing-level problem. */
  index: number;
  id: string;
  message: string;
}

/** One row per Datastream; NaN marks an absent threshold, ±Infinity an absent range bound. */
export interface DatastreamCatalogue {
  count: number;
  /** Datastream `@iot.id` as a string (the id in the MQTT topic). */
  ids: string[];
  indexById: Map<string, number>;
  /** Unique Thing ids (String(`@iot.id`), as readSensorThings' `ids`) in document order. */
  thingIds: string[];
  /** Index into thingIds per Datastream. */
  thingIndex: Uint32Array;
  types: string[];
  typeIndex: Uint16Array;
  /** ObservedProperty name (e.g. `methane`). */
  property: string[];
  unitSymbol: string[];
  name: string[];
  warningHigh: Float64Array;
  alarmHigh: Float64Array;
  warningLow: Float64Array;
  alarmLow: Float64Array;
  hysteresis: Float64Array;
  expectedIntervalMs: Float64Array;
  rangeMin: Float64Array;
  rangeMax: Float64Array;
  /** lon, lat of the Thing's first Location (NaN when absent). */
  lonLatDeg: Float64Array;
  /** Metres below ground of the Thing (negative: above ground). */
  depthM: Float32Array;
  problems: CatalogueProblem[];
}

interface RawThing {
  '@iot.id'?: unknown;
  properties?: { type?: unknown };
  Locations?: { location?: { coordinates?: unknown }; properties?: { depthM?: unknown } }[];
  Datastreams?: unknown;
}

interface RawDatastream {
  '@iot.id'?: unknown;
  name?: unknown;
  unitOfMeasurement?: { symbol?: unknown };
  ObservedProperty?: { name?: unknown };
  properties?: {
    type?: unknown;
    thresholds?: Record<string, unknown>;
    expectedIntervalS?: unknown;
    rangeMin?: unknown;
    rangeMax?: unknown;
  };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** Things from `{"Things": [...]}` (the demo file) or `{"value": [...]}` (a SensorThings API `/Things?$expand=…` page). */
function thingsOf(json: unknown): RawThing[] {
  const o = json as { Things?: unknown; value?: unknown } | null;
  const things = o?.Things ?? o?.value;
  if (!Array.isArray(things))
    throw new Error('expected a JSON object with a "Things" (or SensorThings "value") array of Things with Datastreams');
  return things as RawThing[];
}

/** Flattens every Thing's Datastreams into a catalogue; problems (duplicate ids, odd thresholds) are listed, not thrown. */
export function readDatastreamCatalogue(json: unknown, options: CatalogueOptions = {}): DatastreamCatalogue {
  const things = thingsOf(json);
  const fraction = options.hysteresisFraction ?? 0.1;
  const defaultIntervalMs = (options.defaultIntervalS ?? 300) * 1000;
  const rows: { ds: RawDatastream; thing: number; type: string; lon: number; lat: number; depth: number }[] = [];
  const thingIds: string[] = [];
  const problems: CatalogueProblem[] = [];
  things.forEach((t, ti) => {
    const thingId = String(t?.['@iot.id'] ?? `#${ti}`);
    const c = t?.Locations?.[0]?.location?.coordinates as unknown[] | undefined;
    const lon = Array.isArray(c) ? num(c[0]) : NaN;
    const lat = Array.isArray(c) ? num(c[1]) : NaN;
    const depth = num(t?.Locations?.[0]?.properties?.depthM);
    const list = t?.Datastreams;
    if (!Array.isArray(list) || list.length === 0) {
      problems.push({ index: -1, id: thingId, message: 'Thing has no Datastreams' });
      return;
    }
    const thing = thingIds.push(thingId) - 1;
    for (const ds of list as RawDatastream[]) {
      const type = String(ds?.properties?.type ?? t?.properties?.type ?? '');
      rows.push({ ds, thing, type, lon, lat, depth: Number.isFinite(depth) ? depth : 0 });
    }
  });

  const n = rows.length;
  const f64 = (fill: number) => new Float64Array(n).fill(fill);
  const cat: DatastreamCatalogue = {
    count: 0,
    ids: [],
    indexById: new Map(),
    thingIds,
    thingIndex: new Uint32Array(n),
    types: [],
    typeIndex: new Uint16Array(n),
    property: [],
    unitSymbol: [],
    name: [],
    warningHigh: f64(NaN),
    alarmHigh: f64(NaN),
    warningLow: f64(NaN),
    alarmLow: f64(NaN),
    hysteresis: f64(0),
    expectedIntervalMs: f64(defaultIntervalMs),
    rangeMin: f64(-Infinity),
    rangeMax: f64(Infinity),
    lonLatDeg: new Float64Array(n * 2),
    depthM: new Float32Array(n),
    problems,
  };
  let k = 0;
  for (const row of rows) {
    const { ds } = row;
    const id = ds?.['@iot.id'];
    if ((typeof id !== 'number' && typeof id !== 'string') || String(id) === '') {
      problems.push({ index: -1, id: thingIds[row.thing], message: 'Datastream without an @iot.id' });
      continue;
    }
    const key = String(id);
    if (cat.indexById.has(key)) {
      problems.push({ index: cat.indexById.get(key)!, id: key, message: 'duplicate Datastream @iot.id (first one kept)' });
      continue;
    }
    cat.indexById.set(key, k);
    cat.ids.push(key);
    cat.thingIndex[k] = row.thing;
    let ti = cat.types.indexOf(row.type);
    if (ti < 0) ti = cat.types.push(row.type) - 1;
    cat.typeIndex[k] = ti;
    cat.property.push(String(ds.ObservedProperty?.name ?? ''));
    cat.unitSymbol.push(String(ds.unitOfMeasurement?.symbol ?? ''));
    cat.name.push(String(ds.name ?? key));
    cat.lonLatDeg[k * 2] = row.lon;
    cat.lonLatDeg[k * 2 + 1] = row.lat;
    cat.depthM[k] = row.depth;
    const p = ds.properties ?? {};
    const rangeMin = num(p.rangeMin);
    const rangeMax = num(p.rangeMax);
    if (!Number.isNaN(rangeMin)) cat.rangeMin[k] = rangeMin;
    if (!Number.isNaN(rangeMax)) cat.rangeMax[k] = rangeMax;
    const interval = num(p.expectedIntervalS);
    if (interval > 0) cat.expectedIntervalMs[k] = interval * 1000;
    applyThresholds(cat, k, p.thresholds ?? {});
    const override = options.thresholdsByType?.[row.type];
    if (override) applyThresholds(cat, k, override as Record<string, unknown>);
    if (!(num((override ?? {}).hysteresis) >= 0) && !(num(p.thresholds?.hysteresis) >= 0))
      cat.hysteresis[k] = defaultHysteresis(cat, k, fraction);
    checkThresholds(cat, k, problems);
    k++;
  }
  cat.count = k;
  return k === n ? cat : shrink(cat, k);
}

/** Reads `{warning, alarm, direction: 'above'|'below'}` (the demo's form) and/or explicit high/low levels. */
function applyThresholds(cat: DatastreamCatalogue, k: number, t: Record<string, unknown>): void {
  const warning = num(t.warning);
  const alarm = num(t.alarm);
  if (t.direction === 'below') {
    if (!Number.isNaN(warning)) cat.warningLow[k] = warning;
    if (!Number.isNaN(alarm)) cat.alarmLow[k] = alarm;
  } else if (t.direction === 'above' || t.direction === undefined) {
    if (!Number.isNaN(warning)) cat.warningHigh[k] = warning;
    if (!Number.isNaN(alarm)) cat.alarmHigh[k] = alarm;
  }
  for (const [key, column] of [
    ['warningHigh', cat.warningHigh],
    ['alarmHigh', cat.alarmHigh],
    ['warningLow', cat.warningLow],
    ['alarmLow', cat.alarmLow],
  ] as const) {
    const v = num(t[key]);
    if (!Number.isNaN(v)) column[k] = v;
  }
  const h = num(t.hysteresis);
  if (h >= 0) cat.hysteresis[k] = h;
  const interval = num(t.expectedIntervalS);
  if (interval > 0) cat.expectedIntervalMs[k] = interval * 1000;
}

/** A fraction of the narrowest warning→alarm band; without a band, of a tenth of the sane range (or the level). */
function defaultHysteresis(cat: DatastreamCatalogue, k: number, fraction: number): number {
  const bands = [Math.abs(cat.alarmHigh[k] - cat.warningHigh[k]), Math.abs(cat.warningLow[k] - cat.alarmLow[k])].filter((b) => b > 0);
  if (bands.length) return fraction * Math.min(...bands);
  const width = cat.rangeMax[k] - cat.rangeMin[k];
  if (Number.isFinite(width) && width > 0) return fraction * 0.1 * width;
  const level = [cat.warningHigh[k], cat.alarmHigh[k], cat.warningLow[k], cat.alarmLow[k]].find((v) => !Number.isNaN(v));
  return level === undefined ? 0 : fraction * 0.1 * Math.abs(level);
}

function checkThresholds(cat: DatastreamCatalogue, k: number, problems: CatalogueProblem[]): void {
  const id = cat.ids[k];
  if (cat.warningHigh[k] > cat.alarmHigh[k])
    problems.push({ index: k, id, message: `high warning ${cat.warningHigh[k]} above high alarm ${cat.alarmHigh[k]}` });
  if (cat.warningLow[k] < cat.alarmLow[k])
    problems.push({ index: k, id, message: `low warning ${cat.warningLow[k]} below low alarm ${cat.alarmLow[k]}` });
  if (cat.rangeMin[k] > cat.rangeMax[k])
    problems.push({ index: k, id, message: `rangeMin ${cat.rangeMin[k]} above rangeMax ${cat.rangeMax[k]}` });
}

function shrink(cat: DatastreamCatalogue, n: number): DatastreamCatalogue {
  return {
    ...cat,
    count: n,
    thingIndex: cat.thingIndex.slice(0, n),
    typeIndex: cat.typeIndex.slice(0, n),
    warningHigh: cat.warningHigh.slice(0, n),
    alarmHigh: cat.alarmHigh.slice(0, n),
    warningLow: cat.warningLow.slice(0, n),
    alarmLow: cat.alarmLow.slice(0, n),
    hysteresis: cat.hysteresis.slice(0, n),
    expectedIntervalMs: cat.expectedIntervalMs.slice(0, n),
    rangeMin: cat.rangeMin.slice(0, n),
    rangeMax: cat.rangeMax.slice(0, n),
    lonLatDeg: cat.lonLatDeg.slice(0, n * 2),
    depthM: cat.depthM.slice(0, n),
  };
}

/** Datastream indices of one Thing (e.g. every stream of a station that went silent). */
export function datastreamsOfThing(cat: DatastreamCatalogue, thing: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < cat.count; i++) if (cat.thingIndex[i] === thing) out.push(i);
  return out;
}
