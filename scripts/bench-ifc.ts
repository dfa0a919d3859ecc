// `npx tsx scripts/bench-ifc.ts [--storeys 30] [--walls-per-edge 470]`: the IFC reader on a generated building of
// 6·storeys·wallsPerEdge walls (12 triangles each; the defaults give just over a million triangles): prints the
// IFC text's size and generation time, readIfc's time and peak memory, triangles, elements and parts, and the
// design values' time. Asserts nothing on speed.
import { resolve } from 'node:path';
import { designValues } from '../src/core/models/design';
import { modelTriangles } from '../src/core/models/model';
import { readIfc } from '../src/io/models/ifc';
import { initIfcApi } from '../src/io/models/ifcApi';
import { ifcFixture } from '../src/io/models/ifcFixture';
import { parseFlags } from './cim/args';

const flags = parseFlags(process.argv.slice(2), { storeys: 'string', 'walls-per-edge': 'string' });
const storeys = Number(flags.storeys ?? 30);
const wallsPerEdge = Number(flags['walls-per-edge'] ?? 470);
const MB = (b: number) => (b / 2 ** 20).toFixed(1);
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

let t0 = performance.now();
const bytes = new TextEncoder().encode(ifcFixture({ storeys, wallsPerEdge }));
console.log(`generated: ${storeys} storeys × ${6 * wallsPerEdge} walls, ${MB(bytes.length)} MiB of IFC text in ${seconds(t0)} s`);

const api = await initIfcApi(resolve('node_modules/web-ifc') + '/');
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
t0 = performance.now();
const model = await readIfc(bytes, 'bench.ifc', api);
const readS = seconds(t0);
clearInterval(sample);
const triangles = modelTriangles(model);
console.log(
  `readIfc: ${readS} s, ${triangles} triangles, ${model.elements.length} elements, ${model.parts.length} parts, ` +
    `${model.warnings.length} warnings, peak RSS ${MB(peak)} MiB`,
);
t0 = performance.now();
const d = designValues(model);
console.log(
  `designValues: ${seconds(t0)} s, GFA ${d.gfaM2.toFixed(1)} m², footprint ${d.footprintM2.toFixed(1)} m², height ${d.heightM.toFixed(2)} m`,
);
