// Unreadable, unsupported and incomplete inputs: each is an error naming the file and what is wrong.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeGdal } from '../../../scripts/gdal/gdalNode';
import { cityFixtures } from '../../../scripts/fixtures/cityFixtures';
import type { GdalRuntime } from './gdalRuntime';
import { ImportJob } from './importJob';

let rt: GdalRuntime;
let dir: string;
const file = (p: string) => ({ name: p.slice(p.lastIndexOf('/') + 1), bytes: readFileSync(join(dir, p)) });

async function describeAndRead(inputs: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const job = await ImportJob.open(rt, inputs);
  try {
    for (const d of await job.describe(1)) for (const l of d.layers) for await (const page of job.pages(d.file, l.name)) void page;
  } finally {
    job.dispose();
  }
}

beforeAll(async () => {
  rt = await nodeGdal();
  dir = (await cityFixtures()).dir;
}, 120_000);

describe('bad inputs are named', () => {
  it('a .shp without its .dbf', async () => {
    const parts = readdirSync(join(dir, 'shp-gbk')).filter((n) => !n.endsWith('.dbf'));
    await expect(describeAndRead(parts.map((n) => file(`shp-gbk/${n}`)))).rejects.toThrow(/^建筑\.shp: Shapefile is missing \.dbf/);
  });

  it('a .dbf alone, a MapInfo .dat alone, an unknown file type', async () => {
    await expect(describeAndRead([file('shp-gbk/建筑.dbf')])).rejects.toThrow(/^建筑\.dbf: a \.dbf file without its \.shp/);
    await expect(describeAndRead([{ name: 'x.dat', bytes: new Uint8Array(4) }])).rejects.toThrow(/^x\.dat: a \.dat file without its \.tab/);
    await expect(describeAndRead([{ name: 'plan.docx', bytes: new Uint8Array(4) }])).rejects.toThrow(
      /^plan\.docx: unsupported file type "\.docx"/,
    );
  });

  it('a truncated zip', async () => {
    const zip = file('建筑-gbk.zip');
    await expect(describeAndRead([{ name: 'cut.zip', bytes: zip.bytes.subarray(0, zip.bytes.length >> 1) }])).rejects.toThrow(
      /^cut\.zip: not a readable \.zip/,
    );
  });

  it('a truncated GeoPackage and a GeoJSON that is not JSON', async () => {
    const gpkg = file('city.gpkg');
    await expect(describeAndRead([{ name: 'cut.gpkg', bytes: gpkg.bytes.subarray(0, 4096) }])).rejects.toThrow(/^cut\.gpkg: /);
    await expect(describeAndRead([{ name: 'bad.geojson', bytes: new TextEncoder().encode('{"type": "FeatureColl') }])).rejects.toThrow(
      /^bad\.geojson: /,
    );
  });

  it('a truncated .shp', async () => {
    const parts = readdirSync(join(dir, 'shp-gbk')).map((n) => file(`shp-gbk/${n}`));
    const shp = parts.find((p) => p.name.endsWith('.shp'))!;
    shp.bytes = shp.bytes.subarray(0, shp.bytes.length >> 1);
    const job = await ImportJob.open(rt, parts);
    const pages = [];
    for await (const page of job.pages(job.datasets[0].file, '建筑')) pages.push(page);
    job.dispose();
    const features = pages.flatMap((p) => p.features);
    // GDAL reads what is there and says so; the features past the cut come without geometry, to be named by index.
    expect(pages[0].warnings.join(' ')).toMatch(/fread|read/i);
    expect(features.filter((f) => f.geometry).length).toBeGreaterThan(0);
    expect(features.filter((f) => !f.geometry).length).toBeGreaterThan(0);
  });
});
