// `cim join` and its join-inputs file on the small demo city: the same CSV with the file as without it,
// a stale file refused and made afresh, `--inputs-only` naming the file in the manifest.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });

const dir = mkdtempSync(join(tmpdir(), 'cim-join-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const grids = join(dir, 'grids.geojson');
const buildings = join(dir, 'buildings.geojson');
const inputs = join(dir, 'buildings.join.bin');

beforeAll(() => {
  const r = cim('demo', '--scale', 'small', '--out', dir, '--quiet');
  expect(r.status).toBe(0);
}, 120_000);

const joinTo = (out: string) => {
  const r = cim('join', '--grids', grids, '--buildings', buildings, '--out', out, '--workers', '2');
  expect(r.status).toBe(0);
  return { summary: JSON.parse(r.stdout.trim()), stderr: r.stderr };
};

describe('cim join with the join-inputs file', () => {
  it('makes the file when there is none, then joins from it to the same CSV', () => {
    const first = joinTo(join(dir, 'without.csv'));
    expect(first.summary.inputs).toEqual({ file: inputs, made: true });
    expect(existsSync(inputs)).toBe(true);
    const second = joinTo(join(dir, 'with.csv'));
    expect(second.summary.inputs).toEqual({ file: inputs, made: false });
    expect(second.summary.assigned).toBe(20_000);
    const without = readFileSync(join(dir, 'without.csv'), 'utf8');
    expect(readFileSync(join(dir, 'with.csv'), 'utf8')).toBe(without);
    expect(without.split('\n').length).toBe(20_002);
  }, 60_000);

  it('--inputs-only names the file in the manifest', () => {
    const manifest = join(dir, 'demo.json');
    const r = cim('join', '--grids', grids, '--buildings', buildings, '--inputs-only', '--manifest', manifest);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ command: 'join', buildings: 20_000, inputs: { file: inputs } });
    expect(JSON.parse(readFileSync(manifest, 'utf8')).files.buildingJoin).toBe('buildings.join.bin');
  }, 60_000);

  it('refuses a file made from another version of the buildings, warns and makes it afresh', () => {
    appendFileSync(buildings, '\n');
    const stale = joinTo(join(dir, 'stale.csv'));
    expect(stale.stderr).toMatch(/buildings\.join\.bin: made from another version of the buildings file; ignored/);
    expect(stale.summary.inputs.made).toBe(true);
    expect(readFileSync(join(dir, 'stale.csv'), 'utf8')).toBe(readFileSync(join(dir, 'without.csv'), 'utf8'));
    expect(joinTo(join(dir, 'again.csv')).summary.inputs.made).toBe(false);
  }, 60_000);
});
