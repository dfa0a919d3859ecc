// The query parameters of the OGC API requests, checked before any SQL is built: unknown names, repeated or malformed
// values are a 400 naming what is wrong. Property names are checked against the collection's known fields.
import { HttpError } from '../http/router';
import { pickCrs, type OgcCrs } from './crs';

export const LIMIT_DEFAULT = 100;
export const LIMIT_MAX = 10_000;

/** The items request's own parameters; any other name must be a queryable (an equality filter). */
export const ITEMS_PARAMS = ['f', 'limit', 'bbox', 'bbox-crs', 'crs', 'properties', 'cursor'] as const;

export interface ItemsQuery {
  limit: number;
  /** The bbox as a lon/lat or GK easting/northing envelope (x/y order, whatever the bbox-crs's axis order). */
  bbox: { xmin: number; ymin: number; xmax: number; ymax: number; srid: number } | null;
  crs: OgcCrs;
  /** The properties to return, or null for all. */
  properties: string[] | null;
  /** Keyset paging: only features with fid greater than this. */
  after: number;
  filters: { name: string; value: string }[];
}

/** One value per parameter: a repeated parameter is ambiguous. */
function single(q: URLSearchParams, name: string): string | null {
  const all = q.getAll(name);
  if (all.length > 1) throw new HttpError(400, `${name}: given ${all.length} times, expected once`);
  return all.length ? all[0] : null;
}

/** `f` (json or geojson only: this API speaks JSON). */
export function checkFormat(q: URLSearchParams): void {
  const f = single(q, 'f');
  if (f !== null && f !== 'json' && f !== 'geojson') throw new HttpError(400, `f: unsupported format "${f}" (json or geojson)`);
}

/** A 400 naming the parameters that are not in `allowed`. */
export function rejectUnknown(q: URLSearchParams, allowed: readonly string[]): void {
  const unknown = [...new Set([...q.keys()].filter((k) => !allowed.includes(k)))];
  if (unknown.length)
    throw new HttpError(
      400,
      `unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => JSON.stringify(k)).join(', ')}`,
    );
}

function parseBbox(value: string, crs: OgcCrs): ItemsQuery['bbox'] {
  const parts = value.split(',');
  const n = parts.map((p) => (/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (parts.length !== 4 || n.some((v) => !Number.isFinite(v)))
    throw new HttpError(400, `bbox: expected 4 comma-separated numbers (lower corner, upper corner), got "${value}"`);
  // The corners in the CRS's axis order; the envelope in x/y (lon/lat, easting/northing).
  const [xmin, ymin, xmax, ymax] = crs.northFirst ? [n[1], n[0], n[3], n[2]] : n;
  if (xmin > xmax || ymin > ymax)
    throw new HttpError(400, `bbox: the lower corner must not be above or right of the upper one ("${value}")`);
  if (crs.srid === 4490 && (xmin < -180 || xmax > 180 || ymin < -90 || ymax > 90))
    throw new HttpError(400, `bbox: "${value}" is outside the range of ${crs.northFirst ? 'lat,lon' : 'lon,lat'} degrees`);
  return { xmin, ymin, xmax, ymax, srid: crs.srid };
}

/** Parses an items request against the collection's CRSs and field names. */
export function parseItemsQuery(q: URLSearchParams, supported: readonly OgcCrs[], fields: ReadonlySet<string>): ItemsQuery {
  checkFormat(q);
  const filterNames = [...new Set([...q.keys()])].filter((k) => !(ITEMS_PARAMS as readonly string[]).includes(k));
  const unknown = filterNames.filter((k) => !fields.has(k));
  if (unknown.length)
    throw new HttpError(
      400,
      `unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => JSON.stringify(k)).join(', ')} (neither a parameter of items nor a queryable of this collection: see its /queryables)`,
    );

  const limitText = single(q, 'limit');
  const limit = limitText === null ? LIMIT_DEFAULT : /^\d{1,6}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= LIMIT_MAX)) throw new HttpError(400, `limit: expected an integer 1…${LIMIT_MAX}, got "${limitText}"`);

  const cursorText = single(q, 'cursor');
  if (cursorText !== null && !/^\d{1,15}$/.test(cursorText))
    throw new HttpError(400, `cursor: expected the one of a next link, got "${cursorText}"`);

  const crs = pickCrs('crs', single(q, 'crs'), supported);
  const bboxCrsText = single(q, 'bbox-crs');
  const bboxText = single(q, 'bbox');
  if (bboxCrsText !== null && bboxText === null) throw new HttpError(400, 'bbox-crs: given without a bbox');
  const bbox = bboxText === null ? null : parseBbox(bboxText, pickCrs('bbox-crs', bboxCrsText, supported));

  const propsText = single(q, 'properties');
  let properties: string[] | null = null;
  if (propsText !== null) {
    properties = propsText === '' ? [] : propsText.split(',').map((s) => s.trim());
    const bad = properties.filter((p) => !fields.has(p));
    if (bad.length)
      throw new HttpError(400, `properties: unknown ${bad.map((p) => JSON.stringify(p)).join(', ')} (see the collection's /queryables)`);
  }

  const filters = filterNames.map((name) => ({ name, value: single(q, name)! }));
  return { limit, bbox, crs, properties, after: cursorText === null ? -1 : Number(cursorText), filters };
}
