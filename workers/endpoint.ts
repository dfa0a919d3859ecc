// The endpoint a worker file exposes its API on: the browser worker's `self`, or in Node the
// worker_threads port that scripts/workers/nodeWorker.ts installs before loading the same file.
import { transferHandlers, type Endpoint, type TransferHandler } from 'comlink';

/** The fields a catalogued error carries (DataFileError, TourError, ConditionsError) beyond comlink's name and message. */
const MESSAGE_FIELDS = ['file', 'kind', 'params', 'source', 'issues'] as const;

// comlink sends a thrown Error as name, message and stack only; the page's copy also needs the message's kind
// and params to word it in the page's language (its deserializer copies every field sent).
type Thrown = TransferHandler<{ value: unknown }, { isError: boolean; value: Record<string, unknown> }>;
const thrown = transferHandlers.get('throw') as Thrown;
const withMessageFields: Thrown = {
  canHandle: (v): v is { value: unknown } => thrown.canHandle(v),
  serialize(v) {
    const [out, transferables] = thrown.serialize(v);
    if (out.isError && v.value instanceof Error)
      for (const key of MESSAGE_FIELDS)
        if (key in v.value) out.value[key] = structuredClone((v.value as unknown as Record<string, unknown>)[key]);
    return [out, transferables];
  },
  deserialize: (v) => thrown.deserialize(v),
};
transferHandlers.set('throw', withMessageFields as TransferHandler<unknown, unknown>);

declare global {
  // Set by the Node bootstrap only.
  var __cimWorkerEndpoint: Endpoint | undefined;
}

export function workerEndpoint(): Endpoint {
  return globalThis.__cimWorkerEndpoint ?? (self as unknown as Endpoint);
}
