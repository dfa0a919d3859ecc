// What the page's long tasks ran, from a V8 CPU profile (CDP Profiler) of its main thread: the profile's clock tied to
// the page's performance.now() by a marker function run once, then each task's samples summed by function.
import type { CDPSession } from 'playwright-core';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
/** A V8 CPU profile as Profiler.stop returns it (times in µs of the browser's monotonic clock). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** How a call frame reads in the report, and whether it is the project's own code (not Cesium, React or antd). */
export interface FrameLabel {
  label: string;
  ours: boolean;
}
export type DescribeFrame = (frame: CallFrame) => FrameLabel;

/** A long task as the page's PerformanceObserver saw it (page ms). */
export interface TaskWindow {
  startMs: number;
  durationMs: number;
}

export interface TaskProfile extends TaskWindow {
  /** Profile time inside the task (samples × their intervals), ms. */
  sampledMs: number;
  /** Share of the sampled time with the project's code on the stack. */
  oursShare: number;
  /** The functions the time was spent in (self time, ms), longest first. */
  self: [string, number][];
  /** The project's innermost function on the stack (what of ours made the time, called into a library or not), ms. */
  ours: [string, number][];
  /** The stack of the function the most time was spent in, innermost first (what called it). */
  heaviestStack: string[];
}

export const CLOCK_MARK = 'cimBenchClockMark';

/** Starts sampling the page's main thread every `intervalUs`. */
export async function startCpuProfile(cdp: CDPSession, intervalUs = 1000): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopCpuProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  return profile;
}

/** Sample times in the profile's clock, µs. */
export function sampleTimesUs(profile: CpuProfile): Float64Array {
  const times = new Float64Array(profile.samples.length);
  let t = profile.startTime;
  for (let i = 0; i < times.length; i++) times[i] = t += profile.timeDeltas[i];
  return times;
}

/** Each node's parent id (roots map to -1). */
function parents(profile: CpuProfile): Map<number, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    if (!parent.has(n.id)) parent.set(n.id, -1);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  return parent;
}

/**
 * The profile's clock less the page's, ms: the first sample inside the marker function (CLOCK_MARK, run while
 * sampling) was taken when the page's clock read about `markPageMs`. Null when no sample caught the marker.
 */
export function clockOffsetMs(profile: CpuProfile, markPageMs: number, mark = CLOCK_MARK): number | null {
  const parent = parents(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inMark = new Set<number>();
  for (const n of profile.nodes) {
    for (let id = n.id; id !== -1; id = parent.get(id) ?? -1)
      if (byId.get(id)!.callFrame.functionName === mark) {
        inMark.add(n.id);
        break;
      }
  }
  const times = sampleTimesUs(profile);
  for (let i = 0; i < times.length; i++) if (inMark.has(profile.samples[i])) return times[i] / 1000 - markPageMs;
  return null;
}

const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);

/** The longest `n` of [label, ms] pairs as "ms label". */
export const topLabels = (pairs: [string, number][], n = 3): string[] =>
  pairs.slice(0, n).map(([label, ms]) => `${Math.round(ms)} ms ${label}`);

/** [label, ms] lists summed by label, longest first (the project's functions over all long tasks). */
export function sumLabels(lists: [string, number][][]): [string, number][] {
  const m = new Map<string, number>();
  for (const list of lists) for (const [label, ms] of list) m.set(label, (m.get(label) ?? 0) + ms);
  return sorted(m);
}

/** What each task in `tasks` ran, from the profile's samples inside it; `offsetMs` from clockOffsetMs. */
export function profileTasks(profile: CpuProfile, tasks: TaskWindow[], offsetMs: number, describe: DescribeFrame): TaskProfile[] {
  const parent = parents(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const labels = new Map<number, FrameLabel>();
  const labelOf = (id: number) => {
    let l = labels.get(id);
    if (!l) labels.set(id, (l = describe(byId.get(id)!.callFrame)));
    return l;
  };
  /** The innermost frame of ours on a sample's stack, or null. */
  const oursOn = (leaf: number): string | null => {
    for (let id = leaf; id !== -1; id = parent.get(id) ?? -1) if (labelOf(id).ours) return labelOf(id).label;
    return null;
  };
  const times = sampleTimesUs(profile);
  const pageMs = (i: number) => times[i] / 1000 - offsetMs;
  // A sample stands for the interval up to the next one.
  const weightMs = (i: number) => (i + 1 < times.length ? times[i + 1] - times[i] : (profile.timeDeltas[i] ?? 0)) / 1000;
  return tasks.map((task) => {
    const self = new Map<string, number>();
    const leafOf = new Map<string, number>();
    const ours = new Map<string, number>();
    let sampled = 0,
      withOurs = 0;
    const end = task.startMs + task.durationMs;
    // Samples are in time order: a binary search finds the task's first.
    let lo = 0,
      hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pageMs(mid) < task.startMs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < times.length && pageMs(i) < end; i++) {
      const w = weightMs(i);
      const leaf = profile.samples[i];
      const label = labelOf(leaf).label;
      if (label === '(idle)') continue;
      sampled += w;
      self.set(label, (self.get(label) ?? 0) + w);
      if (!leafOf.has(label)) leafOf.set(label, leaf);
      const mine = oursOn(leaf);
      if (mine !== null) {
        withOurs += w;
        ours.set(mine, (ours.get(mine) ?? 0) + w);
      }
    }
    const bySelf = sorted(self);
    const stack: string[] = [];
    for (let id = bySelf.length ? leafOf.get(bySelf[0][0])! : -1; id !== -1; id = parent.get(id) ?? -1)
      if (labelOf(id).label !== '(root)') stack.push(labelOf(id).label);
    return {
      ...task,
      sampledMs: sampled,
      oursShare: sampled ? withOurs / sampled : 0,
      self: bySelf,
      ours: sorted(ours),
      heaviestStack: stack,
    };
  });
}
