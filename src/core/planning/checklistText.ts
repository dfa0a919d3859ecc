// Chinese and English wording of the checklist: item and department titles, verdicts, report labels.
import type { CheckNote, Department, LineColour, ReportVerdict, ReviewEstimates, Verdict } from './types';

export type Lang = 'zh' | 'en';

const ITEMS: Record<string, [zh: string, en: string]> = {
  'planning.farMin': ['容积率（下限）', 'Floor area ratio (minimum)'],
  'planning.farMax': ['容积率（上限）', 'Floor area ratio (maximum)'],
  'planning.coverageMax': ['建筑密度', 'Building coverage'],
  'planning.greenRatioMin': ['绿地率', 'Green ratio'],
  'planning.heightMaxM': ['建筑高度', 'Building height'],
  'planning.setbacksM.red': ['道路红线退让', 'Setback from road red lines'],
  'planning.setbacksM.green': ['绿线退让', 'Setback from green lines'],
  'planning.setbacksM.blue': ['蓝线退让', 'Setback from blue (water) lines'],
  'planning.setbacksM.purple': ['紫线退让', 'Setback from purple (heritage) lines'],
  'planning.setbacksM.yellow': ['黄线退让', 'Setback from yellow (utility) lines'],
  'planning.landUse': ['建筑使用性质与规划用地性质相符', 'Building use fits the planned land use'],
  'planning.heightZones': ['限高分区管控', 'Height-limit zones'],
  'planning.design.heightM': ['建筑高度与设计相符', 'Building height as designed'],
  'planning.design.storeys': ['地上层数与设计相符', 'Storeys above ground as designed'],
  'planning.design.gfaM2': ['总建筑面积与设计相符', 'Gross floor area as designed'],
  'planning.design.footprintM2': ['基底面积与设计相符', 'Footprint area as designed'],
  'land.boundary': ['建筑未超出用地界线', 'Buildings within the parcel boundary'],
  'land.siteArea': ['用地面积（实测）', 'Site area (measured)'],
  'land.premium': ['土地出让价款缴清', 'Land premium paid'],
  'land.title': ['土地权属与不动产权证书', 'Land title documents'],
  'fire.spacing': ['建筑防火间距', 'Fire separation between buildings'],
  'fire.lanes': ['消防车道与救援场地', 'Fire lanes and rescue sites'],
  'fire.water': ['消防给水与市政消火栓', 'Fire water supply and hydrants'],
  'fire.acceptance': ['消防设施验收', 'Fire protection installations accepted'],
  'civilDefence.shelterArea': ['防空地下室面积', 'Air-defence shelter area'],
  'civilDefence.entrances': ['人防出入口与通风', 'Shelter entrances and ventilation'],
};

const DEPARTMENTS: Record<Department, [string, string]> = {
  planning: ['规划核实', 'Planning'],
  land: ['土地核验', 'Land'],
  fire: ['消防验收', 'Fire safety'],
  civilDefence: ['人防验收', 'Civil air defence'],
};

const VERDICTS: Record<Verdict | ReportVerdict, [string, string]> = {
  pass: ['合格', 'Pass'],
  fail: ['不合格', 'Fail'],
  na: ['不适用', 'N/A'],
  pending: ['待签核', 'Pending'],
  incomplete: ['未完成', 'Incomplete'],
};

const COLOURS: Record<LineColour, [string, string]> = {
  red: ['道路红线', 'red line'],
  green: ['绿线', 'green line'],
  blue: ['蓝线', 'blue line'],
  purple: ['紫线', 'purple line'],
  yellow: ['黄线', 'yellow line'],
};

const pick = (pair: [string, string] | undefined, lang: Lang, fallback: string) => (pair ? pair[lang === 'zh' ? 0 : 1] : fallback);

/** Title of a checklist item; unknown ids come back as they are. */
export function itemTitle(id: string, lang: Lang): string {
  return pick(ITEMS[id], lang, id);
}

export function departmentTitle(d: Department, lang: Lang): string {
  return pick(DEPARTMENTS[d], lang, d);
}

export function verdictTitle(v: Verdict | ReportVerdict, lang: Lang): string {
  return pick(VERDICTS[v], lang, v);
}

export function lineColourTitle(c: LineColour, lang: Lang): string {
  return pick(COLOURS[c], lang, c);
}

