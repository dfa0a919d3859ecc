// The entries of a .zip (central directory) and the first bytes of one entry: enough to find what a zipped
// Shapefile or File Geodatabase holds and to read its .cpg and DBF header; GDAL reads the rest through /vsizip/.

export interface ZipEntry {
  name: string;
  method: number;
  compressedBytes: number;
  bytes: number;
  localHeaderOffset: number;
}

/** The central directory's entries; null when `bytes` is not a zip (no end-of-central-directory record). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder();
  for (let i = 0; i < count && p + 46 <= bytes.length; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) return null;
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    entries.push({
      name: utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      method: view.getUint16(p + 10, true),
      compressedBytes: view.getUint32(p + 20, true),
      bytes: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Up to `maxBytes` of an entry's uncompressed bytes (stored or deflated). */
export async function zipEntryHead(bytes: Uint8Array, entry: ZipEntry, maxBytes = Infinity): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localHeaderOffset;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, start + entry.compressedBytes);
  if (entry.method === 0) return data.subarray(0, Math.min(data.length, maxBytes));
  if (entry.method !== 8) throw new Error(`zip entry ${entry.name}: compression method ${entry.method} is not supported`);
  const reader = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await reader.cancel();
  const out = new Uint8Array(Math.min(total, maxBytes));
  let o = 0;
  for (const c of chunks) {
    const n = Math.min(c.length, out.length - o);
    out.set(c.subarray(0, n), o);
    o += n;
    if (o === out.length) break;
  }
  return out;
}
