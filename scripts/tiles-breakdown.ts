// `npx tsx scripts/tiles-breakdown.ts DIR [buildings]`: where the bytes of a building tileset go (JSON, each vertex attribute,
// indices, each property column, padding), summed over every glb under DIR, per building when a count is given.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGlb } from '../src/core/tiles/glbRead.fixture';

const dir = process.argv[2];
const buildings = Number(process.argv[3] ?? 0);
const sum = new Map<string, number>();
const add = (k: string, n: number) => sum.set(k, (sum.get(k) ?? 0) + n);
let total = 0,
  files = 0;
for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
  if (!e.isFile()) continue;
  const bytes = readFileSync(join(e.parentPath, e.name));
  total += bytes.length;
  files++;
  if (!e.name.endsWith('.glb')) {
    add(`file ${e.name}`, bytes.length);
    continue;
  }
  const { json, bin } = readGlb(bytes);
  add('glb header + JSON chunk', bytes.length - bin.length - 8);
  add('BIN chunk header', 8);
  const role = new Map<number, string>();
  const prim = json.meshes[0].primitives[0];
  for (const [name, a] of Object.entries<number>(prim.attributes)) role.set(json.accessors[a].bufferView, name);
  role.set(json.accessors[prim.indices].bufferView, 'indices');
  for (const t of json.extensions?.EXT_structural_metadata?.propertyTables ?? [])
    for (const [name, p] of Object.entries<Record<string, number>>(t.properties)) {
      role.set(p.values, `property ${name}`);
      if (p.stringOffsets !== undefined) role.set(p.stringOffsets, `property ${name} offsets`);
    }
  let used = 0;
  json.bufferViews.forEach(
    (bv: { byteLength: number; buffer: number; extensions?: { EXT_meshopt_compression?: { byteLength: number } } }, i: number) => {
      const m = bv.extensions?.EXT_meshopt_compression;
      const n = m ? m.byteLength : bv.byteLength;
      add(role.get(i) ?? `bufferView ${i}`, n);
      used += n;
    },
  );
  add('BIN padding', bin.length - used);
}
const rows = [...sum].sort((a, b) => b[1] - a[1]);
console.log(`${dir}: ${files} files, ${total} bytes${buildings ? `, ${(total / buildings).toFixed(1)} bytes/building` : ''}`);
for (const [k, v] of rows)
  console.log(
    `${k.padEnd(32)} ${String(v).padStart(12)}  ${((100 * v) / total).toFixed(1).padStart(5)}%${buildings ? `  ${(v / buildings).toFixed(1).padStart(7)} B/building` : ''}`,
  );
