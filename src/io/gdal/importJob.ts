// One import: the files a user gave (staged once in GDAL's virtual FS), the datasets they hold, their descriptions and
// their layers' features page by page. The import worker and `cim import` both drive GDAL through this.
import type { GdalInput, GdalRuntime } from './gdalRuntime';
import { describeDataset, readLayerPages, type FeaturePage, type ReadOptions, type SourceDescription } from './readSource';
import { sourceDatasets, type SourceDataset } from './sourceDatasets';

export class ImportJob {
  private constructor(
    private readonly rt: GdalRuntime,
    private readonly dir: string,
    readonly datasets: SourceDataset[],
  ) {}

  /** Groups and stages `inputs`; a missing part or an unsupported file is a GdalFileError naming it. */
  static async open(rt: GdalRuntime, inputs: readonly GdalInput[]): Promise<ImportJob> {
    const datasets = await sourceDatasets(inputs);
    return new ImportJob(rt, rt.stage(inputs), datasets);
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
