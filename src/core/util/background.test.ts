import { describe, expect, it, vi } from 'vitest';
import { background, backgroundFailures } from './background';

describe('background', () => {
  it('counts and logs a rejection with what was being done, and leaves a success alone', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const before = backgroundFailures();
    const failing = Promise.reject(new Error('disk full'));
    background(failing, 'saving the edit');
    background(Promise.resolve(1), 'reading');
    await failing.catch(() => {});
    await new Promise((ok) => setTimeout(ok, 0));
    expect(backgroundFailures()).toBe(before + 1);
    expect(error).toHaveBeenCalledWith('saving the edit failed:', expect.objectContaining({ message: 'disk full' }));
    error.mockRestore();
  });
});
