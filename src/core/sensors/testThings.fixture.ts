// A small SensorThings document for the sensor tests: one stream of each threshold shape the catalogue reads.

/** gas (high, 60 s), pressure (low, 60 s), bridge (two streams on one Thing, 60 s), a both-sided temperature, a string-id stream. */
export const TEST_THINGS = {
  Things: [
    {
      '@iot.id': 1,
      properties: { type: 'gas' },
      Locations: [{ location: { type: 'Point', coordinates: [113.6, 34.7] }, properties: { depthM: 1.5 } }],
      Datastreams: [
        {
          '@iot.id': 11,
          name: 'GS-1 methane',
          unitOfMeasurement: { symbol: '%LEL' },
          ObservedProperty: { name: 'methane' },
          properties: {
            type: 'gas',
            thresholds: { warning: 10, alarm: 25, direction: 'above' },
            expectedIntervalS: 60,
            rangeMin: 0,
            rangeMax: 100,
          },
        },
      ],
    },
    {
      '@iot.id': 2,
      properties: { type: 'water_pressure' },
      Locations: [{ location: { type: 'Point', coordinates: [113.61, 34.7] } }],
      Datastreams: [
        {
          '@iot.id': 21,
          name: 'WP-1 pressure',
          unitOfMeasurement: { symbol: 'MPa' },
          ObservedProperty: { name: 'pressure' },
          properties: {
            type: 'water_pressure',
            thresholds: { warning: 0.2, alarm: 0.15, direction: 'below' },
            expectedIntervalS: 60,
            rangeMin: 0,
            rangeMax: 1.6,
          },
        },
      ],
    },
    {
      '@iot.id': 3,
      properties: { type: 'bridge' },
      Locations: [{ location: { type: 'Point', coordinates: [113.62, 34.71] } }],
      Datastreams: [
        {
          '@iot.id': 31,
          ObservedProperty: { name: 'deflection' },
          properties: { thresholds: { warning: 20, alarm: 40 }, expectedIntervalS: 60, rangeMin: 0, rangeMax: 200 },
        },
        {
          '@iot.id': 32,
          ObservedProperty: { name: 'strain' },
          properties: {
            thresholds: { warning: 300, alarm: 500, direction: 'above' },
            expectedIntervalS: 60,
            rangeMin: -1000,
            rangeMax: 1000,
          },
        },
      ],
    },
    {
      '@iot.id': 4,
      properties: { type: 'utility_tunnel' },
      Locations: [{ location: { type: 'Point', coordinates: [113.63, 34.71] } }],
      Datastreams: [
        {
          '@iot.id': 41,
          ObservedProperty: { name: 'temperature' },
          properties: {
            thresholds: { warningHigh: 40, alarmHigh: 50, warningLow: 2, alarmLow: 0, hysteresis: 1 },
            expectedIntervalS: 60,
            rangeMin: -10,
            rangeMax: 80,
          },
        },
      ],
    },
    {
      '@iot.id': 'st-5',
      properties: { type: 'parking' },
      Locations: [{ location: { type: 'Point', coordinates: [113.64, 34.72] } }],
      Datastreams: [
        {
          '@iot.id': 'P-5',
          ObservedProperty: { name: 'occupancy' },
          properties: { thresholds: { warning: 90, alarm: 98 }, rangeMin: 0, rangeMax: 100 },
        },
      ],
    },
  ],
};
