// Which column of the converted layer holds the source field an overlay is styled by (writeFgb's convertedColumns).
import { describe, expect, it } from 'vitest';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { convertedColumns } from '../io/gdal/writeFgb';
import { overlayColumn } from './importOverlay';

describe('overlayColumn', () => {
  const fields = [
    { name: '编号', type: 'String', samples: [] },
    { name: '名称', type: 'String', samples: [] },
    { name: '用地代码', type: 'String', samples: [] },
    { name: '面积', type: 'Real', samples: [] },
  ];
  const mapping = { id: '编号', name: '名称' };
  const columns = convertedColumns('overlay', mapping, fields).map((c) => c.name);

  it('names a column the converted layer has, for every source field', () => {
    for (const f of fields) expect(columns).toContain(overlayColumn(mapping, f.name));
  });

  it('follows a field mapped to id or name there, and keeps the others under their own name', () => {
    expect(overlayColumn(mapping, '编号')).toBe('id');
    expect(overlayColumn(mapping, '名称')).toBe('name');
    expect(overlayColumn(mapping, '用地代码')).toBe('用地代码');
    expect(convertedColumns('overlay', mapping, fields).find((c) => c.name === '面积')?.type).toBe(ColumnType.Double);
  });
});
