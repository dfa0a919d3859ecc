// A minimal read-only OGC SensorThings API v1.1 over HTTP on 127.0.0.1: the feed's Things and Datastreams, and each
// Datastream's recent Observations (what the simulator published), so a viewer can backfill what it missed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { RingHistory } from '../../src/core/sensors/history';
import { parseIsoTimeMs } from '../../src/core/sensors/isoTime';

export const DEFAULT_STA_PORT = 9002;
/** Page size when a request gives no $top, and the largest $top served. */
const DEFAULT_TOP = 100;
const MAX_TOP = 1000;

export interface StaServerOptions {
  /** The Things document the feed publishes (`{"Things": [...]}` with Locations and Datastreams). */
  things: unknown;
  catalogue: DatastreamCatalogue;
  /** Observations kept per Datastream (256). */
  historyCapacity?: number;
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
}

export interface RunningStaServer {
  /** The service root, `http://host:port/v1.1`. */
  url: string;
  port: number;
  /** Records one published Observation (in time order per Datastream; older ones are inserted in order). */
  record(datastream: number, timeMs: number, result: number): void;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** `phenomenonTime gt|ge|lt|le <ISO instant>` terms joined by `and`: the bounds a backfill asks for. */
export function parseTimeFilter(filter: string): { fromMs: number; fromInclusive: boolean; toMs: number; toInclusive: boolean } {
  const out = { fromMs: -Infinity, fromInclusive: true, toMs: Infinity, toInclusive: true };
  for (const term of filter.trim().split(/\s+and\s+/i)) {
    const m = /^phenomenonTime\s+(gt|ge|lt|le)\s+(\S+)$/.exec(term.trim());
    const timeMs = m ? parseIsoTimeMs(m[2]) : NaN;
    if (!m || Number.isNaN(timeMs))
      throw new BadRequest(
        `$filter: only "phenomenonTime gt|ge|lt|le <ISO-8601 instant>" terms joined by "and" are supported, got "${term}"`,
      );
    if (m[1] === 'gt' || m[1] === 'ge') {
      out.fromMs = timeMs;
      out.fromInclusive = m[1] === 'ge';
    } else {
      out.toMs = timeMs;
      out.toInclusive = m[1] === 'le';
    }
  }
  return out;
}

function paging(q: URLSearchParams): { top: number; skip: number } {
  const int = (name: string, fallback: number) => {
    const raw = q.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} must be a non-negative integer, got "${raw}"`);
    return Number(raw);
  };
  return { top: Math.min(int('$top', DEFAULT_TOP), MAX_TOP), skip: int('$skip', 0) };
}

const OPTIONS = new Set(['$top', '$skip', '$filter', '$orderby', '$expand', '$count', '$select']);

/** One page of `items` with an `@iot.nextLink` to the next when there is more. */
function page(req: URL, items: unknown[], q: URLSearchParams): Json {
  const { top, skip } = paging(q);
  const out: Json = {};
  if (q.get('$count') === 'true') out['@iot.count'] = items.length;
  out.value = items.slice(skip, skip + top);
  if (skip + top < items.length) {
    const next = new URL(req.href);
    next.searchParams.set('$top', String(top));
    next.searchParams.set('$skip', String(skip + top));
    out['@iot.nextLink'] = next.href;
  }
  return out;
}

/**
 * Observations oldest first page on by time (`phenomenonTime gt <last served>`), not by $skip: the ring drops its
 * oldest samples while a client pages, which would shift every $skip.
 */
function observationPage(req: URL, items: Json[], q: URLSearchParams): Json {
  const ascending = /\basc$/i.test((q.get('$orderby') ?? '').trim());
  if (!ascending) return page(req, items, q);
  const { top, skip } = paging(q);
  const value = items.slice(skip, skip + top);
  const out: Json = { value };
  if (skip + top < items.length) {
    const next = new URL(req.href);
    const upper = (q.get('$filter') ?? '').split(/\s+and\s+/i).filter((t) => /^\s*phenomenonTime\s+(lt|le)\s/.test(t));
    next.searchParams.set(
      '$filter',
      [`phenomenonTime gt ${value[value.length - 1].phenomenonTime}`, ...upper.map((t) => t.trim())].join(' and '),
    );
    next.searchParams.set('$top', String(top));
    next.searchParams.delete('$skip');
    out['@iot.nextLink'] = next.href;
  }
  return out;
}

/** Starts the API; the Things document is served as given, links added. */
export async function startStaServer(options: StaServerOptions): Promise<RunningStaServer> {
  const cat = options.catalogue;
  const history = new RingHistory(cat.count, options.historyCapacity ?? 256);
  const host = options.host ?? '127.0.0.1';
  const rawThings = ((options.things as { Things?: unknown })?.Things ?? []) as Json[];
  let root = '';

  const datastreamsOf = (t: Json) => (Array.isArray(t.Datastreams) ? (t.Datastreams as Json[]) : []);
  const dsLink = (id: unknown) => `${root}/Datastreams(${id})`;
  const datastream = (ds: Json, thing: Json): Json => ({
    ...ds,
    '@iot.selfLink': dsLink(ds['@iot.id']),
    'Thing@iot.navigationLink': `${root}/Things(${thing['@iot.id']})`,
    'Observations@iot.navigationLink': `${dsLink(ds['@iot.id'])}/Observations`,
  });
  const thing = (t: Json, expand: Set<string>): Json => {
    const { Locations, Datastreams: _datastreams, ...rest } = t;
    const out: Json = { ...rest, '@iot.selfLink': `${root}/Things(${t['@iot.id']})` };
    if (expand.has('Locations')) out.Locations = Locations ?? [];
    else out['Locations@iot.navigationLink'] = `${root}/Things(${t['@iot.id']})/Locations`;
    if (expand.has('Datastreams')) out.Datastreams = datastreamsOf(t).map((ds) => datastream(ds, t));
    else out['Datastreams@iot.navigationLink'] = `${root}/Things(${t['@iot.id']})/Datastreams`;
    return out;
  };
  const allDatastreams = () => rawThings.flatMap((t) => datastreamsOf(t).map((ds) => datastream(ds, t)));

  const observations = (index: number, q: URLSearchParams): Json[] => {
    const f = q.get('$filter');
    const range = f ? parseTimeFilter(f) : { fromMs: -Infinity, fromInclusive: true, toMs: Infinity, toInclusive: true };
    const order = (q.get('$orderby') ?? 'phenomenonTime desc').trim();
    const m = /^phenomenonTime(\s+(asc|desc))?$/i.exec(order);
    if (!m) throw new BadRequest(`$orderby: only "phenomenonTime asc|desc" is supported, got "${order}"`);
    const { timeMs, value } = history.series(index);
    const out: Json[] = [];
    for (let k = 0; k < timeMs.length; k++) {
      const t = timeMs[k];
      if (t < range.fromMs || (t === range.fromMs && !range.fromInclusive) || t > range.toMs || (t === range.toMs && !range.toInclusive))
        continue;
      const time = new Date(t).toISOString();
      out.push({ '@iot.id': `${cat.ids[index]}-${t}`, phenomenonTime: time, resultTime: time, result: value[k] });
    }
    return (m[2] ?? 'asc').toLowerCase() === 'desc' ? out.reverse() : out;
  };

  const route = (url: URL): Json => {
    const q = url.searchParams;
    for (const key of q.keys()) if (key.startsWith('$') && !OPTIONS.has(key)) throw new BadRequest(`query option ${key} is not supported`);
    const path = url.pathname.replace(/\/+$/, '');
    if (!path.startsWith('/v1.1')) throw new BadRequest(`not found: ${url.pathname} (the service root is /v1.1)`, 404);
    const rest = path.slice('/v1.1'.length);
    if (rest === '') return { value: ['Things', 'Datastreams', 'Observations'].map((name) => ({ name, url: `${root}/${name}` })) };
    const expand = new Set(
      (q.get('$expand') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    for (const e of expand)
      if (e !== 'Locations' && e !== 'Datastreams')
        throw new BadRequest(`$expand: only Locations and Datastreams are supported, got "${e}"`);
    if (rest === '/Things')
      return page(
        url,
        rawThings.map((t) => thing(t, expand)),
        q,
      );
    if (rest === '/Datastreams') return page(url, allDatastreams(), q);
    const m = /^\/Datastreams\(('?)([^)']+)\1\)(\/Observations)?$/.exec(rest);
    if (m) {
      const index = cat.indexById.get(m[2]);
      if (index === undefined) throw new BadRequest(`no Datastream with @iot.id ${m[2]}`, 404);
      if (!m[3]) return allDatastreams().find((d) => String(d['@iot.id']) === m[2])!;
      return observationPage(url, observations(index, q), q);
    }
    throw new BadRequest(`not found: ${url.pathname}`, 404);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, { ...headers, 'access-control-allow-methods': 'GET' }).end();
    let status = 200;
    let body: unknown;
    try {
      if (req.method !== 'GET') throw new BadRequest('read-only: only GET is supported', 405);
      body = route(new URL(req.url ?? '/', root));
    } catch (err) {
      status = err instanceof BadRequest ? err.status : 500;
      body = { error: { code: status, message: (err as Error).message } };
    }
    res.writeHead(status, headers).end(JSON.stringify(body));
  };

  const server: Server = createServer(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DEFAULT_STA_PORT, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  root = `http://${host}:${port}/v1.1`;
  let stopped: Promise<void> | null = null;
  return {
    url: root,
    port,
    record(i, timeMs, result) {
      const latest = history.length[i] ? history.timeMs[history.slot(i, history.length[i] - 1)] : -Infinity;
      if (timeMs > latest) history.append(i, timeMs, result);
      else if (history.find(i, timeMs) < 0) history.insert(i, timeMs, result);
    },
    stop: () => {
      stopped ??= new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}
