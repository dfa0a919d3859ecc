// bench:import's input: a bench city's buildings as the Shapefile a city would hand over (EPSG:4547, GBK, Chinese field
// names), written once by GDAL (gdal3.js in Node) from data/bench/<scale>/ into test-output/bench-import/<scale>/.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGdal } from '../gdal/gdalNode';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchShapefile {
  dir: string;
  /** 建筑.shp, .shx, .dbf, .prj, .cpg: the set a user drops together. */
  files: string[];
  /** Records in the .dbf (its header's count). */
  features: number;
  /** 0 when the set was already there. */
  writeMs: number;
}

/** The record count in a .dbf's header (bytes 4–7, little-endian). */
function dbfRecords(path: string): number {
  return readFileSync(path).readUInt32LE(4);
}

function described(dir: string, writeMs: number): BenchShapefile {
  const files = readdirSync(dir)
    .filter((f) => f !== 'READY')
    .sort()
    .map((f) => join(dir, f));
  return { dir, files, features: dbfRecords(join(dir, '建筑.dbf')), writeMs };
}

/** Writes (once) and describes the folder holding 建筑.shp/.shx/.dbf/.prj/.cpg for `scale`. */
export async function benchShapefile(scale: string): Promise<BenchShapefile> {
  const dir = join(root, 'test-output/bench-import', scale);
  if (existsSync(join(dir, 'READY'))) return described(dir, 0);
  const manifest = JSON.parse(readFileSync(join(root, 'data/bench', scale, 'demo.json'), 'utf8')) as { files: { buildings: string } };
  const src = join(root, 'data/bench', scale, manifest.files.buildings);
  const t0 = performance.now();
  const rt = await nodeGdal();
  const name = src.slice(src.lastIndexOf('/') + 1);
  const job = rt.stage([{ name, bytes: readFileSync(src) }]);
  const ds = rt.open(`${job}/${name}`, name);
  const info = (await rt.info(ds, name, ['-so'])) as { layers: { name: string }[] };
  const layer = info.layers[0].name;
  const sql = `SELECT "id" AS "编号", "heightM" AS "建筑高度", "floors" AS "层数", "baseM" AS "基底高程", "use" AS "用地代码" FROM "${layer}"`;
  rt.removeTree(`/output/bench-${scale}`);
  rt.fs.mkdir(`/output/bench-${scale}`);
  try {
    await rt.translate(
      ds,
      name,
      ['-f', 'ESRI Shapefile', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=CP936', '-sql', sql, '-nln', '建筑'],
      `bench-${scale}/建筑`,
    );
  } finally {
    rt.closeDataset(ds);
    rt.unstage(job);
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const f of rt.fs.readdir(`/output/bench-${scale}`)) {
    if (f === '.' || f === '..') continue;
    writeFileSync(join(tmp, f), rt.fs.readFile(`/output/bench-${scale}/${f}`));
  }
  rt.removeTree(`/output/bench-${scale}`);
  writeFileSync(join(tmp, 'READY'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return described(dir, performance.now() - t0);
}
