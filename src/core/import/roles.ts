// What each import role writes: the target fields of the city's data contracts (README "Data contracts"), with the
// English, Chinese and pinyin-initial field names real files use for them, and how values are read.

/** The roles a dropped or imported layer can take in the city. */
export const IMPORT_ROLES = [
  'buildings',
  'grids',
  'pipelines',
  'parcels',
  'controlLines',
  'heightLimits',
  'greenSpaces',
  'overlay',
] as const;
export type ImportRole = (typeof IMPORT_ROLES)[number];

/** How a target's values are read: a number, text, a 2-digit land-use code, or a value from a fixed vocabulary. */
export type TargetKind = 'number' | 'integer' | 'text' | 'useCode' | 'pipeKind' | 'lineKind' | 'gridLevel';

export interface TargetField {
  name: string;
  kind: TargetKind;
  /** Needed for the layer to work in its role (a feature without it is reported). */
  required?: boolean;
  /** Field names that mean this target: compared case-, space-, '_' and '-'-insensitively. */
  names: string[];
  /** Planning conditions (parcels) are written under properties.conditions. */
  inConditions?: boolean;
}

const ID: TargetField = {
  name: 'id',
  kind: 'text',
  required: true,
  names: ['id', 'fid_', 'objectid', 'code', '编号', '编码', '标识码', '唯一标识', 'bh', 'bm', 'bsm'],
};
const NAME: TargetField = { name: 'name', kind: 'text', names: ['name', 'title', '名称', '名字', 'mc'] };

