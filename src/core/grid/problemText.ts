// The one catalogue of grid problem messages, in English and Chinese: a problem carries its `kind` and
// `params`, and its text is rendered here per language. `message` (English) is rendered at creation.
import type { HierarchyProblemKind } from '../spatial/hierarchy';
import type { OverlapWhy } from './checkScope';

export type ProblemLang = 'en' | 'zh-CN';
type Params = Record<string, string | number>;

interface Entry<T extends Params> {
  en(p: T, at: string): string;
  zh(p: T, at: string): string;
}
const entry = <T extends Params>(en: (p: T, at: string) => string, zh: (p: T, at: string) => string): Entry<T> => ({ en, zh });

type Id = { id: string };
const m2 = (v: number) => v.toFixed(2);
/** A segment as the checks name it: "e45" (an edge) or "n3-5" (a segment an edit adds between two nodes). */
const seg = (code: string, zh: boolean): string => {
  if (code.startsWith('e')) return zh ? `边 ${code.slice(1)}` : `edge ${code.slice(1)}`;
  const [u, v] = code.slice(1).split('-');
  return zh ? `新线段 ${u}–${v}` : `the new segment ${u}–${v}`;
};
/** A ring of a feature: polygon index (-1 for a single polygon) and ring index (0 the outer ring). */
const ring = (p: { polygon: number; ring: number }, zh: boolean): string =>
  zh
    ? `${p.polygon >= 0 ? `多边形 ${p.polygon} 的` : ''}${p.ring === 0 ? '外环' : `洞 ${p.ring}`}`
    : `${p.polygon >= 0 ? `polygon ${p.polygon} ` : ''}${p.ring === 0 ? 'outer ring' : `hole ${p.ring}`}`;
type RingRef = Id & { polygon: number; ring: number };

/** Why two cells are taken to overlap (an overlap problem's `why` and its params). */
type Why = OverlapWhy;
const crossing = (p: { a: string; b: string; touch: number }, zh: boolean): string =>
  zh
    ? `${seg(p.a, true)}${p.a === p.b ? '与自身' : `与${seg(p.b, true)}`}${p.touch ? '接触' : '交叉'}`
    : `${seg(p.a, false)} ${p.touch ? 'touches' : 'crosses'} ${p.a === p.b ? 'itself' : seg(p.b, false)}`;
const why = (p: Params, zh: boolean): string => {
  const w = p as unknown as Why;
  if (w.why === 'areas') return zh ? '二者面积重叠' : 'their areas overlap';
  if (w.why === 'around-node') return zh ? `边界在节点 ${w.node} 周围重叠` : `their boundaries overlap around node ${w.node}`;
  if (w.why === 'same-side') return zh ? `二者位于${seg(w.seg, true)}的同一侧` : `both lie on the same side of ${seg(w.seg, false)}`;
  if (w.why === 'contains') return zh ? `${w.outer} 包含 ${w.inner} 内部的一点` : `${w.outer} contains a point inside ${w.inner}`;
  return crossing(w, zh);
};

const HIERARCHY_ZH: Record<HierarchyProblemKind, string> = {
  'duplicate-id': '编号重复',
  'bad-level': '层级错误',
  'missing-parent': '缺少上级',
  'level-1-with-parent': '一级网格有上级',
  'wrong-level': '上级层级不符',
  cycle: '上级关系成环',
};
type Hierarchy = Id & { hkind: HierarchyProblemKind; detail: string } & Params;
const hierarchyZh = (p: Hierarchy): string => {
  const head = `${p.id}：${HIERARCHY_ZH[p.hkind]}`;
  if (p.hkind === 'duplicate-id') return `${head}（要素 ${p.first} 与 ${p.second} 编号相同）`;
  if (p.hkind === 'bad-level') return `${head}：层级 ${p.level} 不是 1、2 或 3`;
  if (p.hkind === 'level-1-with-parent') return `${head}：一级网格的 parentId 为“${p.parent}”`;
  if (p.hkind === 'wrong-level')
    return `${head}：${p.level} 级网格的上级“${p.parent}”是 ${p.parentLevel} 级，应为 ${Number(p.level) - 1} 级`;
  if (p.hkind === 'cycle') return `${head}：${p.loop}`;
  if (p.parent === '') return `${head}：${p.level} 级网格没有 parentId`;
  return p.ambiguous ? `${head}：parentId“${p.parent}”不唯一，多个要素使用该编号` : `${head}：找不到 parentId“${p.parent}”`;
};

