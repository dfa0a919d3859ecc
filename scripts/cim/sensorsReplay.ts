// `cim sensors-replay --datastreams F --messages F.jsonl [--now ISO] [--history N]`: a recorded MQTT feed
// (one {"topic","payload"} per line, payload as received) through the viewer's validation, de-duplication,
// ordering and coalescing; one JSON summary line. The final states are evaluated at `now` = the latest accepted
// phenomenonTime, or --now (when the recording ended). The future-time check compares with --now, else with the
// wall clock (no recording holds observations from after its replay). Exit 0 clean, 1 when any message (or line)
// was rejected, 2 on bad usage or unreadable input.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readDatastreamCatalogue, type DatastreamCatalogue } from '../../src/core/sensors/catalogue';
import { parseIsoTimeMs } from '../../src/core/sensors/isoTime';
import { SensorMonitor } from '../../src/core/sensors/monitor';
import { CliError, EXIT_OK, EXIT_PROBLEMS, parseFlags, printSummary } from './args';

const ms = (t0: number) => Math.round(performance.now() - t0);

function readCatalogue(file: string): DatastreamCatalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read the Datastreams (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return readDatastreamCatalogue(JSON.parse(text));
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
}

/** Lines of a file (or stdin for "-"), streamed. */
function lines(file: string): AsyncIterable<string> {
  if (file !== '-') {
    try {
      if (!statSync(file).isFile()) throw new CliError(`${file}: not a file`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${file}: cannot read the messages (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  return createInterface({ input, crlfDelay: Infinity });
}

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, { datastreams: 'string', messages: 'string', now: 'string', history: 'number' });
  if (typeof flags.datastreams !== 'string')
    throw new CliError('missing --datastreams FILE (SensorThings {"Things": [...]} with Datastreams)');
  if (typeof flags.messages !== 'string')
    throw new CliError('missing --messages FILE.jsonl (one {"topic","payload"} per line; - for stdin)');
  const nowFlag = flags.now === undefined ? NaN : parseIsoTimeMs(String(flags.now));
  if (flags.now !== undefined && Number.isNaN(nowFlag))
    throw new CliError(`--now must be an ISO-8601 time with a zone, got "${flags.now}"`);
  const history = Number(flags.history ?? 64);
  if (!(Number.isInteger(history) && history >= 1)) throw new CliError('--history must be a whole number ≥ 1');
  const timingsMs = { load: 0, ingest: 0, evaluate: 0 };

  let t0 = performance.now();
  const catalogue = readCatalogue(flags.datastreams);
  for (const p of catalogue.problems.slice(0, 20)) process.stderr.write(`${flags.datastreams}: Datastream ${p.id}: ${p.message}\n`);
  const monitor = new SensorMonitor(catalogue, { historyCapacity: history });
  const input = lines(flags.messages);
  timingsMs.load = ms(t0);

  t0 = performance.now();
  const wallNowMs = Date.now();
  const receivedAtMs = Number.isNaN(nowFlag) ? wallNowMs : nowFlag;
  let messages = 0;
  let badLines = 0;
  let lineNo = 0;
  for await (const raw of input) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    messages++;
    let record: { topic?: unknown; payload?: unknown };
    try {
      record = JSON.parse(line);
    } catch {
      record = {};
    }
    if (typeof record?.topic !== 'string' || typeof record.payload !== 'string') {
      if (badLines++ < 5) process.stderr.write(`${flags.messages}:${lineNo}: not a {"topic": string, "payload": string} record\n`);
      continue;
    }
    monitor.push(record.topic, record.payload, receivedAtMs);
  }
  timingsMs.ingest = ms(t0);

  t0 = performance.now();
  let latest = -Infinity;
  for (const t of monitor.ingest.latestTimeMs) if (t > latest) latest = t;
  const nowMs = !Number.isNaN(nowFlag) ? nowFlag : Number.isFinite(latest) ? latest : wallNowMs;
  const frame = monitor.frame(nowMs);
  const final = monitor.states.counts();
  timingsMs.evaluate = ms(t0);

  const c = monitor.ingest.counters();
  const rejected = { ...c.rejected, 'bad-line': badLines };
  const rejectedTotal = monitor.ingest.rejectedCount + badLines;
  printSummary({
    command: 'sensors-replay',
    ok: rejectedTotal === 0,
    messages,
    datastreams: catalogue.count,
    accepted: c.accepted,
    rejected,
    duplicates: c.duplicates,
    outOfOrder: c.outOfOrder,
    corrections: c.corrections,
    now: new Date(nowMs).toISOString(),
    final,
    alarms: monitor.states.alarms().filter((a) => a.cause === 'value').length,
    alarmEvents: frame.events.length,
    timingsMs,
  });
  return rejectedTotal === 0 ? EXIT_OK : EXIT_PROBLEMS;
}
