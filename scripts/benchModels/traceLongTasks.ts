// The page's long tasks as a Chrome trace sees them (scripts/traceTasks.ts): wall and CPU time of each (on a busy
// machine a task's wall time includes waiting for a core), and what the time went to: script, GC, style/layout/paint,
// waiting for the GPU process (SwiftShader draws on the CPU), other.
import { cpuMs, rendererMainThreads, taskAnalysis, tasksOn, wallMs, type TraceEvent } from '../traceTasks';

/** The renderer main thread that ran most (the page's, not an idle one's). */
function busiestMainThread(events: TraceEvent[]): TraceEvent[] {
  return (
    rendererMainThreads(events)
      .map((t) => tasksOn(events, t))
      .sort((a, b) => b.reduce((s, x) => s + x.dur!, 0) - a.reduce((s, x) => s + x.dur!, 0))[0] ?? []
  );
}

export interface TracedLongTasks {
  /** The most CPU time any one long task took, ms. */
  longestCpuMs: number;
  /** The longest tasks: wall and CPU ms, when (from the event), what the time went to and the longest events inside. */
  longest: string[];
}

/** The main-thread tasks over `overMs` from the first `eventType` event dispatched (the drop's change) on. */
export function tracedLongTasks(events: TraceEvent[], eventType: string, overMs: number, top = 5): TracedLongTasks {
  const fromTs = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === eventType)?.ts;
  if (fromTs === undefined) return { longestCpuMs: NaN, longest: [`(the trace has no ${eventType} event)`] };
  const long = busiestMainThread(events).filter((t) => t.ts + t.dur! >= fromTs && wallMs(t) > overMs);
  const { cause, inside } = taskAnalysis(events);
  const longest = long
    .sort((a, b) => b.dur! - a.dur!)
    .slice(0, top)
    .map((t) => {
      const c = cause(t);
      const split = `script ${Math.round(c.script)}, GC ${Math.round(c.gc)}, render ${Math.round(c.render)}, GPU wait ${Math.round(c.gpu)}`;
      return `${Math.round(wallMs(t))} ms wall, ${Math.round(cpuMs(t))} ms CPU at +${Math.round((t.ts - fromTs) / 1000)} ms: mostly ${c.main} (${split}): ${inside(t)}`;
    });
  return { longestCpuMs: Math.round(Math.max(0, ...long.map(cpuMs))), longest };
}