export const PROBLEM_TEXT = {
  // Reading features (gridFeatures, buildGrid) and the hierarchy.
  'no-geometry': entry<Id>(
    (p) => `${p.id}: level-3 cell has no geometry`,
    (p) => `${p.id}：三级网格没有几何`,
  ),
  'geometry-type': entry<Id & { geometry: string }>(
    (p) => `${p.id}: geometry is ${p.geometry}, expected Polygon or MultiPolygon`,
    (p) => `${p.id}：几何类型为 ${p.geometry}，应为 Polygon 或 MultiPolygon`,
  ),
  'polygon-no-rings': entry<Id & { polygon: number }>(
    (p) => `${p.id}: polygon ${p.polygon} has no rings`,
    (p) => `${p.id}：多边形 ${p.polygon} 没有环`,
  ),
  'ring-not-array': entry<RingRef>(
    (p) => `${p.id}: ${ring(p, false)} is not an array of positions`,
    (p) => `${p.id}：${ring(p, true)}不是坐标数组`,
  ),
  'not-a-position': entry<RingRef & { index: number }>(
    (p) => `${p.id}: ${ring(p, false)} position ${p.index} is not a position`,
    (p) => `${p.id}：${ring(p, true)}第 ${p.index} 个坐标无效`,
  ),
  'non-finite-position': entry<RingRef & { index: number; value: string }>(
    (p) => `${p.id}: ${ring(p, false)} position ${p.index} is ${p.value}`,
    (p) => `${p.id}：${ring(p, true)}第 ${p.index} 个坐标为 ${p.value}（非有限数）`,
  ),
  'ring-short': entry<RingRef & { count: number }>(
    (p) => `${p.id}: ${ring(p, false)} has ${p.count} positions; a closed ring needs at least 4`,
    (p) => `${p.id}：${ring(p, true)}只有 ${p.count} 个坐标，闭合环至少需要 4 个`,
  ),
  'ring-unclosed': entry<RingRef & { start: string; end: string }>(
    (p) => `${p.id}: ${ring(p, false)} is not closed: it starts at ${p.start} and ends at ${p.end}`,
    (p) => `${p.id}：${ring(p, true)}未闭合：起点 ${p.start}，终点 ${p.end}`,
  ),
  'ring-few-distinct': entry<RingRef & { count: number }>(
    (p) => `${p.id}: ${ring(p, false)} has only ${p.count} distinct points`,
    (p) => `${p.id}：${ring(p, true)}只有 ${p.count} 个不同的点`,
  ),
  'ring-collapses': entry<RingRef & { count: number; snapM: number }>(
    (p) => `${p.id}: ${ring(p, false)} collapses to ${p.count} point(s) when vertices within ${p.snapM} m merge`,
    (p) => `${p.id}：合并 ${p.snapM} 米内的节点后，${ring(p, true)}只剩 ${p.count} 个点`,
  ),
  'ring-collinear': entry<RingRef>(
    (p) => `${p.id}: ${ring(p, false)} has no area (its points are collinear)`,
    (p) => `${p.id}：${ring(p, true)}面积为零（各点共线）`,
  ),
  hierarchy: entry<Hierarchy>(
    (p) => `${p.id}: ${p.hkind === 'duplicate-id' ? '' : `${p.hkind}: `}${p.detail}`,
    (p) => hierarchyZh(p),
  ),
  'parent-empty': entry<Id & { level: number }>(
    (p) => `${p.id}: level-${p.level} grid has no level-${p.level + 1} grids under it`,
    (p) => `${p.id}：${p.level} 级网格下没有 ${p.level + 1} 级网格`,
  ),
  // Cell geometry (cellChecks).
  'ring-few-points': entry<Id & { ring: number; count: number }>(
    (p) => `${p.id}: ring ${p.ring} has ${p.count} point(s)`,
    (p) => `${p.id}：环 ${p.ring} 只有 ${p.count} 个点`,
  ),
  'ring-repeats-node': entry<Id & { ring: number; node: number }>(
    (p, at) => `${p.id}: ring ${p.ring} passes node ${p.node} twice at ${at} (the boundary touches itself)`,
    (p, at) => `${p.id}：环 ${p.ring} 在 ${at} 两次经过节点 ${p.node}（边界自相接触）`,
  ),
  'no-area': entry<Id>(
    (p) => `${p.id}: the cell has no area`,
    (p) => `${p.id}：网格面积为零`,
  ),
  'inside-out': entry<Id>(
    (p, at) => `${p.id}: the cell is turned inside out near ${at} (its outer ring runs clockwise)`,
    (p, at) => `${p.id}：网格在 ${at} 附近内外翻转（外环为顺时针）`,
  ),
  'below-min-area': entry<Id & { areaM2: number; minM2: number }>(
    (p, at) => `${p.id}: area ${m2(p.areaM2)} m² at ${at} is below the minimum of ${p.minM2} m²`,
    (p, at) => `${p.id}：位于 ${at} 的面积 ${m2(p.areaM2)} 平方米，小于最小值 ${p.minM2} 平方米`,
  ),
  'hole-outside': entry<Id & { hole: number }>(
    (p, at) => `${p.id}: hole ${p.hole} at ${at} lies outside the cell's outer ring`,
    (p, at) => `${p.id}：位于 ${at} 的洞 ${p.hole} 在网格外环之外`,
  ),
  'folds-back': entry<Id & { node: number }>(
    (p, at) => `${p.id}: the boundary folds back on itself at node ${p.node} ${at}`,
    (p, at) => `${p.id}：边界在节点 ${p.node} ${at} 处折回`,
  ),
  'overlaps-itself': entry<Id & { node: number }>(
    (p, at) => `${p.id}: the boundary overlaps itself at node ${p.node} ${at}`,
    (p, at) => `${p.id}：边界在节点 ${p.node} ${at} 处自相重叠`,
  ),
  'crosses-itself': entry<Id & { a: string; b: string; touch: number }>(
    (p, at) => `${p.id}: its boundary crosses itself: ${crossing(p, false)} at ${at}`,
    (p, at) => `${p.id}：边界自相交：${crossing(p, true)}，位于 ${at}`,
  ),
  'too-close': entry<{ a: string; b: string; clearanceM: number; cells: string }>(
    (p, at) =>
      `${seg(p.a, false)} and ${seg(p.b, false)} come within ${p.clearanceM} m of each other at ${at} without sharing a node (cells ${p.cells}); they would snap together on re-import`,
    (p, at) =>
      `${seg(p.a, true)}与${seg(p.b, true)}在 ${at} 相距不足 ${p.clearanceM} 米且不共用节点（网格 ${p.cells}），重新导入时会被吸附合并`,
  ),
  overlap: entry<{ cellA: string; cellB: string; areaM2: number } & Why>(
    (p, at) =>
      `${p.cellA} and ${p.cellB} overlap ${p.areaM2 >= 0.005 ? `by ${m2(p.areaM2)} m²` : '(by less than 0.01 m²)'}: ${why(p, false)} at ${at}`,
    (p, at) =>
      `${p.cellA} 与 ${p.cellB} 重叠${p.areaM2 >= 0.005 ? ` ${m2(p.areaM2)} 平方米` : '（不足 0.01 平方米）'}：${why(p, true)}，位于 ${at}`,
  ),
  // Levels (parentChecks, gapChecks).
  'cell-outside-parent': entry<Id & { parent: string; areaM2: number }>(
    (p, at) => `${p.id}: ${m2(p.areaM2)} m² of the cell lies outside its parent ${p.parent} (near ${at})`,
    (p, at) => `${p.id}：有 ${m2(p.areaM2)} 平方米位于上级网格 ${p.parent} 之外（${at} 附近）`,
  ),
  'area-outside-parent': entry<Id & { parent: string; areaM2: number }>(
    (p, at) => `${p.id}: ${m2(p.areaM2)} m² of its polygon lies outside its parent ${p.parent} (near ${at})`,
    (p, at) => `${p.id}：其范围有 ${m2(p.areaM2)} 平方米位于上级网格 ${p.parent} 之外（${at} 附近）`,
  ),
  'parent-uncovered': entry<Id & { areaM2: number }>(
    (p, at) => `${p.id}: ${m2(p.areaM2)} m² of its polygon (near ${at}) is covered by no level-3 cell`,
    (p, at) => `${p.id}：其范围内有 ${m2(p.areaM2)} 平方米（${at} 附近）不属于任何三级网格`,
  ),
  gap: entry<{ areaM2: number; cells: string; more: number }>(
    (p, at) => `gap of ${m2(p.areaM2)} m² at ${at} between ${p.cells}${p.more ? ` and ${p.more} more` : ''}`,
    (p, at) => `${at} 处有 ${m2(p.areaM2)} 平方米的缝隙，位于 ${p.cells}${p.more ? ` 等（另有 ${p.more} 个）` : ''}之间`,
  ),
  // Edit records that do not apply (editGeometry, editRecords, applyOp).
  'not-finite-point': entry<{ field: string; index: number; value: string }>(
    (p) => `${p.index >= 0 ? `${p.field} point ${p.index}` : p.field} ${p.value} is not a finite [x, y] in metres`,
    (p) => `${p.index >= 0 ? `${p.field} 第 ${p.index} 点` : p.field} ${p.value} 不是有限的 [x, y] 米坐标`,
  ),
  'not-a-vertex': entry<{ node: string }>(
    (p) => `node ${p.node} is not a vertex of any cell`,
    (p) => `节点 ${p.node} 不是任何网格的顶点`,
  ),
  'not-a-cell': entry<Id>(
    (p) => `${p.id} is not a level-3 cell of the grid`,
    (p) => `${p.id} 不是本网格的三级网格`,
  ),
  'no-such-edge': entry<{ edge: string; edges: number }>(
    (p) => `edge ${p.edge} does not exist (the grid has ${p.edges} edges)`,
    (p) => `边 ${p.edge} 不存在（共有 ${p.edges} 条边）`,
  ),
  'bad-vertex-index': entry<{ index: string; max: number; edge: number }>(
    (p) => `index ${p.index} is not between 1 and ${p.max}: the new vertex goes between vertex index-1 and index of edge ${p.edge}`,
    (p) => `序号 ${p.index} 不在 1 到 ${p.max} 之间：新节点插在边 ${p.edge} 的第 index-1 与第 index 个顶点之间`,
  ),
  'junction-node': entry<{ node: number; degree: number }>(
    (p, at) => `node ${p.node} at ${at} joins ${p.degree} edges; only a vertex inside an edge can be deleted`,
    (p, at) => `位于 ${at} 的节点 ${p.node} 连接 ${p.degree} 条边；只能删除边中间的节点`,
  ),
  'would-collapse': entry<Id & { node: number }>(
    (p, at) => `${p.id} would keep fewer than 3 points without node ${p.node} at ${at}`,
    (p, at) => `删除位于 ${at} 的节点 ${p.node} 后，${p.id} 将少于 3 个点`,
  ),
  'empty-new-id': entry<Params>(
    () => `newId must be a non-empty string`,
    () => `新网格编号不能为空`,
  ),
  'id-taken': entry<Id>(
    (p) => `the grid already has an id ${p.id}`,
    (p) => `编号 ${p.id} 已存在`,
  ),
  'short-line': entry<Params>(
    () => `the split line needs at least 2 points`,
    () => `分割线至少需要 2 个点`,
  ),
  'line-end-off': entry<Id & { end: 'first' | 'last'; distM: number }>(
    (p, at) => `the ${p.end} point of the line ${at} is ${m2(p.distM)} m from the outer boundary of ${p.id}; it must lie on it`,
    (p, at) => `分割线的${p.end === 'first' ? '起点' : '终点'} ${at} 距 ${p.id} 的外边界 ${m2(p.distM)} 米，必须位于边界上`,
  ),
  'line-closed': entry<Params>(
    (_, at) => `the line starts and ends at the same point ${at}`,
    (_, at) => `分割线的起点与终点是同一点 ${at}`,
  ),
  'line-rings': entry<Id>(
    (p) => `the line must start and end on the same outer ring of ${p.id}`,
    (p) => `分割线必须在 ${p.id} 的同一外环上开始和结束`,
  ),
  'line-leaves': entry<Id>(
    (p, at) => `the split line leaves ${p.id} at ${at}`,
    (p, at) => `分割线在 ${at} 处离开了 ${p.id}`,
  ),
  'merge-self': entry<Params>(
    () => `a cell cannot be merged with itself`,
    () => `网格不能与自身合并`,
  ),
  'merge-apart': entry<{ keep: string; remove: string }>(
    (p) => `${p.remove} and ${p.keep} share no edge, so they cannot be merged`,
    (p) => `${p.remove} 与 ${p.keep} 没有公共边，不能合并`,
  ),
  'merge-open': entry<{ keep: string; remove: string }>(
    (p) => `the outline of ${p.keep} and ${p.remove} together does not close`,
    (p) => `${p.keep} 与 ${p.remove} 合并后的轮廓不闭合`,
  ),
  'not-a-grid': entry<Id>(
    (p) => `${p.id} is not a grid id`,
    (p) => `${p.id} 不是网格编号`,
  ),
  'name-not-string': entry<Params>(
    () => `name must be a string`,
    () => `名称必须是字符串`,
  ),
  'level-1-parent': entry<Id>(
    (p) => `${p.id} is a level-1 grid and has no parent`,
    (p) => `${p.id} 是一级网格，没有上级`,
  ),
  'parent-level': entry<Id & { level: number; parent: string }>(
    (p) => `the parent of level-${p.level} grid ${p.id} must be a level-${p.level - 1} grid; "${p.parent}" is not`,
    (p) => `${p.level} 级网格 ${p.id} 的上级必须是 ${p.level - 1} 级网格，“${p.parent}”不是`,
  ),
  'not-level-3': entry<Id>(
    (p) => `${p.id} is not a level-3 cell`,
    (p) => `${p.id} 不是三级网格`,
  ),
  'not-level-2': entry<Id>(
    (p) => `"${p.id}" is not a level-2 grid`,
    (p) => `“${p.id}”不是二级网格`,
  ),
  'already-in': entry<Id & { parent: string }>(
    (p) => `${p.id} already belongs to ${p.parent}`,
    (p) => `${p.id} 已属于 ${p.parent}`,
  ),
  'not-bordering': entry<Id & { parent: string }>(
    (p) => `${p.id} does not border ${p.parent}: a cell moves only to a neighbouring level-2 grid`,
    (p) => `${p.id} 与 ${p.parent} 不相邻：网格只能调整到相邻的二级网格`,
  ),
  'op-failed': entry<{ error: string }>(
    (p) => p.error,
    (p) => `无法执行：${p.error}`,
  ),
};

export type ProblemKind = keyof typeof PROBLEM_TEXT;
export type ProblemParams<K extends ProblemKind> = (typeof PROBLEM_TEXT)[K] extends Entry<infer T> ? T : never;

/** "(113.6612345, 34.7612345)" for messages, in the same CRS as Problem.location. */
export function formatPoint(p: [number, number] | null, lang: ProblemLang = 'en'): string {
  return p ? `(${p[0]}, ${p[1]})` : lang === 'en' ? '(no location)' : '（无位置）';
}

/** A problem's text in `lang`. */
export function problemText(problem: { kind: ProblemKind; params: Params; location: [number, number] | null }, lang: ProblemLang): string {
  const e = PROBLEM_TEXT[problem.kind] as Entry<Params>;
  const at = formatPoint(problem.location, lang);
  return lang === 'en' ? e.en(problem.params, at) : e.zh(problem.params, at);
}
