import { describe, expect, it } from 'vitest';
import { authorityOf, child, find, nameOf, numberArg, parseWkt } from './wkt';

describe('parseWkt', () => {
  it('reads keywords, strings with doubled quotes, numbers and nested nodes, in [] or ()', () => {
    const root = parseWkt(
      'GEOGCS["a ""b""",DATUM("D",SPHEROID["S",6378137.0,298.257222101]),UNIT["Degree",1.7e-2],AUTHORITY["EPSG","4490"]]',
    );
    expect(root.keyword).toBe('GEOGCS');
    expect(nameOf(root)).toBe('a "b"');
    expect(numberArg(find(root, 'SPHEROID'), 1)).toBe(298.257222101);
    expect(numberArg(child(root, 'UNIT'))).toBe(0.017);
    expect(authorityOf(root)).toBe('EPSG:4490');
  });
  it('reads the horizontal CRS of an ArcGIS "PROJCS[…],VERTCS[…]"', () => {
    expect(parseWkt('PROJCS["p",UNIT["Meter",1.0]],VERTCS["Yellow_Sea_1985",UNIT["Meter",1.0]]').keyword).toBe('PROJCS');
  });
  it('names what is wrong and where', () => {
    expect(() => parseWkt('PROJCS["p",UNIT["Meter",1.0]')).toThrow("WKT: ',' or ']' expected at offset 28");
    expect(() => parseWkt('PROJCS["p]')).toThrow('WKT: unterminated string');
    expect(() => parseWkt('PROJCS["p"] x')).toThrow('WKT: text after the end at offset 12');
    expect(() => parseWkt('A['.repeat(100))).toThrow('WKT: nesting deeper than 64');
  });
});
