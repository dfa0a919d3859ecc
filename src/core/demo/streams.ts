// The demo city's random stream tags: one per purpose, so adding draws to one part leaves the others' numbers unchanged.

/** Stream tags keep the per-purpose generators independent. */
export const STREAM = {
  grid: 11,
  warp: 12,
  parcel: 13,
  landUse: 14,
  building: 15,
  violation: 16,
  pipe: 17,
  sensor: 18,
  names: 19,
  road: 20,
  site: 21,
  rezone: 22,
  zone: 23,
} as const;
