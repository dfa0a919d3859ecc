// The DEM's hillshade as an imagery layer over the Natural Earth base, so terrain relief is visible. Its pixels
// (computed in the dem worker) become an ImageBitmap Cesium draws as it is: no PNG encoded and decoded on the page.
import { type ImageryLayer, Rectangle, SingleTileImageryProvider, type Viewer } from 'cesium';

export interface HillshadeImage {
  width: number;
  height: number;
  bboxDeg: [number, number, number, number];
  rgba: Uint8ClampedArray;
}

/** Cesium's one-image provider, handed the image itself instead of a URL to fetch it from. */
class BitmapImageryProvider extends SingleTileImageryProvider {
  constructor(
    private readonly bitmap: ImageBitmap,
    rectangle: Rectangle,
  ) {
    // The URL is never fetched: requestImage answers with the bitmap.
    super({ url: 'data:,', rectangle, tileWidth: bitmap.width, tileHeight: bitmap.height });
  }

  override requestImage(): Promise<ImageBitmap> {
    return Promise.resolve(this.bitmap);
  }
}

/** Adds the hillshade (its pixels are taken over, not copied). */
export async function addHillshadeLayer(viewer: Viewer, image: HillshadeImage): Promise<ImageryLayer> {
  const bitmap = await createImageBitmap(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height));
  const [w, s, e, n] = image.bboxDeg;
  return viewer.imageryLayers.addImageryProvider(new BitmapImageryProvider(bitmap, Rectangle.fromDegrees(w, s, e, n)));
}
