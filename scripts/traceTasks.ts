// Chrome trace machinery shared by the browser benches (bench:join-ui, bench:city): record a trace around an
// action, find the page's main thread and its tasks, and say what a task's time went to (script, GC, rendering).
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where the trace records it: wall time less the time the thread waited for a core. */
  tdur?: number;
  args?: { name?: string; data?: { type?: string; functionName?: string; url?: string; lineNumber?: number } };
}

// V8's collections, and Blink's (Oilpan: its "Marking" and "Sweeping" steps, traced under blink_gc).
const GC_EVENTS = new Set([
  'MinorGC',
  'MajorGC',
  'V8.GCFinalizeMC',
  'V8.GCFinalizeMCReduceMemory',
  'V8.GCScavenger',
  'V8.GCIncrementalMarking',
  'V8.GCIncrementalMarkingStart',
  'Marking',
  'Sweeping',
]);
const RENDER_EVENTS = new Set([
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'ScheduleStyleRecalculation',
  'HitTest',
]);
// The page's thread blocked on the GPU process (a GL call that needs an answer: a program's link status, readPixels,
// a string, a new context): under SwiftShader the GPU process renders on the CPU, and compiles a new program there.
const GPU_WAIT_EVENTS = new Set([
  'CommandBufferProxyImpl::WaitForGetOffset',
  'GpuChannel::WaitForGetOffsetInRange',
  'ImplementationBase::WaitForCmd',
  'ImplementationBase::GetBucketContents',
  'GpuChannelHost::CreateViewCommandBuffer',
]);
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'v8.callFunction',
  'EvaluateScript',
  'v8.compile',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'HandlePostMessage',
  'RunMicrotasks',
]);

/** What a task's time went to, in ms, and which part was the largest. */
export interface TaskCause {
  script: number;
  gc: number;
  render: number;
  /** Waiting for the GPU process inside a script call (not the script's own work). */
  gpu: number;
  main: 'script' | 'gc' | 'render' | 'gpu' | 'other';
}

/**
 * Records a Chrome trace (timeline categories) around `action`. `keep` drops events as they arrive (a whole page
 * load traces millions of events; keeping only what is needed bounds the bench's memory).
 */
export async function traced(cdp: CDPSession, action: () => Promise<void>, keep?: (e: TraceEvent) => boolean): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: unknown }) => {
    for (const event of e.value as TraceEvent[]) if (!keep || keep(event)) events.push(event);
  };
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink_gc,disabled-by-default-blink_gc,disabled-by-default-v8.gc,gpu',
    transferMode: 'ReportEvents',
  });
  try {
    await action();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return events;
}

/** The renderer's main threads (Blink's CrRendererMain), from the trace's thread-name metadata. */
export function rendererMainThreads(events: TraceEvent[]): { pid: number; tid: number }[] {
  return events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map(({ pid, tid }) => ({ pid, tid }));
}

/** The tasks (RunTask) one thread ran. */
export function tasksOn(events: TraceEvent[], thread: { pid: number; tid: number }): TraceEvent[] {
  return events.filter((e) => e.name === 'RunTask' && e.pid === thread.pid && e.tid === thread.tid && e.dur !== undefined);
}

export const wallMs = (t: TraceEvent): number => t.dur! / 1000;
/** On a machine whose cores the workers keep busy, a task's wall time includes waiting for a core. */
export const cpuMs = (t: TraceEvent): number => (t.tdur ?? t.dur!) / 1000;

/** The script a FunctionCall entered: function name and file:line, as far as the trace says. */
function where(e: TraceEvent): string {
  const d = e.args?.data;
  if (!d?.url) return '';
  return `(${d.functionName || 'anonymous'} ${d.url.split('/').pop()}:${(d.lineNumber ?? 0) + 1})`;
}

/** A task's analysis: the trace's complete events of the task's thread, sorted by start, looked up by time. */
export function taskAnalysis(events: TraceEvent[]) {
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  for (const list of byThread.values()) list.sort((a, b) => a.ts - b.ts);

  /** The events inside task `t` (on its thread, starting and ending within it), `t` itself excluded. */
  function within(t: TraceEvent): TraceEvent[] {
    const list = byThread.get(`${t.pid}:${t.tid}`) ?? [];
    let lo = 0,
      hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].ts < t.ts) lo = mid + 1;
      else hi = mid;
    }
    const out: TraceEvent[] = [];
    const end = t.ts + t.dur!;
    for (let i = lo; i < list.length && list[i].ts <= end; i++) if (list[i] !== t && list[i].ts + list[i].dur! <= end) out.push(list[i]);
    return out;
  }

  /** Outermost events only: a name nested in another of the same set is not counted twice. */
  const sum = (names: Set<string>, list: TraceEvent[]) => {
    const hits = list.filter((e) => names.has(e.name));
    let total = 0;
    let end = -Infinity;
    for (const e of hits) {
      if (e.ts >= end) {
        total += e.dur!;
        end = e.ts + e.dur!;
      }
    }
    return total / 1000;
  };

  return {
    /**
     * What a task's time went to: V8 garbage collection (MinorGC/MajorGC, also when nested in a script call),
     * style/layout/paint, waiting for the GPU process, and script (top-level script calls less the GC, forced
     * style/layout and GPU waits inside them).
     */
    cause(t: TraceEvent): TaskCause {
      const inside = within(t);
      const gc = sum(GC_EVENTS, inside);
      const render = sum(RENDER_EVENTS, inside);
      const gpu = sum(GPU_WAIT_EVENTS, inside);
      const scripts = inside.filter((e) => SCRIPT_EVENTS.has(e.name));
      const inScript = inside.filter((e) => scripts.some((x) => x !== e && e.ts >= x.ts && e.ts + e.dur! <= x.ts + x.dur!));
      const script = Math.max(
        0,
        sum(SCRIPT_EVENTS, inside) - sum(GC_EVENTS, inScript) - sum(RENDER_EVENTS, inScript) - sum(GPU_WAIT_EVENTS, inScript),
      );
      const other = Math.max(0, wallMs(t) - gc - render - gpu - script);
      const top = Math.max(gc, render, gpu, script, other);
      const main = top === gc ? 'gc' : top === render ? 'render' : top === gpu ? 'gpu' : top === script ? 'script' : 'other';
      return { script, gc, render, gpu, main };
    },
    /** What a task spent its time on: its longest trace events (timer, message, event, GC…) as one line. */
    inside(t: TraceEvent): string {
      return within(t)
        .filter((e) => e.dur! > 1000 && e.name !== 'RunTask')
        .sort((a, b) => b.dur! - a.dur!)
        .slice(0, 4)
        .map((e) => `${e.name}${e.args?.data?.type ? `[${e.args.data.type}]` : ''}${where(e)} ${(e.dur! / 1000).toFixed(1)}`)
        .join(', ');
    },
  };
}
