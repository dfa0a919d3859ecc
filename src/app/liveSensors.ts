// The live sensor feed on the page: starts the sensors worker when the URL names a broker (`?live=ws://…`),
// pulls one small frame from it a few times a second and puts it in the store for the scene and panels.
import { wrap } from 'comlink';
import { errorData } from '../io/errorData';
import { actions, type AppStore, type LiveState } from '../state/store';
import type { SensorSeries } from '../core/sensors/series';
import type { LiveFrame, SensorsApi } from '../../workers/sensors.worker';
import { track } from './workers';
import { idIndex } from '../core/geom/idIndex';
import { background } from '../core/util/background';

/** How often the page takes a frame from the worker (the worker coalesces everything in between). */
const FRAME_MS = 250;

export interface LiveSensors {
  acknowledge(alarmId: string, by: string | null): Promise<boolean>;
  /** Credentials for a broker that refused the connection: kept in sessionStorage (this tab only), then reconnects. */
  login(username: string, password: string): void;
  history(thingId: string): Promise<SensorSeries[]>;
  stop(): void;
}

/** sessionStorage key of a broker's credentials: one per broker origin and path, never in the URL or the bundle. */
const credentialsKey = (brokerUrl: string) => {
  const u = new URL(brokerUrl);
  return `cim.mqtt.credentials:${u.protocol}//${u.host}${u.pathname}`;
};

function storedCredentials(brokerUrl: string): { username?: string; password?: string } {
  try {
    const raw = sessionStorage.getItem(credentialsKey(brokerUrl));
    const v = raw ? (JSON.parse(raw) as { username?: unknown; password?: unknown }) : null;
    return typeof v?.username === 'string' && typeof v.password === 'string' ? { username: v.username, password: v.password } : {};
  } catch {
    return {};
  }
}

/**
 * @param thingIdsInLayer the sensors layer's Thing ids, in its order (what sensorStates is indexed by)
 */
export function startLiveSensors(
  store: AppStore,
  brokerUrl: string,
  catalogueUrl: string,
  thingIdsInLayer: string[],
  gridsUrl?: string,
  staUrl?: string,
): LiveSensors {
  const worker = new Worker(new URL('../../workers/sensors.worker.ts', import.meta.url), { type: 'module', name: 'sensors' });
  const api = wrap<SensorsApi>(worker);
  let timer: ReturnType<typeof setInterval> | null = null;
  let layerIndexOfThing = new Int32Array(0);
  let missed = new Uint8Array(0);
  let missedCount = 0;
  const setLive = (patch: Partial<LiveState>) => actions.setLive(store, patch);
  setLive({ status: 'connecting' });

  const apply = (f: LiveFrame) => {
    const s = store.getState();
    let states = s.sensorStates;
    if (f.things.length) {
      states = states ? states.slice() : new Uint8Array(thingIdsInLayer.length).fill(255);
      for (let k = 0; k < f.things.length; k++) {
        const i = layerIndexOfThing[f.things[k]];
        if (i >= 0) states[i] = f.thingState[k];
        const t = f.things[k];
        missedCount += f.thingMissed[k] - missed[t];
        missed[t] = f.thingMissed[k];
      }
    }
    const c = f.counters;
    const rejected = Object.values(c.rejected).reduce((a, b) => a + b, 0);
    actions.liveFrame(store, states, {
      status: f.status,
      messages: c.messages,
      accepted: c.accepted,
      rejected,
      duplicates: c.duplicates,
      outOfOrder: c.outOfOrder,
      byState: f.byState,
      authError: f.authError,
      backfill: f.backfill,
      alarms: f.alarms ?? s.live.alarms,
      alarmCounts: f.alarmCounts ?? s.live.alarmCounts,
      grids: f.grids ?? s.live.grids,
      mayHaveMissed: missedCount,
    });
  };

  track(api.start({ catalogueUrl, brokerUrl, gridsUrl, staUrl, ...storedCredentials(brokerUrl) }))
    .then(({ thingIds }) => {
      const byId = idIndex(thingIdsInLayer);
      layerIndexOfThing = Int32Array.from(thingIds, (id) => byId.get(id) ?? -1);
      missed = new Uint8Array(thingIds.length);
      timer = setInterval(() => {
        api.frame().then(apply, (err: Error) => setLive({ status: 'error', error: err.message, errorData: errorData(err) }));
      }, FRAME_MS);
    })
    .catch((err: Error) => setLive({ status: 'error', error: err.message, errorData: errorData(err) }));

  return {
    acknowledge: (alarmId, by) => api.acknowledge(alarmId, by),
    login(username, password) {
      try {
        sessionStorage.setItem(credentialsKey(brokerUrl), JSON.stringify({ username, password }));
      } catch {
        // Storage refused (private mode, quota): the credentials still serve this connection.
      }
      setLive({ status: 'connecting', authError: undefined });
      background(api.login(username, password), 'the broker login');
    },
    history: (thingId) => api.history(thingId),
    stop() {
      if (timer) clearInterval(timer);
      background(
        api.stop().finally(() => worker.terminate()),
        'stopping the sensors worker',
      );
    },
  };
}
