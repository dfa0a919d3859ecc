// Which datasets a set of dropped or given files holds, and how GDAL opens each: the path in the virtual FS
// (/vsizip/ inside zips), open options (a Shapefile's text encoding, a CSV's coordinate columns), missing parts named.
import { chooseDbfEncoding, type ChosenEncoding } from './dbfEncoding';
import { baseName, GdalFileError, type GdalInput } from './gdalRuntime';
import { zipEntries, zipEntryHead, type ZipEntry } from './zipEntries';

export type SourceFormat =
  'Shapefile' | 'GeoPackage' | 'File Geodatabase' | 'MapInfo TAB' | 'MapInfo MIF' | 'DXF' | 'KML' | 'CSV' | 'GeoJSON' | 'FlatGeobuf';

/** One dataset among the inputs. */
export interface SourceDataset {
  /** What the user calls it: the .shp, .gpkg, .zip (and the entry inside it) … */
  file: string;
  format: SourceFormat;
  /** The path GDAL opens, relative to the job folder (prefixed by /vsizip/ inside a zip). */
  path: string;
  openOptions: string[];
  /** Shapefiles: the attributes' encoding and how it was chosen. */
  encoding?: ChosenEncoding;
}

const SINGLE_FILE: Record<string, SourceFormat> = {
  gpkg: 'GeoPackage',
  dxf: 'DXF',
  kml: 'KML',
  csv: 'CSV',
  geojson: 'GeoJSON',
  json: 'GeoJSON',
  fgb: 'FlatGeobuf',
};

/** The parts each multi-file format needs beside its main file (GDAL cannot open it without them). */
const REQUIRED_PARTS: Record<string, { format: SourceFormat; parts: string[] }> = {
  shp: { format: 'Shapefile', parts: ['dbf', 'shx'] },
  tab: { format: 'MapInfo TAB', parts: ['dat', 'map', 'id'] },
  mif: { format: 'MapInfo MIF', parts: ['mid'] },
};
/** Parts that only ever come with a main file. */
const PART_OF: Record<string, string> = { dbf: 'shp', shx: 'shp', prj: 'shp', cpg: 'shp', dat: 'tab', map: 'tab', id: 'tab', mid: 'mif' };

/** CSV coordinate columns GDAL looks for, by name (English and Chinese). */
export const CSV_OPEN_OPTIONS = [
  'X_POSSIBLE_NAMES=lon,lng,long,longitude,x,经度,X坐标,x_coord,easting',
  'Y_POSSIBLE_NAMES=lat,latitude,y,纬度,Y坐标,y_coord,northing',
  'KEEP_GEOM_COLUMNS=NO',
  'AUTODETECT_TYPE=YES',
];

/** Bytes of a DBF read to detect its encoding (whole records of about 20k features). */
const DBF_SAMPLE_BYTES = 4 << 20;

function ext(name: string): string {
  const b = baseName(name);
  const i = b.lastIndexOf('.');
  return i < 0 ? '' : b.slice(i + 1).toLowerCase();
}
function stem(name: string): string {
  const b = baseName(name);
  const i = b.lastIndexOf('.');
  return (i < 0 ? b : b.slice(0, i)).toLowerCase();
}

async function inputHead(input: GdalInput, maxBytes: number): Promise<Uint8Array> {
  if ('bytes' in input) return input.bytes.subarray(0, maxBytes);
  return new Uint8Array(await input.blob.slice(0, maxBytes).arrayBuffer());
}
async function inputText(input: GdalInput): Promise<string> {
  return new TextDecoder().decode(await inputHead(input, 4096));
}

/** A named file in a folder-like listing: loose inputs or a zip's entries. */
interface Listing<T> {
  byName: Map<string, T>;
  /** lower-case stem + '.' + ext → the item, to find a main file's parts case-insensitively. */
  byStemExt: Map<string, T>;
}
function listing<T>(items: T[], nameOf: (t: T) => string): Listing<T> {
  const byName = new Map<string, T>();
  const byStemExt = new Map<string, T>();
  for (const t of items) {
    byName.set(nameOf(t), t);
    const n = nameOf(t);
    const dir = n.slice(0, Math.max(0, n.lastIndexOf('/') + 1)).toLowerCase();
    byStemExt.set(`${dir}${stem(n)}.${ext(n)}`, t);
  }
  return { byName, byStemExt };
}
function partOf<T>(l: Listing<T>, main: string, partExt: string): T | undefined {
  const dir = main.slice(0, Math.max(0, main.lastIndexOf('/') + 1)).toLowerCase();
  return l.byStemExt.get(`${dir}${stem(main)}.${partExt}`);
}

function missingParts<T>(l: Listing<T>, main: string): string[] {
  const need = REQUIRED_PARTS[ext(main)];
  return need ? need.parts.filter((p) => !partOf(l, main, p)).map((p) => `.${p}`) : [];
}

function missingMessage(format: SourceFormat, missing: string[]): string {
  const what =
    format === 'Shapefile' ? '.shp, .shx, .dbf (and .prj, .cpg)' : format === 'MapInfo TAB' ? '.tab, .dat, .map, .id' : '.mif and .mid';
  return `${format} is missing ${missing.join(', ')}: give the ${what} together, or as one .zip`;
}

