// Features to a FlatGeobuf in CGCS2000 lon/lat, written by GDAL: the pages are appended as GeoJSON text sequences
// to a file in its virtual FS (one page in JS memory at a time), then converted once (feature order kept, no index).
import type { GeoJsonFeature } from '../featureFile';
import type { GdalRuntime } from './gdalRuntime';
import { CITY_CRS } from './convertLayer';

let writes = 0;

/** Writes `pages` and returns the FlatGeobuf's bytes (a copy owned by the caller) and the feature count. */
export async function featuresToFgb(
  rt: GdalRuntime,
  pages: AsyncIterable<GeoJsonFeature[]>,
  layerName: string,
): Promise<{ bytes: Uint8Array; count: number }> {
  const n = ++writes;
  const dir = `/cim/write${n}`;
  rt.fs.mkdir(dir);
  const seq = `${dir}/features.geojsonl`;
  const enc = new TextEncoder();
  let count = 0;
  const stream = rt.fs.open(seq, 'w');
  try {
    for await (const features of pages) {
      if (!features.length) continue;
      const bytes = enc.encode(features.map((f) => JSON.stringify(f)).join('\n') + '\n');
      rt.fs.write(stream, bytes, 0, bytes.length);
      count += features.length;
    }
  } finally {
    rt.fs.close(stream);
  }
  try {
    if (count === 0) throw new Error(`${layerName}: no feature to write`);
    const ds = rt.open(seq, layerName);
    let out: string;
    try {
      ({ path: out } = await rt.translate(
        ds,
        layerName,
        ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=NO', '-a_srs', CITY_CRS, '-nln', layerName],
        `write${n}`,
      ));
    } finally {
      rt.closeDataset(ds);
    }
    const bytes = rt.view(out).slice();
    rt.removeTree(out);
    return { bytes, count };
  } finally {
    rt.removeTree(dir);
  }
}
