// Review mode's click: chooses the parcel under it (on a building or on the ground).
import type { Click, ClickContext } from './context';

/** True when the click chose a parcel (and so is done). */
export async function reviewClick(ctx: ClickContext, { ground }: Click): Promise<boolean> {
  return ground !== null && (await ctx.planning.reviewAt(ground));
}
