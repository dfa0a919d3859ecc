// The live feed's whole state in one object: the catalogue, ingest and state machine, the per-Thing roll-up, the
// sensors' grids and the connection's bookkeeping. The sensors worker owns one and only wires the transport to it.
import { summariseAlarms } from './alarmList';
import type { DatastreamCatalogue } from './catalogue';
import type { BackfillProgress, LiveAlarm, LiveConfig, LiveFrame } from './liveTypes';
import { SensorMonitor, type MonitorOptions } from './monitor';
import { ConnectionTracker, type Gap } from './reconnect';
import type { SensorSeries } from './series';
import { countPerGrid, type ThingGrids } from './thingGrids';
import { ThingStates } from './thingStates';

/** Alarms handed to the page per change at most: thousands of silence alarms must not flood its list (counts cover the rest). */
export const ALARM_LIST_LIMIT = 200;

export const IDLE_BACKFILL: Readonly<BackfillProgress> = { state: 'idle', datastreams: 0, done: 0, failed: 0, observations: 0, added: 0 };

export class LiveSession {
  readonly catalogue: DatastreamCatalogue;
  readonly monitor: SensorMonitor;
  /** Per Thing: the most urgent state of its datastreams, as last handed to the page. */
  readonly things: ThingStates;
  readonly connection = new ConnectionTracker();
  /** Why the broker refused the connection, until the next successful connect. */
  authError: string | undefined;
  backfill: BackfillProgress = { ...IDLE_BACKFILL };
  private credentials: { username?: string; password?: string };
  private located: ThingGrids | null = null;
  private alarmsChanged = true;
  private gridsChanged = true;
  private stopped = false;

  constructor(
    catalogue: DatastreamCatalogue,
    readonly config: LiveConfig,
    options: MonitorOptions = {},
  ) {
    this.catalogue = catalogue;
    this.monitor = new SensorMonitor(catalogue, options);
    this.things = new ThingStates(catalogue);
    this.credentials = { username: config.username, password: config.password };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The broker URL without credentials, and the credentials to present: the user's, else those written in the URL. */
  endpoint(): { url: string; username?: string; password?: string } {
    const url = new URL(this.config.brokerUrl);
    const username = this.credentials.username ?? (decodeURIComponent(url.username) || undefined);
    const password = this.credentials.password ?? (decodeURIComponent(url.password) || undefined);
    url.username = '';
    url.password = '';
    return { url: url.href, username, password };
  }

  /** The level-1 grid of every Thing (locateThingsInGrids): the next frame carries the per-grid counts. */
  placeInGrids(located: ThingGrids): void {
    this.located = located;
    this.gridsChanged = true;
  }

  /** The broker accepted the connection; on a reconnect, returns the gap, already marked on the datastreams that may have missed data. */
  connected(nowMs: number): Gap | null {
    this.authError = undefined;
    const gap = this.connection.connected(nowMs);
    if (gap) this.monitor.states.markGap(gap.fromMs, gap.toMs);
    return gap;
  }

  /** The connection closed or an attempt failed: the delay before the next attempt, or null when none is due (stopped, refused). */
  lost(nowMs: number): number | null {
    if (this.stopped || this.connection.status === 'unauthorized') return null;
    return this.connection.lost(nowMs);
  }

  /** The broker refused the credentials: no retries until login() gives new ones. */
  refused(nowMs: number, message: string): void {
    this.authError = message;
    this.connection.refused(nowMs);
  }

  /** New credentials from the user; returns whether to connect again with them now (not once stopped). */
  login(username: string, password: string): boolean {
    this.credentials = { username, password };
    if (this.stopped) return false;
    this.connection.status = this.connection.connects > 0 ? 'reconnecting' : 'connecting';
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.connection.stopped();
  }

  /** The changes since the last frame (call it a few times a second; states are evaluated at `nowMs`). */
  frame(nowMs: number): LiveFrame {
    const f = this.monitor.frame(nowMs);
    if (f.events.length) this.alarmsChanged = true;
    if (f.states.index.length) this.gridsChanged = true;
    const changes = this.things.update(f.states.index, this.monitor.states);
    let alarms: LiveAlarm[] | null = null;
    let alarmCounts: LiveFrame['alarmCounts'] = null;
    if (this.alarmsChanged) {
      const cat = this.catalogue;
      const { shown, counts } = summariseAlarms(this.monitor.states.alarms(), ALARM_LIST_LIMIT);
      alarms = shown.map((a) => ({
        ...a,
        thingId: cat.thingIds[cat.thingIndex[a.datastream]],
        name: cat.name[a.datastream],
        unit: cat.unitSymbol[a.datastream],
        type: cat.types[cat.typeIndex[a.datastream]],
      }));
      alarmCounts = counts;
      this.alarmsChanged = false;
    }
    const grids = this.gridsChanged && this.located?.grids.length ? countPerGrid(this.located, this.things.state) : null;
    if (grids) this.gridsChanged = false;
    return {
      status: this.connection.status,
      authError: this.authError,
      backfill: { ...this.backfill },
      things: changes.things,
      thingState: changes.state,
      thingMissed: changes.missed,
      counters: this.monitor.ingest.counters(),
      alarms,
      alarmCounts,
      byState: this.monitor.states.counts(),
      grids,
    };
  }

  /** Acknowledges an open alarm; false when unknown or already acknowledged. */
  acknowledge(alarmId: string, nowMs: number, by: string | null): boolean {
    const ok = this.monitor.states.acknowledge(alarmId, nowMs, by) !== null;
    if (ok) this.alarmsChanged = true;
    return ok;
  }

  /** Recent samples of every datastream of a Thing, with its thresholds, for the detail sparkline. */
  history(thingId: string): SensorSeries[] {
    const cat = this.catalogue;
    const t = cat.thingIds.indexOf(thingId);
    const out: SensorSeries[] = [];
    const h = this.monitor.ingest.history;
    for (let i = 0; i < cat.count; i++) {
      if (cat.thingIndex[i] !== t) continue;
      const { timeMs, value } = h.series(i);
      out.push({
        datastreamId: cat.ids[i],
        name: cat.name[i],
        unit: cat.unitSymbol[i],
        timeMs,
        value,
        warningHigh: cat.warningHigh[i],
        alarmHigh: cat.alarmHigh[i],
        warningLow: cat.warningLow[i],
        alarmLow: cat.alarmLow[i],
      });
    }
    return out;
  }
}
