// `cim grid-check --grids F [--crs EPSG:xxxx] [--min-area M2] [--snap M] [--lang en|zh-CN]`: every problem of a
// grid file (topology, hierarchy, parent polygons, malformed features) as records in one JSON summary line.
// Each record keeps its English `message`; `--lang zh-CN` adds `text`, the same problem in Chinese.
import { DEFAULT_MIN_AREA_M2, DEFAULT_SNAP_M } from '../../src/core/grid/gridModel';
import { countProblems } from '../../src/core/grid/problems';
import { problemText } from '../../src/core/grid/problemText';
import { importGrid } from '../../src/core/grid/validateGrid';
import { CliError, EXIT_OK, EXIT_PROBLEMS, parseFlags, printSummary } from './args';
import { readFeatureFile } from './readLayer';
import { checkFileCrs, crsFlag, featureBoxes } from './crsFlag';

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, { grids: 'string', crs: 'string', 'min-area': 'number', snap: 'number', lang: 'string' });
  if (typeof flags.grids !== 'string') throw new CliError('missing --grids FILE');
  const path = flags.grids;
  const crsChoice = crsFlag(flags.crs);
  const crs = crsChoice.crs.code;
  const minAreaM2 = Number(flags['min-area'] ?? DEFAULT_MIN_AREA_M2);
  const snapM = Number(flags.snap ?? DEFAULT_SNAP_M);
  if (minAreaM2 < 0) throw new CliError(`--min-area must be >= 0 m², got ${minAreaM2}`);
  if (snapM < 0) throw new CliError(`--snap must be >= 0 m, got ${snapM}`);
  const lang = String(flags.lang ?? 'en');
  if (lang !== 'en' && lang !== 'zh-CN') throw new CliError(`--lang must be en or zh-CN, got ${lang}`);

  const t0 = performance.now();
  const features = await readFeatureFile(path);
  const bad = features.findIndex((f) => typeof f !== 'object' || f === null || Array.isArray(f));
  if (bad >= 0) throw new CliError(`${path}: feature ${bad} is ${JSON.stringify(features[bad])}, not a GeoJSON Feature object`);
  checkFileCrs(
    path,
    featureBoxes(features),
    crsChoice,
    undefined,
    features.map((f, i) => String(f.properties?.id ?? i)),
  );
  const read = performance.now() - t0;

  const t1 = performance.now();
  const { grid, problems } = importGrid(features, { crs, minAreaM2, snapM });
  const level = (n: number) => features.filter((f) => Number(f.properties?.level) === n).length;
  printSummary({
    command: 'grid-check',
    ok: problems.length === 0,
    cells: { l1: level(1), l2: level(2), l3: level(3) },
    problems: lang === 'en' ? problems : problems.map((p) => ({ ...p, text: problemText(p, lang) })),
    counts: countProblems(problems),
    grids: path,
    crs,
    metricCrs: grid.frame.crs,
    snapM,
    minAreaM2,
    timingsMs: { read: Math.round(read), check: Math.round(performance.now() - t1) },
  });
  return problems.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
}
