// Import worker: a user's own files through GDAL (src/io/gdal/importApi.ts), off the page's thread.
import { expose, transfer } from 'comlink';
import { createImportApi, type ImportApi } from '../src/io/gdal/importApi';
import { workerEndpoint } from './endpoint';
import { browserGdal } from './gdalBrowser';

const api = createImportApi(browserGdal);

expose(
  {
    ...api,
    // The converted layer is moved, not copied: a structured clone of a city's FlatGeobuf (300 MB at 1.12 million
    // buildings) is deserialised in one task on the page's thread (2.1 s measured by bench:import).
    convert: async (...args: Parameters<ImportApi['convert']>) => {
      const result = await api.convert(...args);
      return transfer(result, [result.fgb.buffer as ArrayBuffer]);
    },
  } satisfies ImportApi,
  workerEndpoint(),
);
