// The DEM's hillshade as an imagery layer over the Natural Earth base, so terrain relief is visible.
import { type ImageryLayer, Rectangle, SingleTileImageryProvider, type Viewer } from 'cesium';

export interface HillshadeImage {
  width: number;
  height: number;
  bboxDeg: [number, number, number, number];
  rgba: Uint8ClampedArray;
}

export function addHillshadeLayer(viewer: Viewer, image: HillshadeImage): ImageryLayer {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
  const [w, s, e, n] = image.bboxDeg;
  const provider = new SingleTileImageryProvider({
    url: canvas.toDataURL('image/png'),
    rectangle: Rectangle.fromDegrees(w, s, e, n),
    tileWidth: image.width,
    tileHeight: image.height,
  });
  return viewer.imageryLayers.addImageryProvider(provider);
}
