// One import: the files a user gave (staged once in GDAL's virtual FS), the datasets they hold, their descriptions and
// their layers' features page by page. The import worker and `cim import` both drive GDAL through this.
import type { GdalInput, GdalRuntime } from './gdalRuntime';
import { describeDataset, readLayerPages, type FeaturePage, type ReadOptions, type SourceDescription } from './readSource';
import { sourceDatasets, type SourceDataset } from './sourceDatasets';

/**
 * Dropped files up to this total are copied into GDAL's memory FS: GDAL reads in many small pieces and WORKERFS
 * answers each from the Blob (a 20,000-building zipped Shapefile converted in 15.5 s from a Blob, 2.6 s from memory).
 */
const COPY_BLOBS_UP_TO_BYTES = 1 << 30;

async function inMemory(inputs: readonly GdalInput[]): Promise<GdalInput[]> {
  const blobBytes = inputs.reduce((n, i) => n + ('blob' in i ? i.blob.size : 0), 0);
  if (blobBytes === 0 || blobBytes > COPY_BLOBS_UP_TO_BYTES) return [...inputs];
  return Promise.all(inputs.map(async (i) => ('blob' in i ? { name: i.name, bytes: new Uint8Array(await i.blob.arrayBuffer()) } : i)));
}

export class ImportJob {
  private constructor(
    private readonly rt: GdalRuntime,
    private readonly dir: string,
    readonly datasets: SourceDataset[],
  ) {}

  /** Groups and stages `inputs`; a missing part or an unsupported file is a GdalFileError naming it. */
  static async open(rt: GdalRuntime, inputs: readonly GdalInput[]): Promise<ImportJob> {
    const staged = await inMemory(inputs);
    const datasets = await sourceDatasets(staged);
    return new ImportJob(rt, rt.stage(staged), datasets);
  }

  /** The dataset a user calls `file` (as in SourceDataset.file). */
  dataset(file: string): SourceDataset {
    const d = this.datasets.find((x) => x.file === file);
    if (!d) throw new Error(`${file}: not among the imported datasets (${this.datasets.map((x) => x.file).join(', ')})`);
    return d;
  }

  /** Every dataset described, with up to `samples` values per field. */
  async describe(samples = 5): Promise<SourceDescription[]> {
    const out: SourceDescription[] = [];
    for (const d of this.datasets) out.push(await describeDataset(this.rt, this.dir, d, samples));
    return out;
  }

  /** One layer's features, page by page (see readLayerPages). */
  pages(file: string, layer: string, options: ReadOptions = {}): AsyncGenerator<FeaturePage> {
    return readLayerPages(this.rt, this.dir, this.dataset(file), layer, options);
  }

  /** Frees the staged files. */
  dispose(): void {
    this.rt.unstage(this.dir);
  }
}
