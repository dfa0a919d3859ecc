// Writes SensorThings metadata as {"Things": [...]}, one Thing per line (readable diffs, streamable).

export function sensorThingsJson(things: readonly object[]): string {
  return `{"Things":[\n${things.map((t) => JSON.stringify(t)).join(',\n')}\n]}\n`;
}
