// Pixel statistics of a PNG screenshot: a blank or single-colour canvas has (almost) no variance.
import { PNG } from 'pngjs';

export function luminanceStdDev(png: Buffer): number {
  const img = PNG.sync.read(png);
  const n = img.width * img.height;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const l = 0.2126 * img.data[4 * i] + 0.7152 * img.data[4 * i + 1] + 0.0722 * img.data[4 * i + 2];
    sum += l;
    sumSq += l * l;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
}
