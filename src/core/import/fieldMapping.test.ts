import { describe, expect, it } from 'vitest';
import {
  fieldSignature,
  mapProperties,
  missingRequired,
  MappingError,
  normaliseFieldName,
  overrideMapping,
  suggestMapping,
  suggestRole,
} from './fieldMapping';

const chineseBuildings = [
  { name: '编号', type: 'String' },
  { name: '建筑高度', type: 'Real' },
  { name: '层数', type: 'Integer' },
  { name: '基底高程', type: 'Real' },
  { name: '用地代码', type: 'String' },
  { name: '名称', type: 'String' },
];

describe('suggestMapping', () => {
  it('maps Chinese building fields to the contract', () => {
    expect(suggestMapping('buildings', chineseBuildings)).toEqual({
      id: '编号',
      heightM: '建筑高度',
      floors: '层数',
      baseM: '基底高程',
      use: '用地代码',
      name: '名称',
    });
  });

  it('maps pinyin initials and English names, case and punctuation aside', () => {
    const m = suggestMapping('buildings', [
      { name: 'BH', type: 'String' },
      { name: 'JZGD', type: 'Real' },
      { name: 'Floors', type: 'Integer' },
    ]);
    expect(m).toMatchObject({ id: 'BH', heightM: 'JZGD', floors: 'Floors', baseM: null });
  });

  it('finds a Chinese name inside a longer one with a unit, and 楼高/楼层数 too', () => {
    expect(
      suggestMapping('buildings', [
        { name: '楼高(米)', type: 'Real' },
        { name: '楼层数', type: 'Integer' },
      ]),
    ).toMatchObject({ heightM: '楼高(米)', floors: '楼层数' });
    expect(normaliseFieldName('建筑高度（米）')).toBe('建筑高度');
  });

  it('maps grid fields and never gives one field to two targets', () => {
    const m = suggestMapping('grids', [
      { name: '网格编码', type: 'String' },
      { name: '网格名称', type: 'String' },
      { name: '上级网格', type: 'String' },
      { name: '网格层级', type: 'Integer' },
    ]);
    expect(m).toEqual({ id: '网格编码', level: '网格层级', parentId: '上级网格', name: '网格名称' });
  });

  it('maps pipeline and parcel fields', () => {
    const pipes = suggestMapping('pipelines', [
      { name: '管线类型', type: 'String' },
      { name: '管径', type: 'Integer' },
      { name: '埋深', type: 'Real' },
      { name: '材质', type: 'String' },
    ]);
    expect(pipes).toMatchObject({ kind: '管线类型', diameterMm: '管径', startDepthM: '埋深', material: '材质' });
    const parcels = suggestMapping('parcels', [
      { name: '地块编号', type: 'String' },
      { name: '用地性质', type: 'String' },
      { name: '容积率', type: 'Real' },
      { name: '绿地率', type: 'Real' },
    ]);
    expect(parcels).toMatchObject({ id: '地块编号', landUse: '用地性质', farMax: '容积率', greenRatioMin: '绿地率' });
  });
});

describe('overrideMapping', () => {
  it('applies an override and clears a target with null', () => {
    const m = overrideMapping(
      'buildings',
      suggestMapping('buildings', chineseBuildings),
      { heightM: '基底高程', baseM: null },
      chineseBuildings,
    );
    expect(m).toMatchObject({ heightM: '基底高程', baseM: null });
  });
  it('names an unknown target or field', () => {
    expect(() => overrideMapping('buildings', {}, { height: '高度' }, chineseBuildings)).toThrow(MappingError);
    expect(() => overrideMapping('buildings', {}, { heightM: '高度' }, chineseBuildings)).toThrow(/no field "高度"/);
  });
  it('lists required targets left empty', () => {
    expect(missingRequired('grids', { id: 'a', level: null })).toEqual(['level']);
  });
});

