// Work started and not awaited (a click's request, a follow-up after a join) still has its failure
// handled: logged with what it was doing and counted, never an unhandled rejection.
let failures = 0;

/** Runs `promise` to completion in the background; a rejection is logged as `what` failed and counted. */
export function background(promise: Promise<unknown>, what: string): void {
  promise.catch((err: unknown) => {
    failures++;
    console.error(`${what} failed:`, err);
  });
}

/** How many background jobs have failed since the page (or process) started. */
export function backgroundFailures(): number {
  return failures;
}
