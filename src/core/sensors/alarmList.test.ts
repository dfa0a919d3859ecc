import { describe, expect, it } from 'vitest';
import { summariseAlarms } from './alarmList';
import type { SensorAlarm } from './states';

const alarm = (n: number, over: Partial<SensorAlarm> = {}): SensorAlarm => ({
  id: `A${n}`,
  datastream: n,
  datastreamId: String(n),
  cause: 'value',
  severity: 'warning',
  peakSeverity: 'warning',
  raisedAtMs: n,
  value: 1,
  clearedAtMs: null,
  acknowledgedAtMs: null,
  acknowledgedBy: null,
  occurrences: 1,
  ...over,
});

describe('summariseAlarms', () => {
  it('keeps every alarm, newest first, when they fit', () => {
    const list = [alarm(3), alarm(2), alarm(1)];
    expect(summariseAlarms(list, 5).shown.map((a) => a.id)).toEqual(['A3', 'A2', 'A1']);
  });

  it('under a flood of silence alarms shows the value alarms first and counts all of them (regression: thousands of offline alarms dominated the page)', () => {
    // 5,000 silence warnings raised after one gas alarm and one acknowledged warning: newest first, as SensorStates.alarms() gives them.
    const silent = Array.from({ length: 5000 }, (_, k) => alarm(10_000 - k, { cause: 'silence' }));
    const list = [...silent, alarm(2, { severity: 'alarm', peakSeverity: 'alarm' }), alarm(1, { acknowledgedAtMs: 5, clearedAtMs: null })];
    const { shown, counts } = summariseAlarms(list, 100);
    expect(shown).toHaveLength(100);
    expect(shown[shown.length - 1].id).toBe('A2');
    expect(shown.slice(0, 99).every((a) => a.cause === 'silence')).toBe(true);
    expect(shown.map((a) => a.raisedAtMs)).toEqual(shown.map((a) => a.raisedAtMs).sort((a, b) => b - a));
    expect(shown).not.toContainEqual(expect.objectContaining({ id: 'A1' }));
    expect(counts).toEqual({ total: 5002, active: 5002, alarm: 1, warning: 5001, silence: 5000, unacknowledged: 5001 });
  });
});
