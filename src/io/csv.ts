// CSV writing (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of a CSV file in chunks of at most `rowsPerChunk` rows, so a million rows never make one string. */
export function* csvChunks(header: string[], rows: number, row: (i: number) => (string | number | null | undefined)[], rowsPerChunk = 50_000): Generator<string> {
  yield `${header.map(csvField).join(',')}\n`;
  for (let start = 0; start < rows; start += rowsPerChunk) {
    const end = Math.min(rows, start + rowsPerChunk);
    const lines = new Array<string>(end - start);
    for (let i = start; i < end; i++) lines[i - start] = row(i).map(csvField).join(',');
    yield `${lines.join('\n')}\n`;
  }
}
