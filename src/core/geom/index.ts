// Flat-array geometry helpers in projected metres.
export * from './area';
export * from './pointInPolygon';
export * from './segment';
