// CSV writing (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of a CSV file in chunks of at most `rowsPerChunk` rows, so a million rows never make one string. */
export function* csvChunks(
  header: string[],
  rows: number,
  row: (i: number) => (string | number | null | undefined)[],
  rowsPerChunk = 50_000,
): Generator<string> {
  yield `${header.map(csvField).join(',')}\n`;
  for (let start = 0; start < rows; start += rowsPerChunk) {
    const end = Math.min(rows, start + rowsPerChunk);
    const lines = new Array<string>(end - start);
    for (let i = start; i < end; i++) lines[i - start] = row(i).map(csvField).join(',');
    yield `${lines.join('\n')}\n`;
  }
}

/** The records of CSV text (RFC 4180 quoting; CRLF or LF), the header row included. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