/** The datasets inside a zip, opened through /vsizip/ without unpacking it. */
async function zipDatasets(input: GdalInput, bytes: Uint8Array): Promise<SourceDataset[]> {
  const entries = zipEntries(bytes);
  if (!entries) throw new GdalFileError(input.name, 'not a readable .zip (no central directory: truncated or not a zip)');
  const zipName = baseName(input.name);
  const files = entries.filter((e) => !e.name.endsWith('/'));
  const l = listing(files, (e) => e.name);
  const out: SourceDataset[] = [];
  const gdbDirs = new Set<string>();
  for (const e of entries) {
    const m = /^(.*?\.gdb)\//i.exec(e.name);
    if (m) gdbDirs.add(m[1]);
  }
  for (const dir of gdbDirs)
    out.push({ file: `${zipName}/${dir}`, format: 'File Geodatabase', path: `/vsizip/${zipName}/${dir}`, openOptions: [] });
  for (const e of files) {
    if (/\.gdb\//i.test(e.name) || e.name.startsWith('__MACOSX/')) continue;
    const x = ext(e.name);
    const file = `${zipName}/${e.name}`;
    const path = `/vsizip/${zipName}/${e.name}`;
    const multi = REQUIRED_PARTS[x];
    if (multi) {
      const missing = missingParts(l, e.name);
      if (missing.length) throw new GdalFileError(file, missingMessage(multi.format, missing));
      const dataset: SourceDataset = { file, format: multi.format, path, openOptions: [] };
      if (x === 'shp') {
        const cpg = partOf(l, e.name, 'cpg');
        const dbf = partOf(l, e.name, 'dbf') as ZipEntry;
        const cpgText = cpg ? new TextDecoder().decode(await zipEntryHead(bytes, cpg, 4096)) : null;
        dataset.encoding = chooseDbfEncoding(await zipEntryHead(bytes, dbf, DBF_SAMPLE_BYTES), cpgText);
        dataset.openOptions.push(`ENCODING=${dataset.encoding.encoding}`);
      }
      out.push(dataset);
    } else if (SINGLE_FILE[x]) {
      out.push({ file, format: SINGLE_FILE[x], path, openOptions: x === 'csv' ? [...CSV_OPEN_OPTIONS] : [] });
    }
  }
  if (!out.length)
    throw new GdalFileError(
      input.name,
      `holds no dataset GDAL reads here (entries: ${files
        .slice(0, 8)
        .map((e) => e.name)
        .join(', ')})`,
    );
  return out;
}

/**
 * The datasets among `inputs` (loose files and zips, as staged in one job folder). Parts without their main
 * file, or a main file without its parts, and unknown extensions are errors naming the file.
 */
export async function sourceDatasets(inputs: readonly GdalInput[]): Promise<SourceDataset[]> {
  const seen = new Set<string>();
  for (const i of inputs) {
    const b = baseName(i.name);
    if (seen.has(b.toLowerCase())) throw new GdalFileError(b, 'given twice (two inputs with one name cannot be told apart)');
    seen.add(b.toLowerCase());
  }
  const l = listing([...inputs], (i) => baseName(i.name));
  const out: SourceDataset[] = [];
  for (const input of inputs) {
    const name = baseName(input.name);
    const x = ext(name);
    if (x === 'zip') {
      const bytes = 'bytes' in input ? input.bytes : new Uint8Array(await input.blob.arrayBuffer());
      out.push(...(await zipDatasets(input, bytes)));
    } else if (REQUIRED_PARTS[x]) {
      const { format } = REQUIRED_PARTS[x];
      const missing = missingParts(l, name);
      if (missing.length) throw new GdalFileError(name, missingMessage(format, missing));
      const dataset: SourceDataset = { file: name, format, path: name, openOptions: [] };
      if (x === 'shp') {
        const cpg = partOf(l, name, 'cpg');
        const dbf = partOf(l, name, 'dbf') as GdalInput;
        dataset.encoding = chooseDbfEncoding(await inputHead(dbf, DBF_SAMPLE_BYTES), cpg ? await inputText(cpg) : null);
        dataset.openOptions.push(`ENCODING=${dataset.encoding.encoding}`);
      }
      out.push(dataset);
    } else if (SINGLE_FILE[x]) {
      out.push({ file: name, format: SINGLE_FILE[x], path: name, openOptions: x === 'csv' ? [...CSV_OPEN_OPTIONS] : [] });
    } else if (PART_OF[x]) {
      const main = PART_OF[x];
      const hasMain = partOf(l, name, main) || (main === 'tab' && partOf(l, name, 'mif'));
      if (!hasMain) throw new GdalFileError(name, `a .${x} file without its .${main}: give the .${main} and its parts together`);
    } else {
      throw new GdalFileError(name, `unsupported file type ".${x}": expected ${SUPPORTED_FILES}`);
    }
  }
  return out;
}

/** For messages and the file picker. */
export const SUPPORTED_FILES =
  'Shapefile (.shp+.shx+.dbf[+.prj,.cpg] or .zip), GeoPackage (.gpkg), File Geodatabase (.gdb in a .zip), MapInfo (.tab+.dat+.map+.id, .mif+.mid), DXF, KML, CSV, GeoJSON, FlatGeobuf';
