// Browser test of the plain overlay role's worker (issue 18, point 3) in Chromium, where its tiles are drawn on an
// OffscreenCanvas: the demo's land-use plan (polygons) and pipelines (lines) converted by the import API with GDAL as the
// dialog converts them, transferred to the overlay worker built by Vite, styled by a field; the legend's counts are
// compared with the source files, a tile's pixels must carry the legend's colours, a click point must find a feature,
// and the page must have no long task while the worker loads, styles and draws.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { nodeGdal } from '../../scripts/gdal/gdalNode';
import { createImportApi } from '../../src/io/gdal/importApi';
import { launchBrowser, openLoggedPage } from './browser';
import { serveApp, type StaticServer } from './server';

const PAGE_DIR = 'test-output/overlay-worker-page';
const DATA_DIR = 'test-output/e2e/overlay-data';

interface OverlayRun {
  count: number;
  skipped: number;
  runs: {
    field: string;
    legend: { label: string; count: number; rgb: string }[];
    tiles: { zoom: number; drawn: number; top: string }[];
  }[];
  featureAt: { id: string | null };
  longestPageTaskMs: number;
}

/** Converts a demo file for the overlay role through the import API (GDAL in Node), as the dialog does; writes the FlatGeobuf. */
async function convertForOverlay(file: string): Promise<string> {
  const api = createImportApi(nodeGdal);
  const r = await api.inspect([{ name: file, bytes: readFileSync(join('data', file)) }]);
  const l = r.layers[0];
  const out = await api.convert(r.jobId, { file: l.file, layer: l.layer, role: 'overlay', mapping: { id: 'id', name: null } });
  api.close(r.jobId);
  const name = file.replace(/\.geojson$/, '.fgb');
  writeFileSync(join(DATA_DIR, name), out.fgb);
  return name;
}

/** Counts of a property's values in a GeoJSON file of the demo (null and '' as 'none'). */
function valueCounts(file: string, field: string): Map<string, number> {
  const features = (JSON.parse(readFileSync(join('data', file), 'utf8')) as { features: { properties: Record<string, unknown> }[] })
    .features;
  const out = new Map<string, number>();
  for (const f of features) {
    const v = f.properties[field];
    const key = v === null || v === undefined || v === '' ? 'none' : String(v);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

const near = (a: string, b: string) => {
  const x = a.split(',').map(Number);
  const y = b.split(',').map(Number);
  return x.length === 3 && x.every((v, i) => Math.abs(v - y[i]) <= 3);
};

describe('overlay worker in the browser', () => {
  let browser: Browser;
  let page: Page;
  let server: StaticServer;
  const files: Record<string, string> = {};

  before(async () => {
    mkdirSync(DATA_DIR, { recursive: true });
    execFileSync(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build', '-c', 'scripts/overlayCheck/vite.config.ts'], {
      stdio: 'ignore',
    });
    files.landUse = await convertForOverlay('land-use.geojson');
    files.pipelines = await convertForOverlay('pipelines.geojson');
    server = await serveApp(PAGE_DIR, DATA_DIR);
    browser = await launchBrowser();
    ({ page } = await openLoggedPage(browser));
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => 'runOverlay' in window);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const run = (file: string, field: string, mode: string) =>
    page.evaluate(
      ([url, f, m]) =>
        (window as unknown as { runOverlay: (u: string, s: [string, string][], z: number[]) => Promise<OverlayRun> }).runOverlay(
          url,
          [[f, m]],
          [13, 14, 15],
        ),
      [`/data/${file}`, field, mode] as const,
    );

  it('styles land-use polygons by their code: counts as in the file, tiles in the legend’s colours, a feature under a point', async () => {
    const r = await run(files.landUse, 'code', 'categories');
    const expected = valueCounts('land-use.geojson', 'code');
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    assert.equal(r.count, total);
    assert.equal(r.skipped, 0);
    const legend = r.runs[0].legend;
    // The most frequent codes first, each counted as in the file (12 at most; the rest under "other").
    const sorted = [...expected].sort((a, b) => b[1] - a[1]);
    for (const entry of legend.filter((e) => e.label !== 'other' && e.label !== 'none'))
      assert.equal(entry.count, expected.get(entry.label));
    assert.equal(legend[0].count, sorted[0][1]);
    assert.equal(
      legend.reduce((n, e) => n + e.count, 0),
      total,
    );
    const tile = r.runs[0].tiles.find((t) => t.drawn > 1000);
    assert.ok(tile, `no tile with drawn pixels: ${JSON.stringify(r.runs[0].tiles)}`);
    assert.ok(
      legend.some((e) => near(tile.top, e.rgb)),
      `tile colour ${tile.top} is none of the legend's ${legend.map((e) => e.rgb).join(' ')}`,
    );
    assert.match(String(r.featureAt.id), /^LU-/);
    assert.ok(r.longestPageTaskMs < 50, `a page task took ${r.longestPageTaskMs} ms`);
  });

  it('styles pipelines (lines) by their kind', async () => {
    const r = await run(files.pipelines, 'kind', 'categories');
    const expected = valueCounts('pipelines.geojson', 'kind');
    const legend = r.runs[0].legend;
    assert.deepEqual(
      new Map(legend.map((e) => [e.label, e.count])),
      new Map([...expected].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    );
    assert.ok(r.runs[0].tiles.some((t) => t.drawn > 0 && legend.some((e) => near(t.top, e.rgb))));
  });
});
