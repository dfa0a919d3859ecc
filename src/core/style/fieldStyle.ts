// The one rule for colouring a layer by one of its fields: categories (distinct values, most frequent first, a fixed
// palette, the rest "other") or a ramp for numbers (quantile or equal-interval classes); null/missing is "no value".
// Built from all the field's values (in the overlay worker), it gives each value's class and the legend with counts.
import { rampRgb, type Ramp } from './buildingStyles';

export type FieldStyleMode = 'categories' | 'ramp';
export type RampBreaks = 'quantile' | 'equal';

/** What a legend entry stands for: one value, a numeric class, the other values, or features without a value. */
export type StyleClassKind = 'value' | 'range' | 'other' | 'none';

export interface StyleClass {
  kind: StyleClassKind;
  /** The value, or the range "10 – 20" with units-free numbers; empty for 'other' and 'none' (the UI words them). */
  label: string;
  rgba: [number, number, number, number];
  count: number;
}

export interface FieldStyle {
  field: string;
  mode: FieldStyleMode;
  /** Legend order: values or ranges, then 'other' (categories past the palette), then 'none'. */
  classes: StyleClass[];
  /** Categories: the value of each 'value' class, in class order. */
  values: string[];
  /** Ramp: class boundaries, ascending (classes + 1 of them); class i holds [b_i, b_i+1), the last also its top. */
  breaks: number[];
}

/** Class index for values outside every class (never drawn). */
export const NO_CLASS = 255;

/** Qualitative colours, saturated enough to read on imagery and from across the room on a video wall. */
export const CATEGORY_PALETTE: readonly [number, number, number][] = [
  [31, 120, 230],
  [255, 127, 14],
  [44, 170, 44],
  [220, 38, 40],
  [148, 103, 220],
  [255, 215, 0],
  [227, 119, 194],
  [23, 200, 215],
  [140, 86, 75],
  [188, 200, 34],
  [0, 128, 128],
  [106, 61, 154],
];
const OTHER_RGBA: [number, number, number, number] = [170, 170, 170, 200];
const NONE_RGBA: [number, number, number, number] = [90, 90, 90, 140];
const FILL_ALPHA = 215;

/** Default number of ramp classes. */
export const RAMP_CLASSES = 6;

/** Numbers → ramp, text (and dates, booleans) → categories, by the field's GDAL type. */
export function defaultMode(gdalType: string): FieldStyleMode {
  return /^(Integer|Integer64|Real)$/.test(gdalType) ? 'ramp' : 'categories';
}

/** Distinct values by count, most frequent first (ties by value, so the order is stable), then 'other' and 'none'. */
export function categoryStyle(field: string, counts: ReadonlyMap<string, number>, noValue: number, maxValues = 12): FieldStyle {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const shown = sorted.slice(0, Math.min(maxValues, CATEGORY_PALETTE.length));
  const classes: StyleClass[] = shown.map(([value, count], i) => ({
    kind: 'value',
    label: value,
    rgba: [...CATEGORY_PALETTE[i], FILL_ALPHA],
    count,
  }));
  const rest = sorted.slice(shown.length).reduce((n, [, c]) => n + c, 0);
  if (rest > 0) classes.push({ kind: 'other', label: '', rgba: OTHER_RGBA, count: rest });
  if (noValue > 0) classes.push({ kind: 'none', label: '', rgba: NONE_RGBA, count: noValue });
  return { field, mode: 'categories', classes, values: shown.map(([v]) => v), breaks: [] };
}

/** Class boundaries of finite `sorted` values (ascending): quantiles or equal intervals, repeated boundaries merged. */
export function rampBreaks(sorted: ArrayLike<number>, classes: number, how: RampBreaks): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  const min = sorted[0];
  const max = sorted[n - 1];
  const out = [min];
  for (let i = 1; i < classes; i++) {
    const b = how === 'equal' ? min + ((max - min) * i) / classes : sorted[Math.floor((i * n) / classes)];
    if (b > out[out.length - 1] && b < max) out.push(b);
  }
  // One distinct value gives one class [v, v].
  out.push(max);
  return out;
}

/** The class of `value` among `breaks` (binary search); NO_CLASS outside them or for NaN. */
export function rampClassOf(breaks: readonly number[], value: number): number {
  const k = breaks.length - 1;
  if (!(value >= breaks[0] && value <= breaks[k])) return NO_CLASS;
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (value >= breaks[mid]) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A number for a legend: at most 4 significant digits, no trailing zeros, no unit. */
export function formatBreak(x: number): string {
  if (x === 0) return '0';
  const digits = Math.abs(x) >= 10000 ? Math.ceil(Math.log10(Math.abs(x) + 1)) : 4;
  return String(Number(x.toPrecision(digits)));
}

const UNIT_RAMP: Ramp = { property: 'heightM', min: 0, max: 1, unit: '' };

/** Colour of class `i` of `k` on the project's sequential ramp (the buildings' height ramp). */
function rampClassRgba(i: number, k: number): [number, number, number, number] {
  const [r, g, b] = rampRgb(UNIT_RAMP, k <= 1 ? 1 : i / (k - 1));
  return [r, g, b, FILL_ALPHA];
}

/** Ramp classes of numeric values (NaN = no value), counted; `how` and `classes` choose the breaks. */
export function rampStyle(field: string, values: ArrayLike<number>, how: RampBreaks = 'quantile', classes = RAMP_CLASSES): FieldStyle {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const sorted = Float64Array.from(finite).sort();
  const breaks = rampBreaks(sorted, classes, how);
  const k = Math.max(0, breaks.length - 1);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < sorted.length; i++) counts[rampClassOf(breaks, sorted[i])]++;
  const out: StyleClass[] = counts.map((count, i) => ({
    kind: 'range',
    label: breaks[i] === breaks[i + 1] ? formatBreak(breaks[i]) : `${formatBreak(breaks[i])} – ${formatBreak(breaks[i + 1])}`,
    rgba: rampClassRgba(i, k),
    count,
  }));
  const noValue = values.length - sorted.length;
  if (noValue > 0) out.push({ kind: 'none', label: '', rgba: NONE_RGBA, count: noValue });
  return { field, mode: 'ramp', classes: out, values: [], breaks };
}

/** Index of the 'other' or 'none' class of a style, NO_CLASS when it has none. */
export function specialClass(style: FieldStyle, kind: 'other' | 'none'): number {
  const i = style.classes.findIndex((c) => c.kind === kind);
  return i < 0 ? NO_CLASS : i;
}

/** The class of one value under `style` (null/undefined/'' → 'none'). For many values, precompute as the worker does. */
export function classOfValue(style: FieldStyle, value: unknown): number {
  if (value === null || value === undefined || value === '') return specialClass(style, 'none');
  if (style.mode === 'ramp') {
    const x = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(x) ? rampClassOf(style.breaks, x) : specialClass(style, 'none');
  }
  const i = style.values.indexOf(String(value));
  return i >= 0 ? i : specialClass(style, 'other');
}

/** RGBA of every class, 4 bytes each, indexed by class (what the tile renderer reads). */
export function classColours(style: FieldStyle): Uint8Array {
  const out = new Uint8Array(4 * style.classes.length);
  style.classes.forEach((c, i) => out.set(c.rgba, 4 * i));
  return out;
}
