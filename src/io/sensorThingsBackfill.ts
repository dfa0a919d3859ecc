// After a reconnect: fetch what each datastream flagged as "may have missed" published while the feed was away, from
// the SensorThings API, a few requests at a time, through the same validation and ingest as the MQTT messages.
import type { SensorMonitor } from '../core/sensors/monitor';
import { PUSH_DUPLICATE } from '../core/sensors/ingest';
import { fetchObservationsAfter, type StaRequestOptions } from './sensorThingsApi';
import type { BackfillProgress } from '../core/sensors/liveTypes';

export type { BackfillProgress };

export interface BackfillOptions extends StaRequestOptions {
  /** Requests in flight at once (4). */
  concurrency?: number;
  /** The receiver's clock for the future-time check (Date.now). */
  now?: () => number;
  /** Called after every datastream (the object is updated in place). */
  onProgress?: (p: BackfillProgress) => void;
}

/** Where each datastream's backfill starts, taken right after a reconnect: its latest value before the gap, else the gap's start. */
export function backfillStartsMs(monitor: SensorMonitor): Float64Array {
  const latest = monitor.ingest.latestTimeMs;
  const gapFrom = monitor.states.gapFromMs;
  return Float64Array.from(latest, (t, i) => (Number.isNaN(t) ? gapFrom[i] : t));
}

/** Backfills every flagged datastream with a start time; resolves when all are fetched (or the signal aborts). */
export async function backfillMissed(
  monitor: SensorMonitor,
  baseUrl: string,
  afterMs: Float64Array,
  options: BackfillOptions = {},
): Promise<BackfillProgress> {
  const cat = monitor.ingest.catalogue;
  const now = options.now ?? Date.now;
  const queue: number[] = [];
  for (let i = cat.count - 1; i >= 0; i--) if (monitor.states.mayHaveMissed(i) && !Number.isNaN(afterMs[i])) queue.push(i);
  const progress: BackfillProgress = { state: 'running', datastreams: queue.length, done: 0, failed: 0, observations: 0, added: 0 };
  const aborted = () => options.signal?.aborted === true;
  const lane = async () => {
    for (let i = queue.pop(); i !== undefined && !aborted(); i = queue.pop()) {
      try {
        const list = await fetchObservationsAfter(baseUrl, cat.ids[i], afterMs[i], options);
        if (aborted()) return;
        const t = now();
        for (const o of list) {
          const code = monitor.pushFields(i, o.phenomenonTime, o.result, t);
          if (code <= 0 && code !== PUSH_DUPLICATE) progress.added++;
        }
        progress.observations += list.length;
        monitor.states.clearMissed(i);
        progress.done++;
      } catch (err) {
        if (aborted()) return;
        progress.failed++;
        progress.error = (err as Error).message;
      }
      options.onProgress?.(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, lane));
  if (!aborted()) progress.state = progress.failed ? 'error' : 'done';
  return progress;
}
