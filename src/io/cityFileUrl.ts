// Where a city's file is: the manifest names its files relative to itself (like `tiles/`, `grids.geojson`).

/** The absolute URL of `relativePath`, a file the manifest at `manifestUrl` (absolute) names. */
export function cityFileUrl(manifestUrl: string, relativePath: string): string {
  return new URL(relativePath, manifestUrl).href;
}
