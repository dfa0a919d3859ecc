// Coordinate reference systems: CGCS2000, its GK zones, WGS84, Web Mercator and GCJ-02.
export * from './defs';
export * from './gk';
export * from './gcj02';
export * from './transform';