export const ROLE_TARGETS: Record<ImportRole, TargetField[]> = {
  buildings: [
    { ...ID, names: [...ID.names, '建筑编号', '建筑编码', '楼栋编号', '房屋编号', 'jzbh', 'buildingid'] },
    {
      name: 'heightM',
      kind: 'number',
      names: ['heightM', 'height', 'height_m', 'bldg_h', 'h', '高度', '楼高', '建筑高度', '房屋高度', 'jzgd', 'gd'],
    },
    {
      name: 'floors',
      kind: 'integer',
      names: ['floors', 'floor', 'storeys', 'stories', 'levels', '层数', '楼层数', '地上层数', '建筑层数', 'cs', 'dscs', 'jzcs'],
    },
    {
      name: 'baseM',
      kind: 'number',
      names: ['baseM', 'base', 'elevation', 'ground', '基底高程', '地面高程', '高程', 'jdgc', 'dmgc', 'gc'],
    },
    {
      name: 'use',
      kind: 'useCode',
      names: ['use', 'landuse', 'usecode', '用途', '用地代码', '用地性质', '建筑用途', '房屋用途', 'yddm', 'ydxz', 'yt'],
    },
    NAME,
  ],
  grids: [
    { ...ID, names: [...ID.names, '网格编码', '网格编号', '网格代码', 'wgbm', 'wgbh', 'gridid'] },
    {
      name: 'level',
      kind: 'gridLevel',
      required: true,
      names: ['level', 'lvl', 'gridlevel', '网格层级', '网格级别', '层级', '级别', 'wgcj', 'cj', 'jb'],
    },
    {
      name: 'parentId',
      kind: 'text',
      names: ['parentId', 'parent', 'parent_id', 'pid', '上级网格', '上级网格编码', '上级编码', '父网格', 'sjwg', 'sjbm'],
    },
    { ...NAME, names: [...NAME.names, '网格名称', 'wgmc'] },
  ],
  pipelines: [
    { ...ID, required: false, names: [...ID.names, '管线编号', '管段编号', 'gxbh'] },
    {
      name: 'kind',
      kind: 'pipeKind',
      required: true,
      names: ['kind', 'type', 'class', '管线类型', '管线种类', '管类', '类别', '种类', 'gxlx', 'gl', 'lb'],
    },
    { name: 'diameterMm', kind: 'number', names: ['diameterMm', 'diameter', 'dn', 'dia', 'size', '管径', '管径mm', '直径', 'gj'] },
    { name: 'widthMm', kind: 'number', names: ['widthMm', 'width', '断面宽', '宽度', 'kd'] },
    { name: 'heightMm', kind: 'number', names: ['heightMm', '断面高', 'dmg'] },
    { name: 'startDepthM', kind: 'number', names: ['startDepthM', 'depth', 'depthM', 'start_depth', '埋深', '起点埋深', 'qdms', 'ms'] },
    { name: 'endDepthM', kind: 'number', names: ['endDepthM', 'end_depth', '终点埋深', 'zdms'] },
    { name: 'material', kind: 'text', names: ['material', 'mat', '材质', '管材', 'cz'] },
    { name: 'owner', kind: 'text', names: ['owner', '权属单位', '权属', '所属单位', 'qsdw'] },
    { name: 'year', kind: 'integer', names: ['year', 'built', '建设年代', '埋设年代', '建设年份', 'jsnd', 'msnd'] },
  ],
  parcels: [
    { ...ID, names: [...ID.names, '地块编号', '地块编码', '宗地编号', 'dkbh', 'zdbh'] },
    { name: 'landUse', kind: 'text', names: ['landUse', 'use', '用地代码', '用地性质', '用地类型', '地类编码', 'yddm', 'ydxz', 'dlbm'] },
    { name: 'farMin', kind: 'number', inConditions: true, names: ['farMin', '容积率下限', '最小容积率', 'rjlxx'] },
    { name: 'farMax', kind: 'number', inConditions: true, names: ['farMax', 'far', '容积率', '容积率上限', '最大容积率', 'rjl', 'rjlsx'] },
    { name: 'coverageMax', kind: 'number', inConditions: true, names: ['coverageMax', 'coverage', '建筑密度', '建筑密度上限', 'jzmd'] },
    { name: 'greenRatioMin', kind: 'number', inConditions: true, names: ['greenRatioMin', 'greenRatio', '绿地率', '绿地率下限', 'ldl'] },
    {
      name: 'heightMaxM',
      kind: 'number',
      inConditions: true,
      names: ['heightMaxM', 'maxHeight', '限高', '建筑限高', '建筑高度上限', 'xg'],
    },
  ],
  controlLines: [
    { ...ID, required: false },
    {
      name: 'kind',
      kind: 'lineKind',
      required: true,
      names: ['kind', 'type', 'colour', 'color', '控制线类型', '类型', '线型', '控制线', 'kzxlx', 'lx'],
    },
    { name: 'refId', kind: 'text', names: ['refId', 'ref', 'parcel', '关联编号', '地块编号', '道路编号', 'glbh'] },
    NAME,
  ],
  heightLimits: [
    { ...ID, required: false },
    {
      name: 'maxHeightM',
      kind: 'number',
      required: true,
      names: ['maxHeightM', 'maxHeight', 'limit', 'height', '限高', '控制高度', '限制高度', '高度上限', 'xg', 'kzgd'],
    },
    NAME,
  ],
  greenSpaces: [{ ...ID, required: false }, NAME, { name: 'kind', kind: 'text', names: ['kind', 'type', '绿地类型', '类型', 'ldlx'] }],
  overlay: [{ ...ID, required: false }, NAME],
};

/** CJJ 61 pipeline classes from their usual Chinese and English names. */
export const PIPE_KIND_NAMES: Record<string, string[]> = {
  water: ['water', 'js', '给水', '供水', '上水', '自来水', '中水', '再生水'],
  drainage: ['drainage', 'sewer', 'storm', 'ps', 'ys', 'ws', '排水', '雨水', '污水', '雨污合流', '合流'],
  gas: ['gas', 'rq', 'mq', '燃气', '煤气', '天然气'],
  heat: ['heat', 'rl', '热力', '供热', '暖气'],
  power: ['power', 'electric', 'dl', '电力', '供电', '路灯'],
  telecom: ['telecom', 'tx', 'dx', '通信', '电信', '通讯', '广电', '有线电视', '移动', '联通'],
  industrial: ['industrial', 'gy', '工业'],
  unknown: ['unknown', '不明', '未知', '其他'],
};

/** Urban control lines ("城市五线") by colour. */
export const LINE_KIND_NAMES: Record<string, string[]> = {
  red: ['red', '红线', '道路红线', '红'],
  green: ['green', '绿线', '绿'],
  blue: ['blue', '蓝线', '蓝'],
  purple: ['purple', '紫线', '紫'],
  yellow: ['yellow', '黄线', '黄'],
};
