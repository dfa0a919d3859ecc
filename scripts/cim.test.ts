// The cim dispatcher as a process: exit codes, one JSON summary line on stdout, messages on stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '..') });

describe('cim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with a message for bad usage', () => {
    const none = cim();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/usage: cim <command>/);
    const unknown = cim('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const scale = cim('demo', '--scale', 'huge', '--out', dir);
    expect(scale.status).toBe(2);
    expect(scale.stderr).toMatch(/--scale must be small, city or zhengzhou/);
    const out = cim('demo');
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/missing --out DIR/);
    expect(out.stdout).toBe('');
  });

  it('writes the small demo city and prints one JSON summary line', () => {
    const r = cim('demo', '--scale', 'small', '--out', join(dir, 'nested/data'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]);
    expect(summary).toMatchObject({ command: 'demo', ok: true, scale: 'small', seed: 1 });
    expect(summary.counts.buildings).toBe(20_000);
    const manifest = JSON.parse(readFileSync(join(dir, 'nested/data/demo.json'), 'utf8'));
    for (const name of Object.values(manifest.files) as string[]) {
      expect(existsSync(join(dir, 'nested/data', name))).toBe(true);
      expect(summary.files[name]).toBeGreaterThan(0);
    }
  }, 60_000);
});
