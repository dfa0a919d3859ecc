// A small read-only OGC SensorThings API v1.1 client: Things with their Locations and Datastreams (every page), and a
// Datastream's Observations after a time, following `@iot.nextLink`. Errors name the URL and the reason.
import { DataFileError } from './featureFile';

/** Pages followed at most per request chain (a server whose nextLinks never end is an error, not a hang). */
const MAX_PAGES = 1000;

export interface StaRequestOptions {
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** A raw Observation as served: the caller validates it (time, result, range) like an MQTT message. */
export interface RawObservation {
  phenomenonTime: unknown;
  result: unknown;
}

/** `http://host/v1.1/` → `http://host/v1.1` (the service root every path hangs off). */
export function staRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Where the Things with their Locations and Datastreams are listed. */
export function staThingsUrl(baseUrl: string): string {
  return `${staRoot(baseUrl)}/Things?$expand=Locations,Datastreams`;
}

/** A Datastream's Observations after `afterMs` (exclusive), oldest first. */
export function staObservationsUrl(baseUrl: string, datastreamId: string, afterMs: number, top = 500): string {
  const q = new URLSearchParams({
    $filter: `phenomenonTime gt ${new Date(afterMs).toISOString()}`,
    $orderby: 'phenomenonTime asc',
    $top: String(top),
  });
  return `${staRoot(baseUrl)}/Datastreams(${datastreamId})/Observations?${q}`;
}

async function getJson(url: string, options: StaRequestOptions): Promise<unknown> {
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, { signal: options.signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new DataFileError(url, { kind: 'fetch-failed', params: { detail: (err as Error).message } });
  }
  const text = await res.text();
  if (!res.ok) {
    const detail = /"message"\s*:\s*"([^"]*)"/.exec(text)?.[1];
    throw new DataFileError(url, { kind: 'http', params: { status: res.status, statusText: res.statusText, detail: detail ?? '' } });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DataFileError(url, { kind: 'not-json', params: { detail: (err as Error).message } });
  }
}

/** Every item of a SensorThings collection, page after page (`first`: the first page's body, already fetched). */
export async function* staPages(url: string, options: StaRequestOptions = {}, first?: unknown): AsyncGenerator<unknown[]> {
  let next: string | undefined = url;
  for (let n = 0; next; n++) {
    if (n === MAX_PAGES) throw new DataFileError(url, { kind: 'too-many-pages', params: { pages: MAX_PAGES } });
    const body = (n === 0 && first !== undefined ? first : await getJson(next, options)) as {
      value?: unknown;
      '@iot.nextLink'?: unknown;
    } | null;
    if (!Array.isArray(body?.value)) throw new DataFileError(next, { kind: 'not-sensorthings-collection', params: {} });
    yield body.value;
    const link = body['@iot.nextLink'];
    next = typeof link === 'string' && link ? new URL(link, next).href : undefined;
  }
}

/**
 * A Things document: a SensorThings API collection URL (`…/Things?$expand=…`, every page gathered into
 * `{"Things": [...]}`) or a file that already is one.
 */
export async function fetchThingsDocument(url: string, options: StaRequestOptions = {}): Promise<unknown> {
  const first = (await getJson(url, options)) as { value?: unknown; Things?: unknown } | null;
  if (!Array.isArray(first?.value)) return first;
  const things: unknown[] = [];
  for await (const items of staPages(url, options, first)) things.push(...items);
  return { Things: things };
}

/** A Datastream's Observations after `afterMs`, oldest first, every page. */
export async function fetchObservationsAfter(
  baseUrl: string,
  datastreamId: string,
  afterMs: number,
  options: StaRequestOptions = {},
): Promise<RawObservation[]> {
  const out: RawObservation[] = [];
  for await (const items of staPages(staObservationsUrl(baseUrl, datastreamId, afterMs), options)) {
    for (const o of items as { phenomenonTime?: unknown; result?: unknown }[])
      out.push({ phenomenonTime: o?.phenomenonTime, result: o?.result });
  }
  return out;
}
