// An overlay styled by one of its fields: the field's values read from the worker's bytes, the style built by
// core/style/fieldStyle from all of them (skipped features not counted), and each feature's class for the tiles.
import {
  NO_CLASS,
  categoryStyle,
  rampClassOf,
  rampStyle,
  specialClass,
  type FieldStyle,
  type FieldStyleMode,
  type RampBreaks,
} from '../src/core/style/fieldStyle';
import { KIND_NONE, columnIndex, forEachValue, isNumericColumn, type OverlayData } from './overlayData';

export interface OverlayStyleRequest {
  /** The column of the converted layer (a source field under its own name, or `id`/`name` when mapped there). */
  field: string;
  mode: FieldStyleMode;
  /** Ramp classes by quantiles (default) or equal intervals. */
  breaks?: RampBreaks;
  classes?: number;
}

export interface StyledOverlay {
  style: FieldStyle;
  /** Class index per feature (NO_CLASS: not drawn). */
  classOf: Uint8Array;
}

/** A value as a category: text as it is, numbers in their shortest form; null or empty text is no value. */
function categoryKey(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A value as a number for a ramp: numbers, and text that reads as one; anything else is no value (NaN). */
function rampNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

/** Styles the overlay by `req.field`: its legend with counts and every feature's class. */
export function styleOverlay(d: OverlayData, req: OverlayStyleRequest): StyledOverlay {
  const column = columnIndex(d, req.field);
  const classOf = new Uint8Array(d.count).fill(NO_CLASS);
  if (req.mode === 'ramp') {
    const values = new Float64Array(d.count).fill(NaN);
    forEachValue(d, column, (f, v) => (values[f] = rampNumber(v)));
    const kept: number[] = [];
    for (let f = 0; f < d.count; f++) if (d.kind[f] !== KIND_NONE) kept.push(values[f]);
    const style = rampStyle(req.field, kept, req.breaks ?? 'quantile', req.classes);
    const none = specialClass(style, 'none');
    for (let f = 0; f < d.count; f++) {
      if (d.kind[f] === KIND_NONE) continue;
      const x = values[f];
      classOf[f] = Number.isFinite(x) ? rampClassOf(style.breaks, x) : none;
    }
    return { style, classOf };
  }
  // Categories: each feature's value as an index into the distinct values (0xffffffff: no value).
  const NONE = 0xffffffff;
  const code = new Uint32Array(d.count).fill(NONE);
  const codes = new Map<string, number>();
  const table: string[] = [];
  forEachValue(d, column, (f, v) => {
    const key = categoryKey(v);
    if (key === null) return;
    let c = codes.get(key);
    if (c === undefined) {
      c = table.length;
      codes.set(key, c);
      table.push(key);
    }
    code[f] = c;
  });
  const counts = new Uint32Array(table.length);
  let noValue = 0;
  for (let f = 0; f < d.count; f++) {
    if (d.kind[f] === KIND_NONE) continue;
    if (code[f] === NONE) noValue++;
    else counts[code[f]]++;
  }
  const byValue = new Map<string, number>();
  table.forEach((v, c) => counts[c] > 0 && byValue.set(v, counts[c]));
  const style = categoryStyle(req.field, byValue, noValue);
  const other = specialClass(style, 'other');
  const none = specialClass(style, 'none');
  const classOfCode = new Uint8Array(table.length).fill(other);
  style.values.forEach((v, i) => (classOfCode[codes.get(v)!] = i));
  for (let f = 0; f < d.count; f++) {
    if (d.kind[f] === KIND_NONE) continue;
    classOf[f] = code[f] === NONE ? none : classOfCode[code[f]];
  }
  return { style, classOf };
}

/** The fields a style can use: every column, with whether it holds numbers. */
export function overlayFields(d: OverlayData): { name: string; numeric: boolean }[] {
  return d.layout.columns.map((c, i) => ({ name: c.name, numeric: isNumericColumn(d, i) }));
}