describe('fieldSignature', () => {
  it('depends on names, types and order only', () => {
    expect(fieldSignature(chineseBuildings)).toBe(fieldSignature(chineseBuildings.map((f) => ({ ...f }))));
    expect(fieldSignature(chineseBuildings)).not.toBe(fieldSignature([...chineseBuildings].reverse()));
    expect(fieldSignature(chineseBuildings)).not.toBe(
      fieldSignature(chineseBuildings.map((f, i) => (i === 1 ? { ...f, type: 'String' } : f))),
    );
  });
});

describe('mapProperties', () => {
  const m = suggestMapping('buildings', chineseBuildings);
  it('reads values by kind and keeps the other fields', () => {
    const { properties, problems } = mapProperties('buildings', m, {
      编号: 'B-1',
      建筑高度: '12.5米',
      层数: 4,
      基底高程: 110,
      用地代码: 7,
      名称: '住宅1号楼',
      备注: '无',
    });
    expect(properties).toEqual({ id: 'B-1', heightM: 12.5, floors: 4, baseM: 110, use: '07', name: '住宅1号楼', 备注: '无' });
    expect(problems).toEqual([]);
  });
  it('empty values are null, not 0, and a non-number is named', () => {
    const { properties, problems } = mapProperties('buildings', m, { 编号: 'B-2', 建筑高度: 'abc', 层数: '', 基底高程: null });
    expect(properties).toMatchObject({ heightM: null, floors: null, baseM: null });
    expect(problems).toEqual([{ target: 'heightM', field: '建筑高度', value: 'abc', reason: 'not-a-number' }]);
  });
  it('reads pipeline kinds and control-line colours from Chinese words', () => {
    const pm = suggestMapping('pipelines', [{ name: '管线类型', type: 'String' }]);
    expect(mapProperties('pipelines', pm, { 管线类型: '给水' }).properties.kind).toBe('water');
    expect(mapProperties('pipelines', pm, { 管线类型: '雨水' }).properties.kind).toBe('drainage');
    const bad = mapProperties('pipelines', pm, { 管线类型: '神秘' });
    expect(bad.properties.kind).toBe('unknown');
    expect(bad.problems[0].reason).toBe('unknown-kind');
    const lm = suggestMapping('controlLines', [{ name: '控制线类型', type: 'String' }]);
    expect(mapProperties('controlLines', lm, { 控制线类型: '蓝线' }).properties.kind).toBe('blue');
  });
  it('groups a parcel’s planning conditions and reads grid levels written in Chinese', () => {
    const pm = suggestMapping('parcels', [
      { name: '编号', type: 'String' },
      { name: '容积率', type: 'Real' },
      { name: '限高', type: 'Real' },
    ]);
    expect(mapProperties('parcels', pm, { 编号: 'P1', 容积率: 2.5, 限高: 60 }).properties).toMatchObject({
      id: 'P1',
      conditions: { farMax: 2.5, heightMaxM: 60 },
    });
    const gm = suggestMapping('grids', [{ name: '网格层级', type: 'String' }]);
    expect(mapProperties('grids', gm, { 网格层级: '三级' }).properties.level).toBe(3);
    expect(mapProperties('grids', gm, { 网格层级: '2' }).properties.level).toBe(2);
  });
});

describe('suggestRole', () => {
  it('guesses the role from geometry and field names', () => {
    expect(suggestRole('Polygon', chineseBuildings)).toBe('buildings');
    expect(
      suggestRole('MultiPolygon', [
        { name: '网格编码', type: 'String' },
        { name: '网格层级', type: 'Integer' },
      ]),
    ).toBe('grids');
    expect(suggestRole('LineString', [{ name: '管径', type: 'Integer' }])).toBe('pipelines');
    expect(suggestRole('Polygon', [{ name: 'foo', type: 'String' }])).toBe('overlay');
    expect(suggestRole('Point', chineseBuildings)).toBe('overlay');
  });
});
