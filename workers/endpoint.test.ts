// A catalogued error thrown in a worker reaches the page with its kind and params, so the page can word it.
import { expose, wrap } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../src/io/featureFile';
import { parseTour } from '../src/core/tour/tourSchema';
import './endpoint';

describe('worker errors', () => {
  it('keep file, kind, params and schema issues across the message channel', async () => {
    const { port1, port2 } = new MessageChannel();
    const api = {
      readFile: (): string => {
        throw new DataFileError('cut.fgb', { kind: 'fgb-truncated', params: { features: 3, bytes: 40 } });
      },
      tour: () => parseTour('[1]', 'upload.json'),
      bug: (): string => {
        throw new TypeError('x is undefined');
      },
    };
    expose(api, port1 as never);
    const remote = wrap<typeof api>(port2 as never);
    try {
      const file = await remote.readFile().catch((err: unknown) => err as Record<string, unknown>);
      expect(file).toMatchObject({ file: 'cut.fgb', kind: 'fgb-truncated', params: { features: 3, bytes: 40 } });
      const tour = await remote.tour().catch((err: unknown) => err as Record<string, unknown>);
      expect(tour).toMatchObject({ source: 'upload.json', issues: [{ path: 'tour', kind: 'invalid' }] });
      const bug = (await remote.bug().catch((err: unknown) => err)) as Record<string, unknown>;
      expect(bug).toMatchObject({ message: 'x is undefined' });
      expect(bug.kind).toBeUndefined();
    } finally {
      port1.close();
      port2.close();
    }
  });
});
