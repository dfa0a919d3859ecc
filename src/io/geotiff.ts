// Single-band Float32 GeoTIFF on an EPSG:4326 pixel grid (a DEM): write with geotiff.js and read back.
import { fromArrayBuffer, writeArrayBuffer } from 'geotiff';

export interface GeoRaster {
  width: number;
  height: number;
  /** [west, south, east, north] of the outer pixel edges, degrees. */
  bboxLonLatDeg: [number, number, number, number];
  /** Row-major from the north-west corner. */
  values: Float32Array;
}

/** GeoTIFF bytes: ModelPixelScale + ModelTiepoint at the NW corner, GeographicTypeGeoKey 4326, pixel-is-area. */
export function writeGeoTiffFloat32(r: GeoRaster): ArrayBuffer {
  const [west, south, east, north] = r.bboxLonLatDeg;
  if (r.values.length !== r.width * r.height) throw new Error(`raster has ${r.values.length} values for ${r.width} x ${r.height}`);
  return writeArrayBuffer(r.values, {
    width: r.width,
    height: r.height,
    BitsPerSample: [32],
    SampleFormat: [3],
    ModelPixelScale: [(east - west) / r.width, (north - south) / r.height, 0],
    ModelTiepoint: [0, 0, 0, west, north, 0],
    GTModelTypeGeoKey: 2,
    GTRasterTypeGeoKey: 1,
    GeographicTypeGeoKey: 4326,
    GeogCitationGeoKey: 'WGS 84',
  });
}

/** The most pixels a DEM may have (400 MB as Float32): a larger or corrupt size is refused before anything is allocated. */
export const MAX_DEM_PIXELS = 100_000_000;

type GeoTiffImage = Awaited<ReturnType<Awaited<ReturnType<typeof fromArrayBuffer>>['getImage']>>;

/** Why the image cannot be decoded within `bytes` bytes: an implausible size, or a strip or tile past the file's end. */
async function sizeProblem(image: GeoTiffImage, bytes: number): Promise<string | null> {
  const width = image.getWidth(),
    height = image.getHeight();
  if (!(width > 0 && height > 0)) return `image size ${width} × ${height}`;
  if (width * height > MAX_DEM_PIXELS)
    return `${width} × ${height} pixels, more than the ${MAX_DEM_PIXELS.toLocaleString('en')} a DEM may have`;
  const tiled = image.isTiled;
  const offsets = (await image.fileDirectory.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number> | undefined;
  const counts = (await image.fileDirectory.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number> | undefined;
  if (!offsets || !counts) return `no ${tiled ? 'tile' : 'strip'} offsets`;
  for (let i = 0; i < offsets.length; i++) {
    const end = Number(offsets[i]) + Number(counts[i] ?? 0);
    if (end > bytes) return `truncated: ${tiled ? 'tile' : 'strip'} ${i} ends at byte ${end} of ${bytes}`;
  }
  return null;
}

/** Reads band 1 of a GeoTIFF with its bbox and EPSG code (geographic or projected); a truncated or implausibly large file throws. */
export async function readGeoTiffFloat32(buffer: ArrayBuffer): Promise<GeoRaster & { epsg: number | null }> {
  let image: GeoTiffImage;
  try {
    image = await (await fromArrayBuffer(buffer)).getImage();
  } catch (err) {
    // A header or IFD pointing past the end: the DataView's own words say nothing about the file.
    throw new Error(`truncated or corrupt header (${(err as Error).message})`, { cause: err });
  }
  const problem = await sizeProblem(image, buffer.byteLength);
  if (problem) throw new Error(problem);
  const [west, south, east, north] = image.getBoundingBox();
  const rasters = await image.readRasters({ samples: [0] });
  const band = (rasters as unknown as ArrayLike<number>[])[0];
  const keys = image.getGeoKeys() as Record<string, number> | null;
  return {
    width: image.getWidth(),
    height: image.getHeight(),
    bboxLonLatDeg: [west, south, east, north],
    values: band instanceof Float32Array ? band : Float32Array.from(band),
    epsg: keys?.GeographicTypeGeoKey ?? keys?.ProjectedCSTypeGeoKey ?? null,
  };
}
