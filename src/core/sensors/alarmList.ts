// What the alarm list shows when thousands of alarms are open (a district losing power, a broker outage): the most
// urgent few, newest first, and counts of all of them, so the page's work stays bounded however many there are.
import type { SensorAlarm } from './states';

export interface AlarmCounts {
  /** Records in the list: active alarms and cleared ones not yet acknowledged. */
  total: number;
  /** Not cleared, by severity and by cause. */
  active: number;
  alarm: number;
  warning: number;
  silence: number;
  unacknowledged: number;
}

/** Urgency for choosing what to show: unacknowledged, then active, then alarm severity, then value (not silence). */
function rank(a: SensorAlarm): number {
  return (
    (a.acknowledgedAtMs === null ? 8 : 0) +
    (a.clearedAtMs === null ? 4 : 0) +
    (a.severity === 'alarm' ? 2 : 0) +
    (a.cause === 'value' ? 1 : 0)
  );
}

/** The `limit` most urgent of `alarms` (given newest first), kept newest first, and the counts of all. */
export function summariseAlarms<T extends SensorAlarm>(alarms: readonly T[], limit: number): { shown: T[]; counts: AlarmCounts } {
  const counts: AlarmCounts = { total: alarms.length, active: 0, alarm: 0, warning: 0, silence: 0, unacknowledged: 0 };
  for (const a of alarms) {
    if (a.acknowledgedAtMs === null) counts.unacknowledged++;
    if (a.clearedAtMs !== null) continue;
    counts.active++;
    if (a.severity === 'alarm') counts.alarm++;
    else counts.warning++;
    if (a.cause === 'silence') counts.silence++;
  }
  if (alarms.length <= limit) return { shown: alarms.slice(), counts };
  // A stable sort by urgency keeps the newest first within each rank; the chosen ones go back to newest first.
  const order = alarms.map((_, k) => k).sort((x, y) => rank(alarms[y]) - rank(alarms[x]) || x - y);
  const shown = order
    .slice(0, limit)
    .sort((x, y) => x - y)
    .map((k) => alarms[k]);
  return { shown, counts };
}
