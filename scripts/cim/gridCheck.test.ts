// `cim grid-check` as a process: one summary line, every injected problem found, exit codes 0/1/2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemoCityBeforeAll, demoCity, demoFileText } from '../../src/io/demoCity.fixture';

buildDemoCityBeforeAll();

const root = join(import.meta.dirname, '../..');
const cim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8', cwd: root });
const fixtures = join(root, 'src/core/grid/fixtures');

const dir = mkdtempSync(join(tmpdir(), 'cim-grid-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null };

// Every fixture side by side in one file, each moved 0.003° east of the last with its ids prefixed.
function injected(): { file: string; types: string[] } {
  const names = readdirSync(fixtures)
    .filter((n) => n.endsWith('.geojson'))
    .map((n) => n.replace('.geojson', ''))
    .sort();
  const shift = (c: unknown, dx: number): unknown =>
    typeof (c as unknown[])[0] === 'number'
      ? [(c as number[])[0] === null ? null : (c as number[])[0] + dx, (c as number[])[1]]
      : (c as unknown[]).map((x) => shift(x, dx));
  const features: Feature[] = [];
  names.forEach((name, k) => {
    const fc = JSON.parse(readFileSync(join(fixtures, `${name}.geojson`), 'utf8')) as { features: Feature[] };
    const p = (id: unknown) => (id === null || id === undefined ? id : `${name}:${id}`);
    for (const f of fc.features) {
      features.push({
        ...f,
        properties: { ...f.properties, id: p(f.properties.id), parentId: p(f.properties.parentId) },
        geometry: f.geometry && { ...f.geometry, coordinates: shift(f.geometry.coordinates, k * 0.003) },
      });
    }
  });
  const file = join(dir, 'injected.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return { file, types: names.filter((n) => n !== 'clean') };
}

describe('cim grid-check', () => {
  it('reports every injected problem type with ids, location and size, and exits 1', () => {
    const { file, types } = injected();
    const r = cim('grid-check', '--grids', file);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ command: 'grid-check', ok: false, cells: { l1: 14, l2: 28, l3: 58 } });
    expect(Object.keys(summary.counts).sort()).toEqual([...types].sort());
    for (const type of types) {
      const found = summary.problems.filter((p: { type: string }) => p.type === type);
      expect(found, type).toHaveLength(type === 'parent-not-covered' ? 2 : 1);
      // The problem sits in the fixture named after its type.
      expect(found[0].ids[0].startsWith(`${type}:`), `${type}: ${found[0].ids}`).toBe(true);
      expect(typeof found[0].message).toBe('string');
    }
    const overlap = summary.problems.find((p: { type: string }) => p.type === 'overlap');
    expect(overlap.ids).toEqual(['overlap:A1-1', 'overlap:A1-2']);
    expect(overlap.size).toBeGreaterThan(99);
    expect(overlap.location[0]).toBeGreaterThan(113.66);
    expect(overlap.location[1]).toBeGreaterThan(34.76);
  });

  it('adds each problem in Chinese with --lang zh-CN, keeping the English message', () => {
    const { file } = injected();
    const english = JSON.parse(cim('grid-check', '--grids', file).stdout);
    const chinese = JSON.parse(cim('grid-check', '--grids', file, '--lang', 'zh-CN').stdout);
    expect(chinese.problems.map((p: { message: string }) => p.message)).toEqual(
      english.problems.map((p: { message: string }) => p.message),
    );
    for (const p of chinese.problems) expect(p.text, p.message).toMatch(/[\u4e00-\u9fff]/);
    expect(english.problems[0].text).toBeUndefined();
  });

  it('exits 0 on the clean demo grid', () => {
    const file = join(dir, 'grids.geojson');
    writeFileSync(file, demoFileText('grids.geojson'));
    const { counts } = demoCity().manifest;
    const r = cim('grid-check', '--grids', file);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      command: 'grid-check',
      ok: true,
      cells: { l1: counts.gridsL1, l2: counts.gridsL2, l3: counts.gridsL3 },
      problems: [],
      counts: {},
    });
  });

  it('takes the minimum area and snapping tolerance from the command line', () => {
    const tiny = join(fixtures, 'tiny-cell.geojson');
    expect(cim('grid-check', '--grids', tiny).status).toBe(1);
    expect(cim('grid-check', '--grids', tiny, '--min-area', '5').status).toBe(0);
    // Without snapping the clean fixture's 2 cm near-miss is an overlap or a gap.
    const unsnapped = cim('grid-check', '--grids', join(fixtures, 'clean.geojson'), '--snap', '0');
    expect(unsnapped.status).toBe(1);
  });

  it('exits 2 naming the file on unreadable input and bad usage', () => {
    const missing = cim('grid-check', '--grids', join(dir, 'nope.geojson'));
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/cannot read .*nope\.geojson/);
    const broken = join(dir, 'broken.geojson');
    writeFileSync(broken, '{"type":"FeatureCollection","features":[');
    const notJson = cim('grid-check', '--grids', broken);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/broken\.geojson: not valid JSON/);
    const odd = join(dir, 'odd.geojson');
    writeFileSync(
      odd,
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a' }, geometry: null }, 7] }),
    );
    const notFeature = cim('grid-check', '--grids', odd);
    expect(notFeature.status).toBe(2);
    expect(notFeature.stderr).toMatch(/odd\.geojson: feature 1 is 7, not a GeoJSON Feature/);
    expect(cim('grid-check').status).toBe(2);
    expect(cim('grid-check', '--grids', broken, '--crs', 'EPSG:9999').stderr).toMatch(/unsupported CRS/);
  });

  it('names ids and coordinates nested 10,000 deep (skipped, exit 1) instead of overflowing the stack', () => {
    const deep = (n: number, leaf: string) => '['.repeat(n) + leaf + ']'.repeat(n);
    const square = '[[[113.65,34.75],[113.66,34.75],[113.66,34.76],[113.65,34.76],[113.65,34.75]]]';
    const cell = (id: string, coordinates: string) =>
      `{"type":"Feature","geometry":{"type":"Polygon","coordinates":${coordinates}},"properties":{"id":${id},"level":1,"parentId":null,"name":"a"}}`;
    const file = join(dir, 'deep.geojson');
    writeFileSync(file, `{"type":"FeatureCollection","features":[${cell(deep(10_000, '1'), square)},${cell('"c"', deep(10_000, '1'))}]}`);
    const r = cim('grid-check', '--grids', file);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/deep\.geojson: feature 0 \(id #0\) skipped: id is an array or object/);
    expect(r.stderr).toMatch(/deep\.geojson: feature 1 \(id c\) skipped: coordinates nest deeper than 4 arrays/);
    expect(JSON.parse(r.stdout).faults.skipped).toBe(2);
  });
});
