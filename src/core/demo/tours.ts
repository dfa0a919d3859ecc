// The demo city's two flythroughs, laid out from the city's own extent: an overview (grids, planning, skyline)
// and an underground lifeline tour that ends over the gas sensor the simulator's scripted leak targets.
import type { Tour, TourKeyframe } from '../tour/types';

export interface DemoTourSite {
  /** [west, south, east, north] of the city. */
  bboxLonLatDeg: [number, number, number, number];
  /** Typical ground elevation (m), so heights are above the ground, not the ellipsoid. */
  groundM: number;
  /** A level-1 grid and a parcel to point at. */
  gridId: string;
  parcelId: string | null;
  parcelLonLatDeg: [number, number] | null;
  /** The first gas sensor: the scripted gas leak's target (DEFAULT_INCIDENTS, `{type: 'gas'}`). */
  gasSensorLonLatDeg: [number, number] | null;
}

const M_PER_DEG = 111_320;

/** A camera `rangeM` back from a target point along the heading, looking at it at `pitchDeg`. */
function lookAt(lonDeg: number, latDeg: number, groundM: number, rangeM: number, headingDeg: number, pitchDeg: number) {
  const rad = Math.PI / 180;
  const ground = rangeM * Math.cos(-pitchDeg * rad);
  const dEast = -ground * Math.sin(headingDeg * rad);
  const dNorth = -ground * Math.cos(headingDeg * rad);
  const round = (v: number, d: number) => Number(v.toFixed(d));
  return {
    lonDeg: round(lonDeg + dEast / (M_PER_DEG * Math.cos(latDeg * rad)), 6),
    latDeg: round(latDeg + dNorth / M_PER_DEG, 6),
    heightM: round(groundM + rangeM * Math.sin(-pitchDeg * rad), 1),
    headingDeg: headingDeg,
    pitchDeg: pitchDeg,
    rollDeg: 0,
  };
}

const kf = (camera: TourKeyframe['camera'], rest: Partial<TourKeyframe>): TourKeyframe => ({
  camera,
  durationS: 8,
  holdS: 3,
  easing: 'easeInOut',
  ...rest,
});

export function demoTours(site: DemoTourSite): Tour[] {
  const [w, s, e, n] = site.bboxLonLatDeg;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const extentM = Math.max((e - w) * M_PER_DEG * Math.cos(cy * (Math.PI / 180)), (n - s) * M_PER_DEG);
  const g = site.groundM;
  const [px, py] = site.parcelLonLatDeg ?? [cx, cy];
  const overview: Tour = {
    version: 1,
    id: 'overview',
    title: { zh: '城市总览', en: 'City overview' },
    loop: true,
    keyframes: [
      kf(lookAt(cx, cy, g, extentM * 1.1, 0, -45), {
        durationS: 10,
        holdS: 4,
        easing: 'easeInOut',
        caption: { zh: '城市三维一张图：地形、影像、建筑与管线', en: 'One 3D map of the city: terrain, imagery, buildings and pipelines' },
        layers: { buildings: true, gridL1: false, gridL2: false, gridL3: false, roads: true, pipelines: false, sensors: true },
        underground: false,
        buildingStyle: 'use',
      }),
      kf(lookAt(cx, cy, g, extentM * 0.9, 45, -55), {
        durationS: 8,
        holdS: 3,
        easing: 'easeIn',
        caption: { zh: '三级网格：一级、二级网格边界', en: 'The 3-level management grid: level-1 and level-2 boundaries' },
        layers: { gridL1: true, gridL2: true },
        highlight: { grid: site.gridId },
      }),
      kf(lookAt(px, py, g, 1400, 120, -40), {
        durationS: 9,
        holdS: 3,
        easing: 'easeOut',
        caption: { zh: '规划一张图：地块与用地性质', en: 'Planning one map: parcels and land use' },
        layers: { gridL1: false, gridL2: false },
        buildingStyle: 'use',
        ...(site.parcelId ? { highlight: { parcel: site.parcelId } } : {}),
      }),
      kf(lookAt(cx, cy, g, extentM * 0.45, 200, -12), {
        durationS: 9,
        holdS: 1,
        easing: 'easeIn',
        caption: { zh: '城市天际线：建筑按高度着色', en: 'The skyline: buildings coloured by height' },
        buildingStyle: 'heightM',
      }),
      kf(lookAt(cx, cy, g, extentM * 0.5, 290, -18), {
        durationS: 8,
        holdS: 3,
        easing: 'easeOut',
        caption: { zh: '城市天际线', en: 'The skyline' },
      }),
    ],
  };
  const [gx, gy] = site.gasSensorLonLatDeg ?? [cx, cy];
  const underground: Tour = {
    version: 1,
    id: 'underground',
    title: { zh: '城市生命线 · 地下管网', en: 'Lifelines underground' },
    loop: true,
    keyframes: [
      kf(lookAt(cx, cy, g, extentM * 0.8, 20, -50), {
        durationS: 8,
        holdS: 3,
        caption: {
          zh: '地上地下一体化：半透明地表下的管线',
          en: 'Above and below ground in one view: pipelines under a translucent ground',
        },
        layers: { buildings: false, gridL1: false, gridL2: false, gridL3: false, roads: true, pipelines: true, sensors: true },
        underground: true,
        buildingStyle: 'use',
      }),
      kf(lookAt(gx, gy, g, 900, 70, -35), {
        durationS: 9,
        holdS: 2,
        easing: 'easeIn',
        caption: {
          zh: '供水、排水、燃气、热力、电力、通信管线（CJJ 61 配色）',
          en: 'Water, drainage, gas, heat, power and telecom (CJJ 61 colours)',
        },
      }),
      kf(lookAt(gx, gy, g, 260, 150, -30), {
        durationS: 8,
        holdS: 6,
        easing: 'easeOut',
        caption: { zh: '燃气泄漏监测点：实时报警', en: 'Gas leak sensor: live alarm' },
      }),
      kf(lookAt(gx, gy, g, 600, 240, -45), {
        durationS: 8,
        holdS: 2,
        caption: {
          zh: '物联感知设备：井盖、消火栓、管网压力、综合管廊',
          en: 'IoT sensors: manhole covers, hydrants, pipe pressure, utility tunnels',
        },
        layers: { buildings: true },
      }),
    ],
  };
  return [overview, underground];
}
