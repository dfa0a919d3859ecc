// The catalogue of data-file messages in English and Chinese: why a file cannot be read (DataFileError) and
// why a feature was skipped (FeatureProblem). Each carries `kind` and `params`; file names and ids stay as they are.
import { renderMessage, type Catalogue, type MessageLang } from '../core/util/messageCatalogue';

export type DataFileProblemRef =
  | { kind: 'fetch-failed'; params: { detail: string } }
  | { kind: 'http'; params: { status: number; statusText: string; detail: string } }
  | { kind: 'not-json'; params: { detail: string } }
  | { kind: 'geojson-too-large'; params: { bytes: number } }
  | { kind: 'fgb-header-truncated'; params: { bytes: number } }
  | { kind: 'fgb-truncated'; params: { features: number; bytes: number } }
  | { kind: 'fgb-unreadable'; params: { detail: string } }
  | { kind: 'not-feature-collection'; params: Record<string, never> }
  | { kind: 'csv-columns'; params: { columns: string } }
  | { kind: 'csv-short-line'; params: { line: number; fields: number; expected: number } }
  | { kind: 'not-sensorthings-things'; params: Record<string, never> }
  | { kind: 'not-sensorthings-collection'; params: Record<string, never> }
  | { kind: 'too-many-pages'; params: { pages: number } }
  | { kind: 'geotiff-unreadable'; params: { detail: string } }
  | { kind: 'dem-crs'; params: { epsg: number } }
  | { kind: 'no-buildings'; params: Record<string, never> }
  | { kind: 'no-usable-building'; params: { index: number; id: string; detail: string } }
  | { kind: 'no-pipelines'; params: Record<string, never> };

export const DATA_FILE_TEXT: Catalogue<DataFileProblemRef> = {
  'fetch-failed': { en: (p) => `could not be fetched (${p.detail})`, zh: (p) => `无法获取（${p.detail}）` },
  http: {
    en: (p) => `HTTP ${p.status}${p.detail ? `: ${p.detail}` : ` ${p.statusText}`}`,
    zh: (p) => `服务器返回 HTTP ${p.status}${p.detail ? `：${p.detail}` : ` ${p.statusText}`}`,
  },
  'not-json': { en: (p) => `not valid JSON (${p.detail})`, zh: (p) => `不是有效的 JSON（${p.detail}）` },
  'geojson-too-large': {
    en: (p) => `GeoJSON of ${p.bytes} bytes is too large to parse as one text: convert it to FlatGeobuf (ogr2ogr -f FlatGeobuf)`,
    zh: (p) => `GeoJSON 文件 ${p.bytes} 字节，过大无法作为一段文本解析：请转换为 FlatGeobuf（ogr2ogr -f FlatGeobuf）`,
  },
  'fgb-header-truncated': {
    en: (p) => `FlatGeobuf header is truncated (file has ${p.bytes} bytes)`,
    zh: (p) => `FlatGeobuf 文件头不完整（文件仅 ${p.bytes} 字节）`,
  },
  'fgb-truncated': {
    en: (p) => `FlatGeobuf file is truncated: its header announces ${p.features} features that do not fit in ${p.bytes} bytes`,
    zh: (p) => `FlatGeobuf 文件不完整：文件头声明 ${p.features} 个要素，${p.bytes} 字节装不下`,
  },
  'fgb-unreadable': { en: (p) => `not a readable FlatGeobuf file (${p.detail})`, zh: (p) => `无法读取的 FlatGeobuf 文件（${p.detail}）` },
  'not-feature-collection': {
    en: () => 'expected a GeoJSON FeatureCollection with a "features" array',
    zh: () => '应为带 "features" 数组的 GeoJSON FeatureCollection',
  },
  'csv-columns': {
    en: (p) => `not an assignments CSV: missing column(s) ${p.columns} in the header`,
    zh: (p) => `不是网格分配 CSV：表头缺少列 ${p.columns}`,
  },
  'csv-short-line': {
    en: (p) => `line ${p.line}: ${p.fields} fields, expected at least ${p.expected}`,
    zh: (p) => `第 ${p.line} 行：${p.fields} 个字段，至少应有 ${p.expected} 个`,
  },
  'not-sensorthings-things': {
    en: () => 'expected a JSON object with a "Things" array (OGC SensorThings)',
    zh: () => '应为带 "Things" 数组的 JSON 对象（OGC SensorThings）',
  },
  'not-sensorthings-collection': {
    en: () => 'expected a SensorThings collection (a JSON object with a "value" array)',
    zh: () => '应为 SensorThings 集合（带 "value" 数组的 JSON 对象）',
  },
  'too-many-pages': { en: (p) => `more than ${p.pages} pages of @iot.nextLink`, zh: (p) => `@iot.nextLink 分页超过 ${p.pages} 页` },
  'geotiff-unreadable': { en: (p) => `not a readable GeoTIFF (${p.detail})`, zh: (p) => `无法读取的 GeoTIFF（${p.detail}）` },
  'dem-crs': {
    en: (p) => `DEM is in EPSG:${p.epsg}; expected lon/lat (EPSG:4326 or 4490)`,
    zh: (p) => `高程模型坐标系为 EPSG:${p.epsg}，应为经纬度（EPSG:4326 或 4490）`,
  },
  'no-buildings': { en: () => 'no building features', zh: () => '没有建筑要素' },
  'no-usable-building': {
    en: (p) => `no usable building (feature ${p.index}, id ${p.id}: ${p.detail})`,
    zh: (p) => `没有可用的建筑（要素 ${p.index}，编号 ${p.id}：${p.detail}）`,
  },
  'no-pipelines': { en: () => 'no usable pipeline (LineString) features', zh: () => '没有可用的管线（LineString）要素' },
};

