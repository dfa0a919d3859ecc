import { describe, expect, it } from 'vitest';
import { readDatastreamCatalogue } from './catalogue';
import { IngestStore } from './ingest';
import { parseIsoTimeMs } from './isoTime';
import { Rng } from '../util/random';
import { TEST_THINGS } from './testThings.fixture';
import { datastreamIdOfTopic, REJECT_REASONS, validateMessage, type RejectReason } from './validate';

const cat = readDatastreamCatalogue(TEST_THINGS);
const NOW = Date.parse('2025-06-01T08:00:00Z');
const T = '2025-06-01T07:59:30Z';
const gas = 'v1.1/Datastreams(11)/Observations';

describe('parseIsoTimeMs', () => {
  it('reads ISO-8601 instants with Z or an offset, fractions, and SensorThings intervals (their end)', () => {
    expect(parseIsoTimeMs('2025-06-01T08:00:00Z')).toBe(NOW);
    expect(parseIsoTimeMs('2025-06-01T08:00:00.250Z')).toBe(NOW + 250);
    expect(parseIsoTimeMs('2025-06-01T08:00:00.123456Z')).toBe(NOW + 123);
    expect(parseIsoTimeMs('2025-06-01T16:00:00+08:00')).toBe(NOW);
    expect(parseIsoTimeMs('2025-06-01T16:00+0800')).toBe(NOW);
    expect(parseIsoTimeMs('2025-06-01T03:00:00-05')).toBe(NOW);
    expect(parseIsoTimeMs('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseIsoTimeMs('2025-06-01T07:00:00Z/2025-06-01T08:00:00Z')).toBe(NOW);
  });

  it('rejects zoneless, impossible and non-ISO times', () => {
    for (const s of [
      '2025-06-01T08:00:00',
      '2025-02-29T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-06-01T24:00:00Z',
      '2025-06-01 08:00:00Z',
      'June 1, 2025',
      '',
      'yesterday',
      '2025-06-01T08:00:00.Z',
      '2025-06-01T08:00:00ZZ',
      '0099-01-01T00:00:00Z',
      'a/b',
      '2025-06-01T08:00:00Z/',
    ]) {
      expect(parseIsoTimeMs(s), s).toBeNaN();
    }
  });
});

describe('validateMessage', () => {
  it('accepts a SensorThings observation as a string or bytes, v1.1 or v1.0 topic, quoted string ids', () => {
    const payload = `{"phenomenonTime":"${T}","result":12.5}`;
    expect(validateMessage(gas, payload, cat, { nowMs: NOW })).toEqual({ ok: true, obs: { index: 0, timeMs: NOW - 30_000, result: 12.5 } });
    expect(validateMessage(gas, new TextEncoder().encode(payload), cat, { nowMs: NOW }).ok).toBe(true);
    expect(validateMessage('v1.0/Datastreams(11)/Observations', payload, cat).ok).toBe(true);
    expect(validateMessage("v1.1/Datastreams('P-5')/Observations", payload, cat)).toMatchObject({ ok: true, obs: { index: 5 } });
    expect(datastreamIdOfTopic("v1.1/Datastreams('it''s')/Observations")).toBe("it's");
  });

  // One row per reason; every reason is covered (checked below).
  const table: [RejectReason, unknown, unknown][] = [
    ['bad-topic', 'v1.1/Datastreams(11)/Observationz', `{"phenomenonTime":"${T}","result":1}`],
    ['bad-topic', 'v1.1/Things(1)/Observations', `{"phenomenonTime":"${T}","result":1}`],
    ['bad-topic', 'v1.1/Datastreams()/Observations', `{"phenomenonTime":"${T}","result":1}`],
    ['bad-topic', 42, `{"phenomenonTime":"${T}","result":1}`],
    ['unknown-datastream', 'v1.1/Datastreams(999)/Observations', `{"phenomenonTime":"${T}","result":1}`],
    ['too-large', gas, `{"phenomenonTime":"${T}","result":1,"pad":"${'x'.repeat(5000)}"}`],
    ['bad-json', gas, `{"phenomenonTime":"${T}","result":`],
    ['bad-json', gas, '[1,2]'],
    ['bad-json', gas, 'null'],
    ['bad-json', gas, new Uint8Array([0xff, 0xfe, 0x7b])],
    ['bad-json', gas, { result: 1 }],
    ['missing-result', gas, `{"phenomenonTime":"${T}"}`],
    ['missing-result', gas, `{"phenomenonTime":"${T}","result":null}`],
    ['non-finite-result', gas, `{"phenomenonTime":"${T}","result":"12"}`],
    ['non-finite-result', gas, `{"phenomenonTime":"${T}","result":1e999}`],
    ['non-finite-result', gas, `{"phenomenonTime":"${T}","result":[1]}`],
    ['bad-time', gas, '{"result":1}'],
    ['bad-time', gas, '{"phenomenonTime":"2025-06-01T08:00:00","result":1}'],
    ['bad-time', gas, '{"phenomenonTime":1748764800000,"result":1}'],
    ['out-of-range', gas, `{"phenomenonTime":"${T}","result":100.5}`],
    ['out-of-range', gas, `{"phenomenonTime":"${T}","result":-1}`],
    ['future-time', gas, '{"phenomenonTime":"2025-06-01T08:06:00Z","result":1}'],
  ];

  it.each(table)('%s: %j', (reason, topic, payload) => {
    expect(validateMessage(topic, payload, cat, { nowMs: NOW })).toEqual({ ok: false, reason });
  });

  it('counts each bad kind by reason in the ingest store, and every reason has a row', () => {
    const store = new IngestStore(cat);
    for (const [, topic, payload] of table) store.push(topic, payload, NOW);
    const expected = Object.fromEntries(REJECT_REASONS.map((r) => [r, table.filter(([t]) => t === r).length]));
    expect(store.counters().rejected).toEqual(expected);
    for (const r of REJECT_REASONS) expect(expected[r], r).toBeGreaterThan(0);
    expect(store.counters().accepted).toBe(0);
    expect(store.rejectedCount).toBe(table.length);
  });

  it('skips the future check without a clock and allows the configured skew', () => {
    const ahead = '{"phenomenonTime":"2025-06-01T08:06:00Z","result":1}';
    expect(validateMessage(gas, ahead, cat).ok).toBe(true);
    expect(validateMessage(gas, ahead, cat, { nowMs: NOW, futureSkewMs: 10 * 60_000 }).ok).toBe(true);
  });

  it('reads the canonical payload shape without JSON.parse exactly as JSON.parse would (fuzz)', () => {
    const rng = new Rng(11);
    // Raw control characters (\n, \u0007) are JSON errors; a JSON escape (\\u005A = Z) needs decoding: both take the general path.
    const times = [
      T,
      '2025-06-01T08:00:00.5+08:00',
      '2025-06-01T08:00:00Z\n',
      '2025-06-01T08:00:00\\u005A',
      'x"y',
      '2025-06-01T08:00:00Z\u0007',
      '',
      '2025-06-01T08:06:00Z',
    ];
    const numbers = [
      '0',
      '-0',
      '12.5',
      '1e2',
      '1E-2',
      '01',
      '1.',
      '.5',
      '+1',
      '0x10',
      'Infinity',
      'NaN',
      '1e999',
      '-',
      '',
      ' 1',
      '1 ',
      '100.0',
      '-1',
      '"5"',
      'null',
      'true',
      '5,"x":1',
    ];
    for (let k = 0; k < 3000; k++) {
      const raw = `{"phenomenonTime":"${rng.pick(times)}","result":${rng.pick(numbers)}}`;
      // A space after the brace sends the same document down the JSON.parse path.
      const general = `{ ${raw.slice(1)}`;
      expect(validateMessage(gas, raw, cat, { nowMs: NOW }), raw).toEqual(validateMessage(gas, general, cat, { nowMs: NOW }));
    }
  });

  it('never throws on random input (fuzz)', () => {
    const rng = new Rng(7);
    const pieces = [
      '{',
      '}',
      '"',
      'phenomenonTime',
      'result',
      ':',
      ',',
      '1e309',
      '-0',
      'null',
      '[',
      ']',
      '\\u0000',
      '2025-06-01T08:00:00Z',
      'NaN',
      '\u{1F600}',
      ' ',
      'true',
    ];
    const topics = [
      gas,
      'v1.1/Datastreams(',
      ')/Observations',
      'v1.1/Datastreams((11))/Observations',
      "v1.1/Datastreams(')/Observations",
      '',
      '#',
      '+',
    ];
    const valid = `{"phenomenonTime":"${T}","result":5}`;
    let ok = 0;
    for (let k = 0; k < 20_000; k++) {
      const topic = rng.chance(0.7) ? gas : Array.from({ length: rng.int(1, 3) }, () => rng.pick(topics)).join('');
      let payload: unknown;
      const kind = rng.int(0, 4);
      if (kind === 0) payload = Array.from({ length: rng.int(0, 12) }, () => rng.pick(pieces)).join('');
      else if (kind === 1) payload = Uint8Array.from({ length: rng.int(0, 64) }, () => rng.int(0, 255));
      else if (kind === 2) payload = valid.slice(0, rng.int(0, valid.length)) + valid.slice(rng.int(0, valid.length));
      else if (kind === 3)
        payload = rng.pick([undefined, null, 5, {}, [], Symbol('x'), () => 1, new ArrayBuffer(3), new DataView(new ArrayBuffer(2))]);
      else payload = valid.replace(/\d/g, () => (rng.chance(0.2) ? rng.pick(['a', '-', '.', '9', 'e']) : String(rng.int(0, 9))));
      const r = validateMessage(topic, payload, cat, { nowMs: NOW });
      if (r.ok) {
        ok++;
        expect(Number.isFinite(r.obs.result) && Number.isFinite(r.obs.timeMs)).toBe(true);
      } else {
        expect(REJECT_REASONS).toContain(r.reason);
      }
    }
    expect(ok).toBeGreaterThan(0);
  });
});
