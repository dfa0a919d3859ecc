// Ops mode headless: a stand-in page (location, history, sessionStorage, keyboard) and tour session, fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { actions, createAppStore, type AppStore, type LiveAlarmRecord } from '../state/store';
import { parseUrlState } from '../state/urlState';
import { parsePageOptions } from '../state/pageOptions';
import type { TourSession } from './tourSession';

/** Ops mode's tours come from the saved ones here (the city's manifest is not loaded). */
const MANIFEST_URL = 'http://wall/data/demo.json';

/** One browser tab: its URL, the reloads asked for, and its sessionStorage (kept across reloads, as a tab keeps it). */
function fakeTab(href: string) {
  const tab = { href, reloads: [] as string[], storage: new Map<string, string>() };
  vi.stubGlobal('location', {
    get href() {
      return tab.href;
    },
    get search() {
      return new URL(tab.href).search;
    },
    get pathname() {
      return new URL(tab.href).pathname;
    },
    get hash() {
      return new URL(tab.href).hash;
    },
    replace: (url: string) => tab.reloads.push(url),
  });
  vi.stubGlobal('history', {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => void (tab.href = new URL(url, tab.href).href),
  });
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => tab.storage.get(k) ?? null,
    setItem: (k: string, v: string) => void tab.storage.set(k, v),
    removeItem: (k: string) => void tab.storage.delete(k),
  });
  vi.stubGlobal('window', { addEventListener: () => {}, removeEventListener: () => {} });
  return tab;
}

/** A tour session that plays nothing and records the alarm interruptions asked of it. */
function fakeSession(): TourSession & { interruptions: number } {
  const s = {
    interruptions: 0,
    tour: () => null,
    timeline: () => null,
    elapsedMs: () => 0,
    start() {},
    pause() {},
    resume() {},
    previewFrom() {},
    handOver: () => null,
    stop() {},
    destroy() {},
    interrupt() {
      s.interruptions++;
    },
  };
  return s;
}

/** A new document in the tab: ops mode's module loaded afresh (its per-document state with it). */
async function loadPage() {
  vi.resetModules();
  const ops = await import('./opsMode');
  const store = createAppStore(parseUrlState(location.search));
  return { ops, store };
}

function alarm(id: string, datastreamId: string, raisedAtMs: number): LiveAlarmRecord {
  return {
    id,
    thingId: `thing-${datastreamId}`,
    datastreamId,
    name: 'gas',
    unit: '%LEL',
    type: 'gas',
    cause: 'value',
    severity: 'alarm',
    raisedAtMs,
    value: 40,
    clearedAtMs: null,
    acknowledgedAtMs: null,
    acknowledgedBy: null,
    occurrences: 1,
  };
}

const setAlarms = (store: AppStore, alarms: LiveAlarmRecord[]) => actions.setLive(store, { alarms });

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startOpsMode', () => {
  it("reads a restart's tourAt and tourPaused once and drops them from the URL (a later reload starts as configured)", async () => {
    const tab = fakeTab('http://wall/?mode=ops&layers=buildings,grids&tourAt=7000&tourPaused=1#x');
    const { ops, store } = await loadPage();
    const options = parsePageOptions(location.href).ops;
    expect([options.tourAtMs, options.tourPaused]).toEqual([7000, true]);
    ops.startOpsMode(store, fakeSession(), () => {}, options, MANIFEST_URL);
    expect(tab.href).toBe('http://wall/?mode=ops&layers=buildings,grids#x');
  });

  it('hands the position it was given on when it restarts before the tour has loaded', async () => {
    const tab = fakeTab('http://wall/?mode=ops&tour=short&restartHours=0.001&tourAt=7000&tourPaused=1');
    const { ops, store } = await loadPage();
    ops.startOpsMode(store, fakeSession(), () => {}, parsePageOptions(location.href).ops, MANIFEST_URL);
    vi.advanceTimersByTime(3600);
    expect(tab.reloads).toEqual(['http://wall/?mode=ops&tour=short&restartHours=0.001&tourAt=7000&tourPaused=1']);
  });

  it('restarts on the deadline of its first start, however often a lost context makes it start again', async () => {
    const tab = fakeTab('http://wall/?mode=ops&restartHours=0.001');
    const { ops, store } = await loadPage();
    const options = parsePageOptions(location.href).ops;
    let stop = ops.startOpsMode(store, fakeSession(), () => {}, options, MANIFEST_URL);
    // Restart after 3.6 s; scenes rebuilt at 1.5 s and 3 s start ops mode again.
    for (let rebuilds = 0; rebuilds < 2; rebuilds++) {
      vi.advanceTimersByTime(1500);
      stop();
      stop = ops.startOpsMode(store, fakeSession(), () => {}, options, MANIFEST_URL);
    }
    expect(tab.reloads).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(tab.reloads).toHaveLength(1);
    stop();
  });

  it('does not fly again after a restart to an alarm it flew to before; a new one it does', async () => {
    const tab = fakeTab('http://wall/?mode=ops&alarmFly=1&restartHours=0.001');
    // The first page flies to the gas alarm on D1, then restarts with it still open.
    const first = await loadPage();
    const session1 = fakeSession();
    first.ops.startOpsMode(first.store, session1, () => {}, parsePageOptions(location.href).ops, MANIFEST_URL);
    actions.setTour(first.store, { id: 'short', phase: 'playing' });
    setAlarms(first.store, [alarm('A1', 'D1', 1000)]);
    expect(session1.interruptions).toBe(1);
    vi.advanceTimersByTime(3600);
    expect(tab.reloads).toHaveLength(1);
    // The next page's feed raises it again under a new id (ids are numbered per page): not new, no flight.
    const second = await loadPage();
    const session2 = fakeSession();
    second.ops.startOpsMode(second.store, session2, () => {}, parsePageOptions(location.href).ops, MANIFEST_URL);
    actions.setTour(second.store, { id: 'short', phase: 'playing' });
    setAlarms(second.store, [alarm('A3', 'D1', 5000)]);
    expect(session2.interruptions).toBe(0);
    // A new alarm on another datastream is flown to.
    setAlarms(second.store, [alarm('A4', 'D2', 6000), alarm('A3', 'D1', 5000)]);
    expect(session2.interruptions).toBe(1);
  });
});
