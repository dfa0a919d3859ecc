import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../traceTasks';
import { tracedLongTasks } from './traceLongTasks';

const meta = (pid: number): TraceEvent => ({ name: 'thread_name', ph: 'M', pid, tid: 1, ts: 0, args: { name: 'CrRendererMain' } });
const task = (pid: number, ts: number, durMs: number, cpuMs: number): TraceEvent => ({
  name: 'RunTask',
  ph: 'X',
  pid,
  tid: 1,
  ts,
  dur: durMs * 1000,
  tdur: cpuMs * 1000,
});

describe('tracedLongTasks', () => {
  // Page 1 (pid 1) ran most: a long task before the drop, the drop's change, a frame waiting 300 ms on the GPU, a short
  // task. Page 2 (pid 2, an idle one) ran one long task after the drop.
  const events: TraceEvent[] = [
    meta(1),
    meta(2),
    task(1, 0, 900, 800),
    task(1, 1_000_000, 60, 55),
    { name: 'EventDispatch', ph: 'X', pid: 1, tid: 1, ts: 1_000_010, dur: 40_000, args: { data: { type: 'change' } } },
    task(1, 2_000_000, 400, 30),
    { name: 'FunctionCall', ph: 'X', pid: 1, tid: 1, ts: 2_000_010, dur: 390_000 },
    { name: 'GLES2Implementation::GetProgramiv', ph: 'X', pid: 1, tid: 1, ts: 2_000_020, dur: 300_000 },
    { name: 'ImplementationBase::WaitForCmd', ph: 'X', pid: 1, tid: 1, ts: 2_000_030, dur: 299_000 },
    task(1, 3_000_000, 20, 20),
    task(2, 2_500_000, 100, 100),
  ];

  it("lists the busiest page's tasks over the limit from the drop on, longest first, with wall and CPU time and the cause", () => {
    const r = tracedLongTasks(events, 'change', 50);
    expect(r.longest).toHaveLength(2);
    expect(r.longest[0]).toMatch(/^400 ms wall, 30 ms CPU at \+1000 ms: mostly gpu \(script 91, GC 0, render 0, GPU wait 299\)/);
    expect(r.longest[1]).toMatch(/^60 ms wall, 55 ms CPU at \+0 ms/);
    expect(r.longestCpuMs).toBe(55);
  });

  it('says so when the trace has no such event', () => {
    expect(tracedLongTasks(events, 'drop', 50).longest).toEqual(['(the trace has no drop event)']);
  });
});
