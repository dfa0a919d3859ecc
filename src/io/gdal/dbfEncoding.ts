// The text encoding of a Shapefile's attributes: its .cpg when there is one, else detected from the DBF's bytes
// (UTF-8 vs GBK/GB18030, the encodings Chinese data comes in), else the DBF header's language driver byte.

/** How the encoding was chosen: the .cpg file, the DBF bytes, the DBF header's LDID, or nothing non-ASCII to decide. */
export type EncodingSource = 'cpg' | 'detected' | 'ldid' | 'ascii' | 'default';

export interface ChosenEncoding {
  /** The name GDAL's Shapefile driver takes as its ENCODING open option (SHAPE_ENCODING). */
  encoding: string;
  source: EncodingSource;
  /** One line on why, for the import dialog and the CLI report. */
  detail: string;
}

/** A .cpg's text to GDAL's name for it. */
export function encodingFromCpg(text: string): string {
  const t = text.trim().toUpperCase().replace(/[\s_]/g, '');
  if (['UTF-8', 'UTF8', '65001'].includes(t)) return 'UTF-8';
  if (['GBK', '936', 'CP936', 'GB2312', 'EUC-CN', 'MS936', 'WINDOWS-936'].includes(t)) return 'CP936';
  if (t === 'GB18030' || t === '54936') return 'GB18030';
  return text.trim();
}

/** LDID byte (DBF header byte 29) → encoding, for the values Chinese data carries. */
const LDID_ENCODING: Record<number, string> = { 0x4d: 'CP936', 0x57: 'ISO-8859-1', 0x03: 'CP1252', 0x01: 'CP437' };

interface DbfLayout {
  headerBytes: number;
  recordBytes: number;
  records: number;
  ldid: number;
  /** [offset in record, length] of each character field. */
  textFields: [number, number][];
}

function dbfLayout(head: Uint8Array): DbfLayout | null {
  if (head.length < 32) return null;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const layout: DbfLayout = {
    records: v.getUint32(4, true),
    headerBytes: v.getUint16(8, true),
    recordBytes: v.getUint16(10, true),
    ldid: head[29],
    textFields: [],
  };
  let offset = 1;
  for (let p = 32; p + 32 <= head.length && head[p] !== 0x0d; p += 32) {
    const length = head[p + 16];
    if (head[p + 11] === 0x43 /* C */) layout.textFields.push([offset, length]);
    offset += length;
  }
  return layout;
}

/** Counts of [valid multi-byte chars, invalid sequences] in `b` read as UTF-8; a char cut at the end is not invalid. */
function utf8Score(b: Uint8Array, start: number, end: number): [number, number] {
  let ok = 0;
  let bad = 0;
  for (let i = start; i < end;) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) {
      bad++;
      i++;
      continue;
    }
    let k = 1;
    while (k <= n && i + k < end && (b[i + k] & 0xc0) === 0x80) k++;
    if (k === n + 1) ok += n > 0 ? 1 : 0;
    else if (i + k < end) bad++;
    i += k;
  }
  return [ok, bad];
}

/** Counts of [2-byte chars, 4-byte chars, invalid sequences] in `b` read as GB18030 (GBK is its 2-byte part). */
function gbScore(b: Uint8Array, start: number, end: number): [number, number, number] {
  let two = 0;
  let four = 0;
  let bad = 0;
  for (let i = start; i < end;) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c === 0x80 || c === 0xff) {
      bad++;
      i++;
      continue;
    }
    if (i + 1 >= end) break;
    const d = b[i + 1];
    if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) {
      two++;
      i += 2;
    } else if (d >= 0x30 && d <= 0x39 && i + 3 < end && b[i + 2] >= 0x81 && b[i + 2] <= 0xfe && b[i + 3] >= 0x30 && b[i + 3] <= 0x39) {
      four++;
      i += 4;
    } else {
      bad++;
      i++;
    }
  }
  return [two, four, bad];
}

/**
 * The encoding of a DBF from its first bytes (`head`: header and as many whole records as it holds) and its
 * .cpg text if any. Only character fields are looked at; bytes never lie, so they win over the LDID byte.
 */
export function chooseDbfEncoding(head: Uint8Array, cpgText: string | null): ChosenEncoding {
  if (cpgText !== null && cpgText.trim()) {
    const encoding = encodingFromCpg(cpgText);
    return { encoding, source: 'cpg', detail: `.cpg says "${cpgText.trim()}"` };
  }
  const layout = dbfLayout(head);
  if (!layout) return { encoding: 'UTF-8', source: 'default', detail: 'DBF header unreadable; UTF-8 assumed' };
  let utf8 = [0, 0];
  let gb = [0, 0, 0];
  let nonAscii = 0;
  const records = Math.min(layout.records, Math.floor((head.length - layout.headerBytes) / Math.max(1, layout.recordBytes)));
  for (let r = 0; r < records; r++) {
    const base = layout.headerBytes + r * layout.recordBytes;
    for (const [offset, length] of layout.textFields) {
      const s = base + offset;
      let high = false;
      for (let i = s; i < s + length; i++) if (head[i] >= 0x80) high = true;
      if (!high) continue;
      nonAscii++;
      const u = utf8Score(head, s, s + length);
      const g = gbScore(head, s, s + length);
      utf8 = [utf8[0] + u[0], utf8[1] + u[1]];
      gb = [gb[0] + g[0], gb[1] + g[1], gb[2] + g[2]];
    }
  }
  const ldid = LDID_ENCODING[layout.ldid];
  if (nonAscii === 0) {
    return ldid
      ? {
          encoding: ldid,
          source: 'ldid',
          detail: `no non-ASCII text in ${records} records; DBF language byte 0x${layout.ldid.toString(16)}`,
        }
      : { encoding: 'UTF-8', source: 'ascii', detail: `no non-ASCII text in ${records} records` };
  }
  if (utf8[1] === 0)
    return { encoding: 'UTF-8', source: 'detected', detail: `${nonAscii} text values of ${records} records are valid UTF-8` };
  if (gb[2] === 0) {
    const encoding = gb[1] > 0 ? 'GB18030' : 'CP936';
    return {
      encoding,
      source: 'detected',
      detail: `${nonAscii} text values of ${records} records are valid ${gb[1] > 0 ? 'GB18030' : 'GBK'}, not UTF-8`,
    };
  }
  const fallback = ldid ?? 'CP936';
  return {
    encoding: fallback,
    source: ldid ? 'ldid' : 'default',
    detail: `text is neither valid UTF-8 (${utf8[1]} bad sequences) nor GBK (${gb[2]}); ${ldid ? 'DBF language byte' : 'GBK assumed'}`,
  };
}
