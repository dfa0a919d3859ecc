// Import worker: a user's own files through GDAL (src/io/gdal/importApi.ts), off the page's thread.
import { expose } from 'comlink';
import { createImportApi } from '../src/io/gdal/importApi';
import { workerEndpoint } from './endpoint';
import { browserGdal } from './gdalBrowser';

expose(createImportApi(browserGdal), workerEndpoint());
