// Tours the user authored, kept in IndexedDB (through idb) by id; and the city's own tours from its manifest.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseTour, validateTour } from '../core/tour/tourSchema';
import type { Tour } from '../core/tour/types';
import type { DemoManifest } from '../core/demo/manifest';
import { cityFileUrl } from '../io/cityFileUrl';

interface TourDb extends DBSchema {
  tours: { key: string; value: { id: string; savedAtMs: number; tour: Tour } };
}

let db: Promise<IDBPDatabase<TourDb>> | null = null;
const open = () =>
  (db ??= openDB<TourDb>('cim-tours', 1, {
    upgrade(d) {
      d.createObjectStore('tours', { keyPath: 'id' });
    },
  }));

export async function saveTour(tour: Tour): Promise<void> {
  const valid = validateTour(tour, `tour ${tour.id}`);
  await (await open()).put('tours', { id: valid.id, savedAtMs: Date.now(), tour: valid });
}

export async function listSavedTours(): Promise<{ id: string; savedAtMs: number; tour: Tour }[]> {
  return (await open()).getAll('tours');
}

export async function deleteSavedTour(id: string): Promise<void> {
  await (await open()).delete('tours', id);
}

/** A saved tour, re-validated (the stored record may come from an older version). */
export async function loadSavedTour(id: string): Promise<Tour | null> {
  const rec = await (await open()).get('tours', id);
  return rec ? validateTour(rec.tour, `saved tour ${id}`) : null;
}

/** A tour by id: the city's manifest first, then the saved ones. Throws an Error naming the file or id. */
export async function findTour(id: string, manifest: DemoManifest | null, manifestUrl: string): Promise<Tour> {
  const entry = manifest?.tours?.find((t) => t.id === id);
  if (entry) {
    const url = cityFileUrl(manifestUrl, entry.file);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${entry.file}: HTTP ${res.status}`);
    return parseTour(await res.text(), entry.file);
  }
  const saved = await loadSavedTour(id).catch(() => null);
  if (saved) return saved;
  const known = [...(manifest?.tours?.map((t) => t.id) ?? [])];
  throw new Error(`no tour "${id}" in the city's manifest or the saved tours${known.length ? ` (the city has: ${known.join(', ')})` : ''}`);
}
