// Where a sensor is drawn and flown to, in metres above the ellipsoid: the Location's z (a mount, e.g. a roof) wins
// over the depth below the terrain, so the marker and the fly-to agree.

export interface SensorHeights {
  /** Metres below ground (negative: above ground). */
  depthM: ArrayLike<number>;
  /** The Location Point's z, NaN when it has none. */
  elevationM: ArrayLike<number>;
  /** Terrain height at each sensor, from the DEM. */
  groundM: ArrayLike<number>;
}

/** Absolute height of sensor i. */
export function sensorHeightM(s: SensorHeights, i: number): number {
  const z = s.elevationM[i];
  return Number.isFinite(z) ? z : s.groundM[i] - s.depthM[i];
}
