// Import worker: a user's own files through GDAL (src/io/gdal/importApi.ts), off the page's thread.
import { expose } from 'comlink';
import { createImportApi, type ConvertResult, type ImportApi } from '../src/io/gdal/importApi';
import { workerEndpoint } from './endpoint';
import { browserGdal } from './gdalBrowser';

/** A conversion as the page gets it: the layer as a Blob made here, and a key naming its content. */
export interface ConvertedBlob extends Omit<ConvertResult, 'fgb'> {
  /**
   * The converted FlatGeobuf. A Blob crosses to the page as a handle: the page serves it (a blob URL for the tiles
   * worker, the city's file when it replaces one) without copying a city's 300 MB in one task on its thread (a
   * structured clone took 2.1 s; a Blob made from transferred bytes on the page 0.7 s, both measured by bench:import).
   */
  fgb: Blob;
  /** Hex SHA-256 (first 128 bits) of the converted bytes: the same file imported again is the same layer. */
  contentKey: string;
}

export type ImportWorkerApi = Omit<ImportApi, 'convert'> & {
  convert(...args: Parameters<ImportApi['convert']>): Promise<ConvertedBlob>;
};

const api = createImportApi(browserGdal);

async function contentKey(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

expose(
  {
    ...api,
    convert: async (...args) => {
      const result = await api.convert(...args);
      const key = await contentKey(result.fgb);
      return { ...result, fgb: new Blob([result.fgb as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), contentKey: key };
    },
  } satisfies ImportWorkerApi,
  workerEndpoint(),
);
