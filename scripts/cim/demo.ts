// `cim demo --scale small|city|zhengzhou --out DIR [--seed N]`: writes the deterministic demo city to DIR.
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoConfig, isDemoScale } from '../../src/core/demo/config';
import { buildDemoOutput } from '../../src/io/demoOutput';
import { CliError, EXIT_OK, parseFlags, printSummary } from './args';

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, { scale: 'string', out: 'string', seed: 'number', quiet: 'boolean' });
  const scale = String(flags.scale ?? 'small');
  if (!isDemoScale(scale)) throw new CliError(`--scale must be small, city or zhengzhou, got "${scale}"`);
  if (typeof flags.out !== 'string' || !flags.out) throw new CliError('missing --out DIR');
  const seed = flags.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new CliError(`--seed must be an integer, got "${seed}"`);
  const out = resolve(flags.out);
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new CliError(`cannot create output directory ${out}: ${(err as Error).message}`);
  }

  const started = performance.now();
  let lastReport = 0;
  const progress = (stage: string, done: number, total: number) => {
    if (flags.quiet) return;
    const now = performance.now();
    if (stage === 'buildings' && now - lastReport < 1000) return;
    lastReport = now;
    const pct = total > 1 ? ` ${Math.round((100 * done) / total)}%` : '';
    process.stderr.write(`[demo ${scale}] ${stage}${pct} (${((now - started) / 1000).toFixed(1)} s)\n`);
  };
  const { manifest, files } = buildDemoOutput(demoConfig(scale, seed), progress);

  const sizes: Record<string, number> = {};
  for (const f of files) {
    const path = join(out, f.name);
    // A layer may switch format between scales: drop the stale sibling.
    const stale = f.name.endsWith('.fgb')
      ? f.name.replace(/\.fgb$/, '.geojson')
      : f.name.endsWith('.geojson')
        ? f.name.replace(/\.geojson$/, '.fgb')
        : null;
    if (stale && existsSync(join(out, stale))) rmSync(join(out, stale));
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      throw new CliError(`cannot write ${path}: ${(err as Error).message}`);
    }
    let bytes = 0;
    try {
      for (const chunk of f.chunks) bytes += typeof chunk === 'string' ? writeSync(fd, chunk) : writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    sizes[f.name] = bytes;
  }
  printSummary({
    command: 'demo',
    ok: true,
    scale,
    seed,
    out,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    counts: manifest.counts,
    files: sizes,
    deliberateViolations: manifest.deliberateViolations.length,
    landUseConflicts: manifest.landUseConflicts?.length ?? 0,
  });
  return EXIT_OK;
}
