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

/** Reads band 1 of a GeoTIFF with its bbox and EPSG code (geographic or projected). */
export async function readGeoTiffFloat32(buffer: ArrayBuffer): Promise<GeoRaster & { epsg: number | null }> {
  const tiff = await fromArrayBuffer(buffer);
  const image = await tiff.getImage();
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
