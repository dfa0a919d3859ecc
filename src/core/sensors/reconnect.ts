// Reconnect policy (exponential backoff, full jitter) and the connection status that yields the gap to mark after a reconnect.

export interface BackoffOptions {
  /** First ceiling (1 s). */
  baseMs?: number;
  /** Largest ceiling (30 s). */
  capMs?: number;
}

/** Delay before reconnect attempt `attempt` (0-based): uniform in [0, min(cap, base·2^attempt)) ("full jitter"). */
export function nextDelayMs(attempt: number, rng: () => number = Math.random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.floor(rng() * ceiling);
}

/** `unauthorized`: the broker refused the credentials; no reconnects until new ones are given. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

/**
 * Whether a refused CONNECT is about credentials: MQTT 3.1.1 CONNACK return codes 4 (bad user name or password) and
 * 5 (not authorised), MQTT 5 reason codes 0x86 and 0x87 (the same two).
 */
export function isAuthRefusal(code: unknown): boolean {
  return code === 4 || code === 5 || code === 0x86 || code === 0x87;
}

/** A disconnect window to pass to SensorStates.markGap. */
export interface Gap {
  fromMs: number;
  toMs: number;
}

/** The client's connection as plain state; the transport (mqtt.js) reports events with an explicit clock. */
export class ConnectionTracker {
  status: ConnectionStatus = 'connecting';
  /** Failed attempts since the last successful connect. */
  attempt = 0;
  /** When the live connection was lost (NaN while live or before the first connect). */
  lostAtMs = NaN;
  connects = 0;

  /** Connected (again); returns the gap to mark when this is a reconnect. */
  connected(nowMs: number): Gap | null {
    const gap = Number.isNaN(this.lostAtMs) ? null : { fromMs: this.lostAtMs, toMs: nowMs };
    this.status = 'live';
    this.attempt = 0;
    this.lostAtMs = NaN;
    this.connects++;
    return gap;
  }

  /** The connection closed or an attempt failed; returns the delay before the next attempt. */
  lost(nowMs: number, rng: () => number = Math.random, options?: BackoffOptions): number {
    if (this.status === 'live') this.lostAtMs = nowMs;
    this.status = this.connects > 0 ? 'reconnecting' : 'connecting';
    return nextDelayMs(this.attempt++, rng, options);
  }

  /** The broker refused the credentials: wait for new ones (no reconnects); a later connect still reports the gap. */
  refused(nowMs: number): void {
    if (this.status === 'live') this.lostAtMs = nowMs;
    this.status = 'unauthorized';
  }

  /** Closed on purpose (no reconnects). */
  stopped(): void {
    this.status = 'offline';
  }
}
