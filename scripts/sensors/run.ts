// `tsx scripts/sensors/run.ts [--port 9001] [--sta-port 9002] [--data data/] [--rate 1] [--speed 1] [--incidents F|none] [--bad-rate 0]`:
// the embedded MQTT broker and the sensor simulator until Ctrl-C. Prints one JSON line with the URL when live.
// Environment: CIM_MQTT_PORT (default port), CIM_STA_PORT (the SensorThings API's port), CIM_MQTT_USER / CIM_MQTT_PASSWORD (broker credentials).
import { CliError, EXIT_USAGE, parseFlags } from '../cim/args';
import { startSensorFeed } from './feed';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    port: 'number',
    'sta-port': 'number',
    host: 'string',
    data: 'string',
    sensors: 'string',
    rate: 'number',
    speed: 'number',
    incidents: 'string',
    'bad-rate': 'number',
    seed: 'number',
  });
  const badRate = Number(flags['bad-rate'] ?? 0);
  if (!(badRate >= 0 && badRate <= 1)) throw new CliError('--bad-rate must be between 0 and 1');
  for (const f of ['rate', 'speed'] as const)
    if (flags[f] !== undefined && !(Number(flags[f]) > 0)) throw new CliError(`--${f} must be > 0`);
  const log = (line: string) => process.stderr.write(`[sensors] ${line}\n`);
  const feed = await startSensorFeed({
    port: (flags.port as number | undefined) ?? (process.env.CIM_MQTT_PORT ? Number(process.env.CIM_MQTT_PORT) : undefined),
    staPort: (flags['sta-port'] as number | undefined) ?? (process.env.CIM_STA_PORT ? Number(process.env.CIM_STA_PORT) : undefined),
    host: flags.host as string | undefined,
    dataDir: flags.data as string | undefined,
    sensorsFile: flags.sensors as string | undefined,
    rate: flags.rate as number | undefined,
    speed: flags.speed as number | undefined,
    incidents: flags.incidents === 'none' ? false : (flags.incidents as string | undefined),
    badRate,
    seed: flags.seed as number | undefined,
    log,
  });
  process.stdout.write(
    `${JSON.stringify({ command: 'sensors', url: feed.url, port: feed.port, sta: feed.staUrl, datastreams: feed.datastreams, incidents: feed.simulator.simulation.incidents.map((i) => ({ name: i.spec.name, datastreams: i.datastreams.map((k) => feed.catalogue.ids[k]) })) })}\n`,
  );
  log(`MQTT over WebSocket at ${feed.url}: ${feed.datastreams} Datastreams on v1.1/Datastreams(<id>)/Observations`);
  if (feed.staUrl) log(`SensorThings API (read-only, recent history) at ${feed.staUrl}`);
  const status = setInterval(() => {
    const s = feed.simulator.stats();
    log(`published ${s.published} (${s.bad} malformed, ${s.dropped} dropped)${s.connected ? '' : ', broker connection lost'}`);
  }, 60_000);
  const shutdown = () => {
    clearInterval(status);
    feed.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  const e = err as NodeJS.ErrnoException;
  const message = e.code === 'EADDRINUSE' ? `port in use (${e.message}); pass --port N (0 = any free port)` : e.message;
  process.stderr.write(`sensors: ${message}\n`);
  process.exit(err instanceof CliError ? err.exitCode : EXIT_USAGE);
});
