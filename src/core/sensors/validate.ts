// One MQTT message (SensorThings topic + `{"phenomenonTime","result"}` payload) to an observation or a reject reason; never throws.
import type { DatastreamCatalogue } from './catalogue';
import { parseIsoTimeMs } from './isoTime';

/** Why a message was dropped; a reject code is the reason's index + 1 (0 = valid). */
export const REJECT_REASONS = [
  'bad-topic',
  'unknown-datastream',
  'too-large',
  'bad-json',
  'missing-result',
  'non-finite-result',
  'bad-time',
  'out-of-range',
  'future-time',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const VALID = 0;
const code = (r: RejectReason) => REJECT_REASONS.indexOf(r) + 1;
const BAD_TOPIC = code('bad-topic'),
  UNKNOWN = code('unknown-datastream'),
  TOO_LARGE = code('too-large'),
  BAD_JSON = code('bad-json');
const MISSING = code('missing-result'),
  NON_FINITE = code('non-finite-result'),
  BAD_TIME = code('bad-time');
const OUT_OF_RANGE = code('out-of-range'),
  FUTURE = code('future-time');

/** A valid observation: datastream index into the catalogue, phenomenonTime in epoch ms, result. */
export interface Observation {
  index: number;
  timeMs: number;
  result: number;
}

export interface ValidateOptions {
  /** The receiver's clock; without it the future-time check is skipped. */
  nowMs?: number;
  /** How far ahead of `nowMs` a phenomenonTime may lie (device clock skew), default 5 minutes. */
  futureSkewMs?: number;
  /** Larger payloads are dropped unparsed, default 4096 bytes. */
  maxPayloadBytes?: number;
}

export type ValidationResult = { ok: true; obs: Observation } | { ok: false; reason: RejectReason };

export const DEFAULT_FUTURE_SKEW_MS = 5 * 60_000;
export const DEFAULT_MAX_PAYLOAD_BYTES = 4096;

const PREFIX_11 = 'v1.1/Datastreams(';
const PREFIX_10 = 'v1.0/Datastreams(';
const SUFFIX = ')/Observations';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The Datastream id of `v1.1/Datastreams(<id>)/Observations` (v1.0 too; OData-quoted string ids unquoted), or null. */
export function datastreamIdOfTopic(topic: unknown): string | null {
  if (typeof topic !== 'string' || !topic.endsWith(SUFFIX) || !(topic.startsWith(PREFIX_11) || topic.startsWith(PREFIX_10))) return null;
  const id = topic.slice(PREFIX_11.length, topic.length - SUFFIX.length);
  if (id.length === 0) return null;
  if (id.length >= 2 && id.charCodeAt(0) === 39 && id.charCodeAt(id.length - 1) === 39) return id.slice(1, -1).replace(/''/g, "'");
  return id;
}

/** The topic a Datastream's Observations are published on. */
export function observationTopic(datastreamId: string | number): string {
  return `v1.1/Datastreams(${datastreamId})/Observations`;
}

/** The payload the simulator publishes and the ingest accepts. */
export function observationPayload(timeMs: number, result: number): string {
  return `{"phenomenonTime":"${new Date(timeMs).toISOString()}","result":${result}}`;
}

const HEAD = '{"phenomenonTime":"';
const MIDDLE = '","result":';
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const scratch = { time: '', result: 0 };

/** Reads the exact shape the simulator and most devices send without JSON.parse; anything else takes the general path. */
function canonical(text: string): boolean {
  if (!text.startsWith(HEAD) || text.charCodeAt(text.length - 1) !== 125) return false;
  const mid = text.indexOf(MIDDLE, HEAD.length);
  if (mid < 0) return false;
  const time = text.slice(HEAD.length, mid);
  for (let k = 0; k < time.length; k++) {
    // Quotes, escapes and control characters: leave them to JSON.parse (which rejects raw control characters).
    const c = time.charCodeAt(k);
    if (c < 32 || c === 34 || c === 92) return false;
  }
  const number = text.slice(mid + MIDDLE.length, -1);
  if (!JSON_NUMBER.test(number)) return false;
  scratch.time = time;
  scratch.result = Number(number);
  return true;
}

/** Validates into `out` and returns VALID or a reject code (REJECT_REASONS[code - 1]); the allocation-free form for hot loops. */
export function validateInto(
  topic: unknown,
  payload: unknown,
  cat: DatastreamCatalogue,
  out: Observation,
  opts: ValidateOptions = {},
): number {
  try {
    const id = datastreamIdOfTopic(topic);
    if (id === null) return BAD_TOPIC;
    const index = cat.indexById.get(id);
    if (index === undefined) return UNKNOWN;
    let text: string;
    const max = opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    if (typeof payload === 'string') {
      if (payload.length > max) return TOO_LARGE;
      text = payload;
    } else if (payload instanceof Uint8Array || payload instanceof ArrayBuffer) {
      if (payload.byteLength > max) return TOO_LARGE;
      text = utf8.decode(payload);
    } else {
      return BAD_JSON;
    }
    let result: unknown;
    let phenomenonTime: unknown;
    if (canonical(text)) {
      phenomenonTime = scratch.time;
      result = scratch.result;
    } else {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return BAD_JSON;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return BAD_JSON;
      ({ result, phenomenonTime } = body as { result?: unknown; phenomenonTime?: unknown });
    }
    return validateFields(index, phenomenonTime, result, cat, out, opts);
  } catch {
    // Only invalid UTF-8 reaches here (TextDecoder with fatal: true).
    return BAD_JSON;
  }
}

/**
 * The checks after parsing, for datastream `index`: result present and finite, phenomenonTime an ISO instant, sane
 * range, not in the future. Shared by MQTT messages and Observations fetched from a SensorThings API.
 */
export function validateFields(
  index: number,
  phenomenonTime: unknown,
  result: unknown,
  cat: DatastreamCatalogue,
  out: Observation,
  opts: ValidateOptions = {},
): number {
  if (result === undefined || result === null) return MISSING;
  if (typeof result !== 'number' || !Number.isFinite(result)) return NON_FINITE;
  const timeMs = typeof phenomenonTime === 'string' ? parseIsoTimeMs(phenomenonTime) : NaN;
  if (Number.isNaN(timeMs)) return BAD_TIME;
  if (result < cat.rangeMin[index] || result > cat.rangeMax[index]) return OUT_OF_RANGE;
  const now = opts.nowMs;
  if (now !== undefined && timeMs > now + (opts.futureSkewMs ?? DEFAULT_FUTURE_SKEW_MS)) return FUTURE;
  out.index = index;
  out.timeMs = timeMs;
  out.result = result;
  return VALID;
}

/** Validates one message as received (payload as string or bytes); never throws. */
export function validateMessage(topic: unknown, payload: unknown, cat: DatastreamCatalogue, opts: ValidateOptions = {}): ValidationResult {
  const obs: Observation = { index: -1, timeMs: NaN, result: NaN };
  const c = validateInto(topic, payload, cat, obs, opts);
  return c === VALID ? { ok: true, obs } : { ok: false, reason: REJECT_REASONS[c - 1] };
}
