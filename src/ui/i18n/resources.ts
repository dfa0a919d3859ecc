// UI strings: Chinese first (the users are Chinese city staff), English second.

export const zhCN = {
  app: { title: 'CIM 城市信息模型', subtitle: '三维城市一张图' },
  layers: {
    title: '图层',
    buildings: '建筑',
    gridL1: '一级网格',
    gridL2: '二级网格',
    gridL3: '三级网格',
    roads: '道路',
    pipelines: '地下管线',
    sensors: '物联感知设备',
  },
  legend: { title: '图例', buildingsByUse: '建筑用途', pipelines: '管线类别', sensors: '设备类型', grids: '网格层级', roads: '道路等级' },
  chart: { buildingsByUse: '按用途统计建筑数量' },
  toolbar: { underground: '地下模式', language: '语言' },
  info: { title: '要素属性', close: '关闭', empty: '无属性', layer: '图层' },
  load: {
    manifest: '读取城市清单…',
    terrain: '加载地形…',
    layers: '解析图层…',
    gpu: '构建三维场景…',
    done: '就绪',
    failed: '加载失败',
    problems: '{{count}} 个要素有问题已跳过',
  },
  layerNames: { buildings: '建筑', grids: '网格', roads: '道路', pipelines: '管线', sensors: '设备' },
  count: '{{count}} 个',
};

export type Strings = typeof zhCN;

export const en: Strings = {
  app: { title: 'CIM City Information Model', subtitle: 'One 3D map of the city' },
  layers: {
    title: 'Layers',
    buildings: 'Buildings',
    gridL1: 'Level-1 grid',
    gridL2: 'Level-2 grid',
    gridL3: 'Level-3 grid',
    roads: 'Roads',
    pipelines: 'Underground pipelines',
    sensors: 'IoT sensors',
  },
  legend: { title: 'Legend', buildingsByUse: 'Building use', pipelines: 'Pipeline kind', sensors: 'Sensor type', grids: 'Grid level', roads: 'Road class' },
  chart: { buildingsByUse: 'Buildings by use' },
  toolbar: { underground: 'Underground', language: 'Language' },
  info: { title: 'Feature properties', close: 'Close', empty: 'No properties', layer: 'Layer' },
  load: {
    manifest: 'Reading the city manifest…',
    terrain: 'Loading terrain…',
    layers: 'Parsing layers…',
    gpu: 'Building the 3D scene…',
    done: 'Ready',
    failed: 'Loading failed',
    problems: '{{count}} features had problems and were skipped',
  },
  layerNames: { buildings: 'Building', grids: 'Grid', roads: 'Road', pipelines: 'Pipeline', sensors: 'Sensor' },
  count: '{{count}}',
};
