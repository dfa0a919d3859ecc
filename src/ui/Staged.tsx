// Progressive mounting: a panel that appears all at once (grid mode's panels when the join ends) costs
// one long task: React rendering it whole and the browser laying out the new DOM. <Staged> blocks
// mount one per task, in the order they asked, so each commit fits in a frame and the page keeps
// answering input between them. A block's render is a transition, which React renders in slices
// that yield to the page.
import { startTransition, useEffect, useRef, useState, type ReactNode } from 'react';

const waiting: Array<() => void> = [];
let inFlight: (() => void) | null = null;
let pumpQueued = false;

/** Mounts the next waiting block, in a task of its own. */
function pump(): void {
  if (pumpQueued) return;
  pumpQueued = true;
  setTimeout(() => {
    pumpQueued = false;
    if (inFlight) return;
    inFlight = waiting.shift() ?? null;
    inFlight?.();
  }, 0);
}

/** `reveal`'s block has committed (or is gone): the next one may go. */
function release(reveal: () => void): void {
  if (inFlight !== reveal) return;
  inFlight = null;
  pump();
}

function enqueue(reveal: () => void): () => void {
  waiting.push(reveal);
  if (!inFlight) pump();
  return () => {
    const i = waiting.indexOf(reveal);
    if (i >= 0) waiting.splice(i, 1);
    release(reveal); // unmounted before it committed: do not hold up the others
  };
}

/** Renders `children` a task or more after mounting (see the file comment); `fallback` until then. */
export function Staged({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const [shown, setShown] = useState(false);
  const reveal = useRef(() => startTransition(() => setShown(true))).current;
  useEffect(() => enqueue(reveal), [reveal]);
  useEffect(() => {
    if (shown) release(reveal);
  }, [shown, reveal]);
  return shown ? children : fallback;
}
