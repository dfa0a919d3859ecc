import { describe, expect, it } from 'vitest';
import { clockOffsetMs, profileTasks, sampleTimesUs, sumLabels, topLabels, type CallFrame, type CpuProfile } from './cpuTasks';

const frame = (functionName: string, url = 'http://x/assets/main.js'): CallFrame => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

// root → mark; root → render (a library) → draw; root → tileModel (ours) → render → draw; root → (idle); root → (garbage collector)
const nodes = [
  { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 5, 7, 8] },
  { id: 2, callFrame: frame('cimBenchClockMark') },
  { id: 3, callFrame: frame('render'), children: [4] },
  { id: 4, callFrame: frame('draw') },
  { id: 5, callFrame: frame('tileModel'), children: [6] },
  { id: 6, callFrame: frame('draw') },
  { id: 7, callFrame: frame('(idle)', '') },
  { id: 8, callFrame: frame('(garbage collector)', '') },
];

/** A profile starting at 1 s (µs clock), one sample per ms, of the given leaf nodes. */
function profile(leaves: number[]): CpuProfile {
  return { nodes, startTime: 1_000_000, endTime: 1_000_000 + 1000 * leaves.length, samples: leaves, timeDeltas: leaves.map(() => 1000) };
}

const describeFrame = (f: CallFrame) => ({ label: f.functionName, ours: f.functionName === 'tileModel' });

describe('cpuTasks', () => {
  it('sums the deltas into sample times', () => {
    expect(Array.from(sampleTimesUs(profile([7, 7, 7])))).toEqual([1_001_000, 1_002_000, 1_003_000]);
  });

  it("ties the profile's clock to the page's by the marker's first sample", () => {
    // Idle for 4 ms, then the marker: its first sample at 1005 ms profile time, when the page read 100 ms.
    const p = profile([7, 7, 7, 7, 2, 2, 7]);
    expect(clockOffsetMs(p, 100)).toBe(905);
    expect(clockOffsetMs(profile([7, 3, 4]), 100)).toBeNull();
  });

  it("splits a task's time by function, with the project's innermost frame, leaving idle out", () => {
    // Page ms = profile ms − 900: samples at page 101..110 ms.
    const p = profile([7, 4, 4, 6, 6, 6, 8, 7, 4, 4]);
    const [task, other] = profileTasks(
      p,
      [
        { startMs: 101.5, durationMs: 7 },
        { startMs: 108.5, durationMs: 2 },
      ],
      900,
      describeFrame,
    );
    // Task 1: samples at 102..108 ms: draw under render (2), draw under tileModel (3), GC (1), idle (left out).
    expect(task.sampledMs).toBe(6);
    expect(task.self).toEqual([
      ['draw', 5],
      ['(garbage collector)', 1],
    ]);
    expect(task.ours).toEqual([['tileModel', 3]]);
    expect(task.oursShare).toBeCloseTo(0.5);
    // The heaviest function's stack as first sampled there: draw under render.
    expect(task.heaviestStack).toEqual(['draw', 'render']);
    // Task 2: samples at 109 and 110 ms, both in the library's draw: nothing of ours.
    expect(other.self).toEqual([['draw', 2]]);
    expect(other.ours).toEqual([]);
    expect(other.oursShare).toBe(0);
  });

  it('sums labels over tasks and formats the longest', () => {
    const all = sumLabels([
      [
        ['a', 3],
        ['b', 1],
      ],
      [['b', 4.4]],
    ]);
    expect(all).toEqual([
      ['b', 5.4],
      ['a', 3],
    ]);
    expect(topLabels(all, 1)).toEqual(['5 ms b']);
  });
});
