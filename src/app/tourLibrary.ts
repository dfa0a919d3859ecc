// Tours the user authored and the city's own tours from its manifest. Authored tours live in IndexedDB (through idb)
// by id in the static deployment, and on the server (/api/tours) in server mode, shared by the authoring desk and
// the video wall: the library of the page picks the one its session mode says.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseTour, validateTour } from '../core/tour/tourSchema';
import type { Tour } from '../core/tour/types';
import type { DemoManifest } from '../core/demo/manifest';
import { cityFileUrl } from '../io/cityFileUrl';
import type { AppStore } from '../state/store';
import type { SavedTourEntry } from '../ui/tour/TourEditor';
import { serverApiOf, whenProbed } from './server/serverSession';
import { createTourClient, type TourClient } from './server/tourClient';

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

/**
 * A tour by id: the city's manifest first, then the saved ones (static mode). Throws an Error naming the file or id.
 * `server`: the server's tours come first (a city tour edited and saved on the desk is the one the wall plays).
 */
export async function findTour(id: string, manifest: DemoManifest | null, manifestUrl: string, server?: TourClient): Promise<Tour> {
  const shared = server ? await server.get(id) : null;
  if (shared) return shared;
  const entry = manifest?.tours?.find((t) => t.id === id);
  if (entry) {
    const url = cityFileUrl(manifestUrl, entry.file);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${entry.file}: HTTP ${res.status}`);
    return parseTour(await res.text(), entry.file);
  }
  const saved = server ? null : await loadSavedTour(id).catch(() => null);
  if (saved) return saved;
  const known = [...(manifest?.tours?.map((t) => t.id) ?? [])];
  const where = server ? 'the server' : 'the saved tours';
  throw new Error(`no tour "${id}" in the city's manifest or ${where}${known.length ? ` (the city has: ${known.join(', ')})` : ''}`);
}

/** The page's tour library: saves, lists, removes and finds tours where its session mode keeps them. */
export interface TourLibrary {
  save(tour: Tour): Promise<void>;
  list(): Promise<SavedTourEntry[]>;
  remove(id: string): Promise<void>;
  find(id: string): Promise<Tour>;
}

const libraries = new WeakMap<AppStore, TourLibrary>();

/** One per page (the server's ETags it remembers are what the next save must match). */
export function tourLibraryOf(store: AppStore, manifestUrl: string): TourLibrary {
  let lib = libraries.get(store);
  if (lib) return lib;
  const server = createTourClient(serverApiOf(store));
  const onServer = async () => (await whenProbed(store)) === 'server';
  lib = {
    save: async (tour) => ((await onServer()) ? server.put(tour) : saveTour(tour)),
    async list() {
      if (!(await onServer())) return listSavedTours();
      return (await server.list()).map((t) => ({
        id: t.id,
        savedAtMs: Date.parse(t.updatedAt),
        title: t.name ?? undefined,
        updatedBy: t.updatedBy,
      }));
    },
    remove: async (id) => ((await onServer()) ? server.remove(id) : deleteSavedTour(id)),
    find: async (id) => findTour(id, store.getState().manifest, manifestUrl, (await onServer()) ? server : undefined),
  };
  libraries.set(store, lib);
  return lib;
}
