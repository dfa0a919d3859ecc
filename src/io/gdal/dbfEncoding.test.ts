import { describe, expect, it } from 'vitest';
import { chooseDbfEncoding, encodingFromCpg } from './dbfEncoding';

/** A DBF with one character field of `width` bytes holding `values` (already encoded), language byte `ldid`. */
function dbf(values: Uint8Array[], width = 20, ldid = 0): Uint8Array {
  const header = 32 + 32 + 1;
  const record = 1 + width;
  const out = new Uint8Array(header + record * values.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 3;
  v.setUint32(4, values.length, true);
  v.setUint16(8, header, true);
  v.setUint16(10, record, true);
  out[29] = ldid;
  out.set(new TextEncoder().encode('NAME'), 32);
  out[32 + 11] = 0x43;
  out[32 + 16] = width;
  out[64] = 0x0d;
  values.forEach((bytes, i) => {
    const at = header + i * record;
    out[at] = 0x20;
    out.fill(0x20, at + 1, at + record);
    out.set(bytes.subarray(0, width), at + 1);
  });
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
// GBK bytes of 住宅楼 and 仓储 (from the GBK code table), written by hand so the test needs no encoder.
const GBK_ZHUZHAILOU = new Uint8Array([0xd7, 0xa1, 0xd5, 0xac, 0xc2, 0xa5]);
const GBK_CANGCHU = new Uint8Array([0xb2, 0xd6, 0xb4, 0xa2]);

describe('chooseDbfEncoding', () => {
  it('takes the .cpg first, in GDAL’s names', () => {
    expect(chooseDbfEncoding(dbf([GBK_CANGCHU]), 'GBK')).toMatchObject({ encoding: 'CP936', source: 'cpg' });
    expect(chooseDbfEncoding(dbf([GBK_CANGCHU]), 'UTF-8\r\n')).toMatchObject({ encoding: 'UTF-8', source: 'cpg' });
    expect(encodingFromCpg('936')).toBe('CP936');
    expect(encodingFromCpg('GB18030')).toBe('GB18030');
  });

  it('detects GBK text without a .cpg, whatever the language byte says', () => {
    const d = chooseDbfEncoding(dbf([GBK_ZHUZHAILOU, GBK_CANGCHU, utf8('B-1')]), null);
    expect(d).toMatchObject({ encoding: 'CP936', source: 'detected' });
    expect(d.detail).toMatch(/2 text values of 3 records are valid GBK/);
  });

  it('detects UTF-8 text, even with a Chinese language byte', () => {
    expect(chooseDbfEncoding(dbf([utf8('住宅楼'), utf8('仓储')], 20, 0x4d), null)).toMatchObject({ encoding: 'UTF-8', source: 'detected' });
  });

  it('a UTF-8 character cut at the field end is not a fault', () => {
    const cut = utf8('住宅楼楼楼楼楼楼').subarray(0, 20); // 20 bytes: the 7th character is cut after 2 of its 3 bytes
    expect(chooseDbfEncoding(dbf([cut]), null)).toMatchObject({ encoding: 'UTF-8', source: 'detected' });
  });

  it('tells GB18030 four-byte sequences apart from GBK', () => {
    const fourByte = new Uint8Array([0x81, 0x30, 0x81, 0x30, ...GBK_CANGCHU]);
    expect(chooseDbfEncoding(dbf([fourByte]), null)).toMatchObject({ encoding: 'GB18030', source: 'detected' });
  });

  it('falls back to the language byte, then says it assumed', () => {
    expect(chooseDbfEncoding(dbf([utf8('B-1')], 20, 0x4d), null)).toMatchObject({ encoding: 'CP936', source: 'ldid' });
    expect(chooseDbfEncoding(dbf([utf8('B-1')]), null)).toMatchObject({ encoding: 'UTF-8', source: 'ascii' });
    expect(chooseDbfEncoding(new Uint8Array(10), null)).toMatchObject({ source: 'default' });
  });
});
