// When the pipes are drawn: an opaque ground hides pipes below it, so only the underground view or a pipe above ground shows them.
import { describe, expect, it } from 'vitest';
import { pipesShown } from './pipelinesLayer';

describe('pipesShown', () => {
  it('draws buried pipes only in the underground view, and any pipe above ground in every view, never a hidden layer', () => {
    const rows = [false, true].flatMap((visible) =>
      [false, true].flatMap((underground) =>
        [false, true].map((aboveGround) => [visible, underground, aboveGround, pipesShown({ visible, underground }, aboveGround)]),
      ),
    );
    expect(rows.filter((r) => r[3]).map((r) => r.slice(0, 3))).toEqual([
      [true, false, true],
      [true, true, false],
      [true, true, true],
    ]);
  });
});
