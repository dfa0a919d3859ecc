// The city-scale browser test's page helpers: looking straight down at a point from a height and waiting until that
// view is drawn, which lon/lat points are on screen, and the screen's scale (pixels per metre of ground).
import type { Page } from 'playwright-core';
import { waitForCity } from './browser';
import { framesDrawn } from './gridEditPage';

/** Looks straight down at `lonLat` from `heightM` (above the ellipsoid) and waits until that view is drawn with its tiles. */
export async function lookDownAt(page: Page, [lonDeg, latDeg]: [number, number], heightM: number): Promise<void> {
  await page.evaluate((view) => window.cimDebug!.setCamera(view), { lonDeg, latDeg, heightM, headingDeg: 0, pitchDeg: -90 });
  await framesDrawn(page, 2); // the frame with the new view decides which tiles it needs
  await waitForCity(page, 300_000);
  await framesDrawn(page, 2); // markers and tiles chosen for the settled view
}

/** Canvas positions (CSS px) of lon/lat points at `groundM`; null for a point off the canvas or within `marginPx` of its edge. */
export async function screenPositions(
  page: Page,
  points: [number, number][],
  groundM: number,
  marginPx = 0,
): Promise<({ x: number; y: number } | null)[]> {
  return page.evaluate(
    ([pts, h, margin]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.cesium-widget canvas')!;
      return pts.map(([lon, lat]) => {
        const p = window.cimDebug!.worldToScreen(lon, lat, h);
        const inside = p && p.x >= margin && p.y >= margin && p.x <= canvas.clientWidth - margin && p.y <= canvas.clientHeight - margin;
        return inside ? p : null;
      });
    },
    [points, groundM, marginPx] as const,
  );
}

/** Screen pixels per metre of ground east-west at `lonLat` in the current view. */
export async function pxPerMetre(page: Page, [lonDeg, latDeg]: [number, number], groundM: number, spanM: number): Promise<number> {
  const dLon = spanM / (111_320 * Math.cos((latDeg * Math.PI) / 180));
  const [a, b] = await screenPositions(
    page,
    [
      [lonDeg - dLon / 2, latDeg],
      [lonDeg + dLon / 2, latDeg],
    ],
    groundM,
  );
  if (!a || !b) throw new Error(`the ground around ${lonDeg}, ${latDeg} is not on screen`);
  return Math.hypot(b.x - a.x, b.y - a.y) / spanM;
}

/** Clicks the canvas at a lon/lat point on the ground. */
export async function clickGround(page: Page, lonLat: [number, number], groundM: number): Promise<void> {
  const [p] = await screenPositions(page, [lonLat], groundM);
  const canvas = await page.locator('.cesium-widget canvas').boundingBox();
  if (!p || !canvas) throw new Error(`${lonLat} is not on screen`);
  await page.mouse.click(canvas.x + p.x, canvas.y + p.y);
}