/** A DataFileError as data: the file and why it cannot be read. */
export type DataFileErrorData = { file: string } & DataFileProblemRef;

/** The file and problem of a DataFileError, also of its copy from a worker (same fields); undefined for any other error. */
export function dataFileErrorData(err: unknown): DataFileErrorData | undefined {
  const e = err as { file?: unknown; kind?: unknown; params?: unknown } | null;
  if (typeof e?.file !== 'string' || typeof e.kind !== 'string' || !(e.kind in DATA_FILE_TEXT) || typeof e.params !== 'object')
    return undefined;
  return { file: e.file, kind: e.kind, params: e.params } as DataFileErrorData;
}

/** Why a file cannot be read, in `lang` (without the file name). */
export function dataFileProblemText(ref: DataFileProblemRef, lang: MessageLang): string {
  return renderMessage(DATA_FILE_TEXT, ref, lang);
}

export type FeatureProblemRef =
  | { kind: 'geometry-type'; params: { geometry: string; expected: 'Polygon or MultiPolygon' | 'LineString or MultiLineString' } }
  | { kind: 'polygon-no-rings'; params: Record<string, never> }
  | { kind: 'ring-not-array'; params: Record<string, never> }
  | { kind: 'ring-short'; params: { count: number } }
  | { kind: 'ring-unclosed'; params: Record<string, never> }
  | { kind: 'ring-zero-area'; params: Record<string, never> }
  | { kind: 'non-finite'; params: Record<string, never> }
  | { kind: 'line-short'; params: Record<string, never> }
  | { kind: 'id-not-scalar'; params: Record<string, never> }
  | { kind: 'coordinates-too-deep'; params: { depth: number } }
  | { kind: 'value-implausible'; params: { field: string; value: string; range: string } }
  | { kind: 'height-default'; params: { heightM: number } }
  | { kind: 'height-from-floors'; params: { floors: number; heightM: number } }
  | { kind: 'thing-no-location'; params: Record<string, never> };

export const FEATURE_PROBLEM_TEXT: Catalogue<FeatureProblemRef> = {
  'geometry-type': {
    en: (p) => `geometry is ${p.geometry}, expected ${p.expected}`,
    zh: (p) => `几何类型为 ${p.geometry}，应为 ${p.expected.replace(' or ', ' 或 ')}`,
  },
  'polygon-no-rings': { en: () => 'polygon has no rings', zh: () => '多边形没有环' },
  'ring-not-array': { en: () => 'ring is not an array', zh: () => '环不是数组' },
  'ring-short': {
    en: (p) => `ring has ${p.count} positions, a closed ring needs at least 4`,
    zh: (p) => `环只有 ${p.count} 个坐标，闭合环至少需要 4 个`,
  },
  'ring-unclosed': { en: () => 'ring is not closed (first and last positions differ)', zh: () => '环未闭合（首尾坐标不同）' },
  'ring-zero-area': {
    en: () => 'zero-area polygon (collinear or repeated points): no footprint to measure or draw',
    zh: () => '面积为零的多边形（各点共线或重复）：无法量算或绘制',
  },
  'non-finite': { en: () => 'non-finite coordinate', zh: () => '坐标不是有限数' },
  'line-short': { en: () => 'a line needs at least 2 positions', zh: () => '线至少需要 2 个坐标' },
  'id-not-scalar': { en: () => 'id is an array or object, not a string or number', zh: () => '编号（id）是数组或对象，应为字符串或数字' },
  'coordinates-too-deep': {
    en: (p) => `coordinates nest deeper than ${p.depth} arrays (a MultiPolygon's)`,
    zh: (p) => `坐标数组嵌套超过 ${p.depth} 层（MultiPolygon 的层数）`,
  },
  'value-implausible': {
    en: (p) => `${p.field} ${p.value} is implausible (expected ${p.range}): read as missing`,
    zh: (p) => `${p.field} 取值 ${p.value} 不合理（应为 ${p.range}）：按缺项处理`,
  },
  'height-default': {
    en: (p) => `neither heightM nor floors given: drawn ${p.heightM} m tall (an estimate)`,
    zh: (p) => `高度与层数均缺失：按 ${p.heightM} m 绘制（估算值）`,
  },
  'height-from-floors': {
    en: (p) => `no heightM: drawn ${p.heightM} m tall from ${p.floors} floors (an estimate)`,
    zh: (p) => `缺少高度：按 ${p.floors} 层估算为 ${p.heightM} m 绘制（估算值）`,
  },
  'thing-no-location': {
    en: () => 'Thing has no Location with finite Point coordinates',
    zh: () => 'Thing 没有坐标为有限数的 Point 位置（Location）',
  },
};

/** Why a feature was skipped, in `lang` (without file, index or id). */
export function featureProblemText(ref: FeatureProblemRef, lang: MessageLang): string {
  return renderMessage(FEATURE_PROBLEM_TEXT, ref, lang);
}
