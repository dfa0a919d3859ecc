// Every option the page reads from its URL, parsed once (main.tsx) and handed down: the shareable view
// (urlState.ts) and the rest (role, live feed, ops wall, debug and bench switches). Pure: no `location` here.
import { parseUrlState, type UrlState } from './urlState';

/** Ops mode's wall: the tour it plays, alarm flights and the self-restart's handover. */
export interface OpsOptions {
  tourId: string | null;
  /** Pause the tour and fly to each new alarm, then come back. */
  alarmFly: boolean;
  /** Seconds spent at an alarm before the tour resumes. */
  alarmHoldS: number;
  restartHours: number | null;
  /** Where to start the tour (ms into it), as a restart left it. */
  tourAtMs: number | null;
  /** Start paused there (the operator had paused it before the restart). */
  tourPaused: boolean;
}

export interface PageOptions {
  /** The shareable view the store starts from. */
  view: UrlState;
  /** The city's manifest (`?data=`), resolved against the page: the base of every city file. */
  manifestUrl: string;
  /** `?role=viewer` is the read-only role: no grid editing. */
  canEditGrids: boolean;
  /** `?user=`: who edits, ahead of the name the browser remembers. */
  user: string | null;
  /** The live feed's MQTT-over-WebSocket broker, or null for none. */
  liveBrokerUrl: string | null;
  /** The SensorThings API service root (Things and the backfill), or null for none. */
  sensorThingsApiUrl: string | null;
  /** `?debug=1`: window.cimDebug for the browser tests. */
  debug: boolean;
  /** `?buildings=primitive`: one batched primitive instead of 3D Tiles (the comparison drawing of bench:tiles). */
  buildingsPrimitive: boolean;
  ops: OpsOptions;
}

/** Defaults `npm start` compiles in (VITE_CIM_LIVE, VITE_CIM_STA): URLs only, never credentials. */
export interface PageDefaults {
  live?: string;
  sta?: string;
}

/**
 * The broker URL: `?live=ws://host:port/path` (`?live=1`: this host's port 9001; `?live=0`: none), else the
 * default; anything but a ws(s) URL is none.
 */
function brokerUrl(raw: string | null, hostname: string): string | null {
  if (!raw || raw === '0') return null;
  if (raw === '1') return `ws://${hostname || '127.0.0.1'}:9001/mqtt`;
  return /^wss?:\/\//.test(raw) ? raw : null;
}

/** The SensorThings API root: `?sta=http://host:port/v1.1` (`?sta=0`: none), without a trailing slash. */
function staUrl(raw: string | null): string | null {
  if (!raw || raw === '0') return null;
  return /^https?:\/\//.test(raw) ? raw.replace(/\/+$/, '') : null;
}

function opsOptions(q: URLSearchParams): OpsOptions {
  const positive = (k: string) => {
    const v = Number(q.get(k));
    return q.get(k) !== null && Number.isFinite(v) && v > 0 ? v : null;
  };
  return {
    tourId: q.get('tour') || null,
    alarmFly: q.get('alarmFly') === '1',
    alarmHoldS: positive('alarmHoldS') ?? 15,
    restartHours: positive('restartHours'),
    tourAtMs: positive('tourAt'),
    tourPaused: q.get('tourPaused') === '1',
  };
}

/** The options of the page at `pageHref` (absolute). */
export function parsePageOptions(pageHref: string, defaults: PageDefaults = {}): PageOptions {
  const page = new URL(pageHref);
  const q = page.searchParams;
  const view = parseUrlState(page.search);
  return {
    view,
    manifestUrl: new URL(view.data, page).href,
    canEditGrids: q.get('role') !== 'viewer',
    user: q.get('user'),
    liveBrokerUrl: brokerUrl(q.get('live') ?? defaults.live ?? null, page.hostname),
    sensorThingsApiUrl: staUrl(q.get('sta') ?? defaults.sta ?? null),
    debug: q.get('debug') === '1',
    buildingsPrimitive: q.get('buildings') === 'primitive',
    ops: opsOptions(q),
  };
}
