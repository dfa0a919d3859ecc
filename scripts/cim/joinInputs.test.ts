// `cim join` on the small demo city: the same CSV with its join-inputs file as without it, a stale file
// refused and made afresh, `--inputs-only` naming the file in the manifest; FlatGeobuf buildings (read in
// ranges by the workers) joined exactly as the same buildings in GeoJSON, a bad feature named alike.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, FlatGeobufWriter } from '../../src/io/flatgeobuf';
import type { GeoJsonFeature } from '../../src/io/featureFile';
import { DEMO_SCHEMAS } from '../../src/core/demo/schemas';
import { decodeJoinInputs } from '../../src/io/joinInputs';

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

/** The features as a FlatGeobuf with the demo's buildings schema (polygons only, rings as given). */
function writeFgb(path: string, features: GeoJsonFeature[]): void {
  const w = new FlatGeobufWriter(DEMO_SCHEMAS.buildings);
  for (const f of features) {
    const rings = f.geometry!.coordinates as number[][][];
    const ringEnds: number[] = [];
    const coords: number[] = [];
    for (const ring of rings) {
      for (const p of ring) coords.push(p[0], p[1]);
      ringEnds.push(coords.length / 2);
    }
    w.add({ type: 'Polygon', coords, ringEnds }, f.properties as Record<string, string | number>);
  }
  writeFileSync(path, concatBytes(w.finish()));
}

describe('cim join on FlatGeobuf buildings', () => {
  it('gives the CSV the same buildings give in GeoJSON, with 1 to 3 workers reading ranges', () => {
    const features = (JSON.parse(readFileSync(buildings, 'utf8')) as { features: GeoJsonFeature[] }).features;
    const fgb = join(dir, 'buildings.fgb');
    writeFgb(fgb, features);
    const geojsonCsv = readFileSync(join(dir, 'without.csv'), 'utf8');
    for (const workers of ['1', '3']) {
      const out = join(dir, `fgb-${workers}.csv`);
      const r = cim(
        'join',
        '--grids',
        grids,
        '--buildings',
        fgb,
        '--out',
        out,
        '--workers',
        workers,
        '--inputs',
        join(dir, `fgb-${workers}.bin`),
      );
      expect(r.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(geojsonCsv);
      // Its join inputs (points and areas from footprints projected as the workers decoded them) are the GeoJSON run's.
      const { source: _s, ...made } = decodeJoinInputs(readFileSync(join(dir, `fgb-${workers}.bin`)), 'fgb');
      const { source: _g, ...fromGeoJson } = decodeJoinInputs(readFileSync(inputs), 'geojson');
      expect(made).toEqual(fromGeoJson);
    }
  }, 60_000);

  it('names a bad feature by file, index and id as the GeoJSON reader does: skipped (exit 1), refused with --strict (exit 2)', () => {
    const features = (JSON.parse(readFileSync(buildings, 'utf8')) as { features: GeoJsonFeature[] }).features.slice(0, 50);
    const ring = (features[37].geometry!.coordinates as number[][][])[0];
    features[37].geometry!.coordinates = [ring.slice(0, 3)];
    const bad = join(dir, 'bad.fgb');
    writeFgb(bad, features);
    const id = String(features[37].properties!.id);
    const r = cim('join', '--grids', grids, '--buildings', bad, '--out', join(dir, 'bad.csv'), '--workers', '2');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: feature 37 (id ${id}) skipped: ring has 3 positions`);
    expect(JSON.parse(r.stdout).buildings).toBe(49);
    const strict = cim('join', '--grids', grids, '--buildings', bad, '--out', join(dir, 'bad.csv'), '--workers', '2', '--strict');
    expect(strict.status).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain(
      `1 malformed feature(s) (--strict refuses skipped features):\n${bad}: feature 37 (id ${id}): ring has 3 positions`,
    );
  }, 60_000);
});
