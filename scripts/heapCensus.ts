// What a page's JavaScript heap holds: a V8 heap snapshot (CDP HeapProfiler.takeHeapSnapshot) counted
// by node type and constructor name, and for the largest groups, which constructors hold them. Used by
// `bench:join-ui` (HEAP=1) to find what makes the page's garbage collections long: a major GC's pause
// grows with the number of live objects it has to mark and move, not with their bytes.
// `tsx scripts/heapCensus.ts file.heapsnapshot` prints the census of a saved snapshot.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Takes a heap snapshot of the page (after a full GC, as DevTools does), and saves it to `file` (DevTools opens it). */
export async function takeHeapSnapshot(cdp: CDPSession, file: string): Promise<Snapshot> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const text = chunks.join('');
  writeFileSync(file, text);
  return JSON.parse(text) as Snapshot;
}

export interface CensusRow {
  /** "type name", e.g. "object Cartesian3", "number heap number", "closure (anonymous)". */
  group: string;
  count: number;
  bytes: number;
  /** The groups whose objects refer to these most often (property and element edges). */
  heldBy: { group: string; count: number }[];
}

/** Live objects by group, largest count first; `top` groups get their holders counted. */
export function heapCensus(s: Snapshot, top = 15): { internalized: number; objects: number; bytes: number; rows: CensusRow[] } {
  const nf = s.snapshot.meta.node_fields;
  const width = nf.length;
  const [TYPE, NAME, SIZE, EDGES] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const types = s.snapshot.meta.node_types[0];
  const ef = s.snapshot.meta.edge_fields;
  const ewidth = ef.length;
  const [ETYPE, ETO] = ['type', 'to_node'].map((f) => ef.indexOf(f));
  const etypes = s.snapshot.meta.edge_types[0];
  const n = s.nodes.length / width;
  const group = (i: number) => {
    const t = types[s.nodes[i * width + TYPE]];
    const name = s.strings[s.nodes[i * width + NAME]];
    // Strings and numbers are named by their value: group them by type only.
    return t === 'string' || t === 'concatenated string' || t === 'sliced string' || t === 'number'
      ? t
      : `${t} ${name.length > 60 ? `${name.slice(0, 57)}…` : name}`;
  };
  // Chromium's snapshots show each heap number's value, and each string's length, as a node of the
  // other kind (a string held by the number, a number held by the string): those are not on the page's
  // heap, so a string or number held only that way is left out of the census.
  const kind = (i: number) => types[s.nodes[i * width + TYPE]];
  const real = new Uint8Array(n);
  for (let i = 0, e = 0; i < n; i++) {
    const count = s.nodes[i * width + EDGES];
    const from = kind(i);
    for (let k = 0; k < count; k++, e += ewidth) {
      const to = s.edges[e + ETO] / width;
      const toKind = kind(to);
      if (!((from === 'number' && toKind === 'string') || (from === 'string' && toKind === 'number'))) real[to] = 1;
    }
  }
  // Small integers (Smis) live inside their holder, not on the heap: the snapshot's "smi number" and
  // "int" nodes are not objects either.
  const artefact = (i: number) =>
    (kind(i) === 'number' && s.strings[s.nodes[i * width + NAME]] !== 'heap number') ||
    (!real[i] && (kind(i) === 'string' || kind(i) === 'number'));
  const groupOf = new Array<string>(n);
  const rows = new Map<string, { count: number; bytes: number }>();
  let bytes = 0;
  let objects = 0;
  for (let i = 0; i < n; i++) {
    if (artefact(i)) continue;
    objects++;
    const g = (groupOf[i] = group(i));
    const r = rows.get(g) ?? { count: 0, bytes: 0 };
    r.count++;
    r.bytes += s.nodes[i * width + SIZE];
    bytes += s.nodes[i * width + SIZE];
    rows.set(g, r);
  }
  const sorted = [...rows].sort((a, b) => b[1].count - a[1].count);
  const wanted = new Map(sorted.slice(0, top).map(([g]) => [g, new Map<string, number>()]));
  const holdable = new Set(['property', 'element', 'internal', 'hidden']);
  for (let i = 0, e = 0; i < n; i++) {
    const from = groupOf[i];
    const count = s.nodes[i * width + EDGES];
    if (from === undefined) {
      e += count * ewidth;
      continue;
    }
    for (let k = 0; k < count; k++, e += ewidth) {
      if (!holdable.has(etypes[s.edges[e + ETYPE]])) continue;
      const to = s.edges[e + ETO] / width;
      if (artefact(to)) continue;
      const held = wanted.get(groupOf[to]);
      if (held) held.set(from, (held.get(from) ?? 0) + 1);
    }
  }
  // The string table: V8 walks all of it in every major GC's pause.
  let internalized = 0;
  for (let i = 0; i < n; i++)
    if (kind(i) === 'synthetic' && s.strings[s.nodes[i * width + NAME]] === '(Internalized strings)')
      internalized = s.nodes[i * width + EDGES];
  return {
    internalized,
    objects,
    bytes,
    rows: sorted.slice(0, top).map(([g, r]) => ({
      group: g,
      ...r,
      heldBy: [...wanted.get(g)!]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([h, c]) => ({ group: h, count: c })),
    })),
  };
}

export function printCensus(c: ReturnType<typeof heapCensus>): void {
  console.log(
    `heap snapshot: ${(c.objects / 1e6).toFixed(2)} M objects, ${(c.bytes / 2 ** 20).toFixed(0)} MB, ${c.internalized} internalised strings; largest groups by count (held by):`,
  );
  for (const r of c.rows) {
    console.log(
      `  ${String(r.count).padStart(9)}  ${(r.bytes / 2 ** 20).toFixed(1).padStart(6)} MB  ${r.group}  (${r.heldBy.map((h) => `${h.group} ${h.count}`).join('; ')})`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printCensus(heapCensus(JSON.parse(readFileSync(process.argv[2], 'utf8')) as Snapshot));
