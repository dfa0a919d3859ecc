import { describe, expect, it } from 'vitest';
import { clusterLevels } from './clusters';
import { scatteredSensors } from './clusters.fixture';
import { alertSensors, clusterAlertStates, selectMarkers, type ViewRectDeg } from './markerView';
import { STATE_ALARM, STATE_NORMAL, STATE_WARNING } from './states';

const N = 20_000;
const { lonLatDeg, groundM } = scatteredSensors(N);
const levels = clusterLevels(lonLatDeg, groundM, 40, 12);
const WHOLE_CITY: ViewRectDeg = [113.5, 34.6, 113.8, 34.9];
const options = { cap: 200, metresPerPixel: 30, minCellPx: 48 };

/** Scripted states: every 997th sensor in alarm, every 499th in warning, the rest normal. */
function scriptedStates(): Uint8Array {
  const s = new Uint8Array(N).fill(STATE_NORMAL);
  for (let i = 0; i < N; i += 499) s[i] = STATE_WARNING;
  for (let i = 0; i < N; i += 997) s[i] = STATE_ALARM;
  return s;
}

describe('selectMarkers', () => {
  it('draws no more than the cap over the whole city, and its clusters, sensors and alerts add up to every sensor', () => {
    const states = scriptedStates();
    const m = selectMarkers(levels, lonLatDeg, states, WHOLE_CITY, options);
    expect(m.level).toBeGreaterThanOrEqual(0);
    expect(m.clusters.length + m.sensors.length).toBeLessThanOrEqual(200);
    expect(m.clusters.length + m.sensors.length).toBeGreaterThan(20);
    const l = levels[m.level];
    // Alerts are members of the clusters drawn, or drawn on their own.
    const alerts = alertSensors(states);
    const inDrawn = new Set(m.clusters);
    const alone = alerts.filter((i) => !inDrawn.has(l.clusterOf[i]));
    const total = m.clusters.reduce((sum, c) => sum + l.counts[c], 0) + m.sensors.length + alone.length;
    expect(total).toBe(N);
  });

  it('keeps every alarm and warning individual, whatever the cap', () => {
    const states = scriptedStates();
    const alerts = alertSensors(states);
    expect(alerts.length).toBe(Math.ceil(N / 499) + Math.ceil(N / 997) - 1);
    for (const cap of [10, 200]) {
      const m = selectMarkers(levels, lonLatDeg, states, WHOLE_CITY, { ...options, cap });
      expect(m.clusters.length + m.sensors.length).toBeLessThanOrEqual(cap);
      for (const i of alerts) expect(m.sensors).not.toContain(i);
    }
    // Each cluster reads as its most urgent alert: alarm over warning, -1 without any.
    const l = levels[6];
    const expected = new Int8Array(l.counts.length).fill(-1);
    for (const i of alerts) if (expected[l.clusterOf[i]] !== STATE_ALARM) expected[l.clusterOf[i]] = states[i];
    expect([...clusterAlertStates(l, states)]).toEqual([...expected]);
    expect(expected).toContain(STATE_WARNING);
    expect(expected).toContain(STATE_ALARM);
  });

  it('shows individual sensors when few are in view, and only those in view', () => {
    const rect: ViewRectDeg = [113.6, 34.7, 113.606, 34.705];
    const m = selectMarkers(levels, lonLatDeg, null, rect, { ...options, metresPerPixel: 0.5 });
    expect(m.level).toBe(-1);
    expect(m.sensors.length).toBeGreaterThan(0);
    expect(m.sensors.length).toBeLessThanOrEqual(200);
    for (const i of m.sensors) {
      expect(lonLatDeg[2 * i]).toBeGreaterThanOrEqual(113.6);
      expect(lonLatDeg[2 * i + 1]).toBeLessThanOrEqual(34.705);
    }
  });

  it('uses cells at least minCellPx wide on screen, coarser as the camera rises', () => {
    const near = selectMarkers(levels, lonLatDeg, null, [113.6, 34.7, 113.65, 34.74], { ...options, metresPerPixel: 4 });
    const far = selectMarkers(levels, lonLatDeg, null, WHOLE_CITY, { ...options, metresPerPixel: 40 });
    expect(levels[near.level].cellM).toBeGreaterThanOrEqual(48 * 4);
    expect(levels[far.level].cellM).toBeGreaterThanOrEqual(48 * 40);
    expect(far.level).toBeGreaterThan(near.level);
  });
});
