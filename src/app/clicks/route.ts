// The click router: the active mode's handler first, then the selection every mode shares.
import { gridClick } from './grid';
import { reviewClick } from './review';
import { selectClick } from './select';
import type { Click, ClickContext } from './context';

/** Clicks whose handling has finished, for tests that wait on a click's outcome (window.cimDiagnostics.clicks). */
export const clicksHandled = { count: 0 };

export async function routeClick(ctx: ClickContext, click: Click): Promise<void> {
  try {
    if (ctx.store.getState().mode === 'review' && (await reviewClick(ctx, click))) return;
    if (ctx.store.getState().mode === 'grid') await gridClick(ctx, click);
    await selectClick(ctx, click);
  } finally {
    clicksHandled.count++;
  }
}
