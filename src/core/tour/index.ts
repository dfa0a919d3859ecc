// Flythrough tours: the record types, schema validation and the playback timeline.
export * from './types';
export * from './tourSchema';
export * from './timeline';
