// WebGL context loss on the viewer's canvas: reported so the app can rebuild the viewer (Cesium does not recover
// a lost context by itself). preventDefault on loss lets the browser restore the context.
import type { Viewer } from 'cesium';

/** Calls `onLost` when the context is lost and `onRestored` when the browser gives it back; returns the remover. */
export function watchContextLoss(viewer: Viewer, onLost: () => void, onRestored: () => void): () => void {
  const canvas = viewer.canvas;
  const lost = (e: Event) => {
    e.preventDefault();
    onLost();
  };
  canvas.addEventListener('webglcontextlost', lost);
  canvas.addEventListener('webglcontextrestored', onRestored);
  return () => {
    canvas.removeEventListener('webglcontextlost', lost);
    canvas.removeEventListener('webglcontextrestored', onRestored);
  };
}
