// Lifeline sensor types known to the viewer, with display names and marker colours.

export interface SensorTypeStyle {
  nameZh: string;
  nameEn: string;
  rgb: [number, number, number];
}

export const SENSOR_TYPES: Record<string, SensorTypeStyle> = {
  manhole_cover: { nameZh: '井盖', nameEn: 'Manhole cover', rgb: [121, 85, 72] },
  hydrant: { nameZh: '消火栓', nameEn: 'Hydrant', rgb: [244, 67, 54] },
  gas: { nameZh: '燃气浓度', nameEn: 'Gas', rgb: [233, 30, 99] },
  water_pressure: { nameZh: '供水压力', nameEn: 'Water pressure', rgb: [33, 150, 243] },
  utility_tunnel: { nameZh: '综合管廊', nameEn: 'Utility tunnel', rgb: [255, 152, 0] },
  air_quality: { nameZh: '空气质量', nameEn: 'Air quality', rgb: [139, 195, 74] },
  elevator: { nameZh: '电梯', nameEn: 'Elevator', rgb: [156, 39, 176] },
  parking: { nameZh: '停车', nameEn: 'Parking', rgb: [0, 188, 212] },
  street_light: { nameZh: '路灯', nameEn: 'Street light', rgb: [255, 235, 59] },
  bridge: { nameZh: '桥梁', nameEn: 'Bridge', rgb: [96, 125, 139] },
};

const OTHER: SensorTypeStyle = { nameZh: '其他', nameEn: 'Other', rgb: [200, 200, 200] };

export function sensorTypeStyle(type: string): SensorTypeStyle {
  return SENSOR_TYPES[type] ?? OTHER;
}
