// The ops browser suites' shared set-up: the built app served and a browser for each suite file, and the tiny city
// with a short three-stop tour in its manifest.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import type { DemoManifest } from '../../src/core/demo/manifest';
import type { Tour } from '../../src/core/tour/types';
import { launchBrowser } from './browser';
import { writeTinyCity } from './fixtures';
import { serveApp, type StaticServer } from './server';

export interface AppInBrowser {
  server: StaticServer;
  browser: Browser;
}

/** Serves the built app and launches a browser before the file's suites; closes both after them. */
export function appInBrowser(): AppInBrowser {
  const env = {} as AppInBrowser;
  before(async () => {
    env.server = await serveApp();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** A short tour over the tiny city: three stops with holds, the middle one across north (350° -> 10°). */
export function shortTour(center: [number, number]): Tour {
  const [x, y] = center;
  const cam = (dLon: number, dLat: number, heightM: number, headingDeg: number, pitchDeg: number) => ({
    lonDeg: x + dLon,
    latDeg: y + dLat,
    heightM,
    headingDeg,
    pitchDeg,
    rollDeg: 0,
  });
  return {
    version: 1,
    id: 'short',
    title: { zh: '测试路线', en: 'Test tour' },
    loop: true,
    keyframes: [
      {
        camera: cam(0, -0.006, 900, 350, -45),
        durationS: 3,
        holdS: 3,
        easing: 'easeInOut',
        caption: { zh: '第一站', en: 'First stop' },
        layers: { gridL3: true },
      },
      {
        camera: cam(0.004, -0.002, 600, 10, -35),
        durationS: 3,
        holdS: 3,
        easing: 'easeInOut',
        caption: { zh: '第二站', en: 'Second stop' },
        highlight: { grid: 'G3-east' },
      },
      {
        camera: cam(-0.003, 0.001, 400, 200, -30),
        durationS: 3,
        holdS: 3,
        easing: 'linear',
        layers: { gridL3: false },
        buildingStyle: 'heightM',
      },
    ],
  };
}

/** The tiny city with the short tour listed in its manifest, in data/<name> (a directory per suite file). */
export function writeTourCity(name: string): { manifestUrl: string; tour: Tour } {
  const city = writeTinyCity(name, false);
  const manifestPath = join(city.dir, 'demo.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  const tour = shortTour(manifest.centerLonLatDeg);
  writeFileSync(join(city.dir, 'tour-short.json'), JSON.stringify(tour, null, 2));
  manifest.tours = [{ id: 'short', nameZh: '测试路线', nameEn: 'Test tour', file: 'tour-short.json' }];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { manifestUrl: city.manifestUrl, tour };
}
