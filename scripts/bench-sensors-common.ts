// What the sensors bench's parts share: where results go, the page modes, number formatting and a sleep.

export const OUT = 'test-output/bench';

export type Mode = 'idle' | 'worker' | 'naive';

// Every Datastream expects a value a minute and the simulator runs at rate 60: each publishes once per second, and
// a page that falls behind the 10k msg/s does not turn sensors stale or offline within a run (it did with a 1 s
// interval: thousands of offline alarms then dominated the page's work, which is not what is measured here).
export const EXPECTED_INTERVAL_S = 60;

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
export const round1 = (v: number) => Math.round(v * 10) / 10;
export const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
