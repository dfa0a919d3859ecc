// Tours on `cim serve` (/api/tours): listed, read with their ETag, saved with If-Match on the version last read or
// saved here, so a tour changed by someone else meanwhile is refused (412) rather than overwritten.
import { parseTour, validateTour } from '../../core/tour/tourSchema';
import type { Tour } from '../../core/tour/types';
import { ServerError, type ServerApi } from './serverApi';

export interface ServerTourEntry {
  id: string;
  name: { zh?: string; en?: string } | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface TourClient {
  list(): Promise<ServerTourEntry[]>;
  /** The tour, or null when the server has none by that id. */
  get(id: string): Promise<Tour | null>;
  /** Creates the tour, or replaces the version this page last read or saved (412 when it changed meanwhile). */
  put(tour: Tour): Promise<void>;
  remove(id: string): Promise<void>;
}

const path = (id: string) => `/api/tours/${encodeURIComponent(id)}`;
const VERSION = /^(?:W\/)?"tour-(\d+)"$/;

export function createTourClient(api: ServerApi, fetchFn: typeof fetch = (i, init) => fetch(i, init)): TourClient {
  /** The version of each tour as this page last read or saved it: what its next save must match. */
  const versions = new Map<string, number>();
  const ifMatch = (id: string): Record<string, string> => {
    const v = versions.get(id);
    return v === undefined ? {} : { 'If-Match': `"tour-${v}"` };
  };
  return {
    async list() {
      const answer = await api.fetchJson<{ tours?: ServerTourEntry[] }>('/api/tours');
      return Array.isArray(answer?.tours) ? answer.tours : [];
    },
    async get(id) {
      // Read beside fetchJson: the ETag is the version a save must match.
      const res = await fetchFn(path(id), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      const text = await res.text();
      if (res.status === 404) return null;
      if (!res.ok) {
        let title = `the server answered ${res.status}`;
        try {
          const body = JSON.parse(text) as { title?: unknown };
          if (typeof body.title === 'string') title = body.title;
        } catch {
          // not JSON: the status says it
        }
        throw new ServerError(res.status, `tour ${id}: ${title}`);
      }
      const tour = parseTour(text, `tour ${id}`);
      const m = VERSION.exec(res.headers.get('ETag') ?? '');
      if (m) versions.set(id, Number(m[1]));
      return tour;
    },
    async put(tour) {
      const valid = validateTour(tour, `tour ${tour.id}`);
      const saved = await api.fetchJson<{ version?: number }>(path(valid.id), { method: 'PUT', headers: ifMatch(valid.id), json: valid });
      if (typeof saved?.version === 'number') versions.set(valid.id, saved.version);
    },
    async remove(id) {
      await api.fetchJson(path(id), { method: 'DELETE', headers: ifMatch(id) });
      versions.delete(id);
    },
  };
}
