// One datastream's recent samples with its levels: what the sensor detail's sparkline draws.

export interface SensorSeries {
  datastreamId: string;
  name: string;
  unit: string;
  timeMs: Float64Array;
  value: Float64Array;
  /** NaN where the datastream has no such level. */
  warningHigh: number;
  alarmHigh: number;
  warningLow: number;
  alarmLow: number;
}