const LABELS = {
  title: ['建设工程规划条件核实与多验合一联合验收报告', 'Joint completion acceptance report (多验合一)'],
  parcel: ['地块编号', 'Parcel'],
  landUse: ['规划用地性质', 'Planned land use'],
  city: ['城市', 'City'],
  generatedAt: ['生成时间', 'Generated'],
  overall: ['总体结论', 'Overall verdict'],
  byDepartment: ['分部门结论', 'By department'],
  metrics: ['技术指标', 'Measured indicators'],
  indicator: ['指标', 'Indicator'],
  value: ['实测值', 'Measured'],
  siteArea: ['用地面积', 'Site area'],
  footprint: ['建筑基底面积', 'Building footprint'],
  floorArea: ['计容建筑面积', 'Floor area'],
  far: ['容积率', 'Floor area ratio'],
  coverage: ['建筑密度', 'Coverage'],
  greenArea: ['绿地面积', 'Green area'],
  greenRatio: ['绿地率', 'Green ratio'],
  maxHeight: ['最大建筑高度', 'Maximum height'],
  buildings: ['建筑数量', 'Buildings'],
  setback: ['最小退让距离', 'Minimum setback'],
  checklist: ['核验清单', 'Checklist'],
  item: ['核验事项', 'Item'],
  mode: ['方式', 'Mode'],
  auto: ['自动', 'Automatic'],
  manual: ['人工', 'Manual'],
  required: ['要求', 'Required'],
  measured: ['实测', 'Measured'],
  verdict: ['结论', 'Verdict'],
  offenders: ['涉及建筑', 'Buildings at fault'],
  notes: ['说明', 'Notes'],
  signOffs: ['人工核验签核', 'Manual sign-offs'],
  reviewer: ['核验人', 'Reviewer'],
  signedAt: ['签核时间', 'Signed'],
  comment: ['意见', 'Comment'],
  none: ['无', 'None'],
  estimated: ['含估算', 'incl. estimates'],
  estimates: ['数据缺项', 'Missing data'],
  design: ['设计模型分层建筑面积', 'Design model: floor area per storey'],
  storey: ['楼层', 'Storey'],
  elevation: ['标高', 'Elevation'],
  gfa: ['建筑面积', 'Gross floor area'],
  areaSource: ['来源', 'Source'],
  quantities: ['模型工程量', 'model quantities'],
  computed: ['按几何计算', 'computed from the geometry'],
  total: ['合计', 'Total'],
  sitePlan: ['总平面核验图', 'Site plan'],
  snapshot: ['三维核验视图', '3D view'],
  signature: ['审核签章', 'Signatures'],
  footer: [
    '本报告由 CIM 多验合一审查工具根据提交的竣工测量数据自动生成，人工事项以签核记录为准。',
    'Generated by the CIM joint-acceptance review from the as-built survey; manual items stand as signed off.',
  ],
} as const;

export type ReportLabel = keyof typeof LABELS;

export function reportLabel(key: ReportLabel, lang: Lang): string {
  return LABELS[key][lang === 'zh' ? 0 : 1];
}

const NOTES: Record<CheckNote, [string, string]> = {
  noLine: ['周边无此类控制线', 'no such control line nearby'],
  noBuildings: ['地块内无建筑', 'no buildings on the parcel'],
  outsideZones: ['不在任何限高分区内', 'outside every height-limit zone'],
  crossingArrows: ['→ 超出用地界线的面积，← 邻地建筑越入的面积', '→ area outside the parcel, ← area of a neighbour inside it'],
};

export function noteText(note: CheckNote | undefined, lang: Lang): string {
  return note ? pick(NOTES[note], lang, note) : '';
}

const ESTIMATES: Record<keyof ReviewEstimates, [string, string]> = {
  floorsFromHeight: [
    '{n}/{total} 栋建筑的层数按高度估算（每层 3 m）',
    "{n} of {total} buildings' floors estimated from height (3 m a storey)",
  ],
  heightFromFloors: [
    '{n}/{total} 栋建筑的高度按层数估算（每层 3 m）',
    "{n} of {total} buildings' height estimated from floors (3 m a storey)",
  ],
  unmeasured: [
    '{n}/{total} 栋建筑既无高度也无层数：未计入总建筑面积、容积率与高度',
    '{n} of {total} buildings have neither height nor floors: left out of floor area, FAR and height',
  ],
  implausible: [
    '{n}/{total} 栋建筑的高度或层数不合理（高度 ≤ 0 或 > 1000 m，层数 ≤ 0 或 > 200，非数字）：按缺项处理',
    '{n} of {total} buildings have an implausible height or floors (≤ 0, > 1,000 m or > 200 floors, not a number): read as missing',
  ],
};

/** One line per kind of estimate the review made (reviewInput.ts's rule), for the printed report. */
export function estimateText(kind: keyof ReviewEstimates, n: number, total: number, lang: Lang): string {
  return pick(ESTIMATES[kind], lang, kind).replace('{n}', String(n)).replace('{total}', String(total));
}
