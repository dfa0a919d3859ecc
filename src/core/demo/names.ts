// Chinese-flavoured names for grids, roads, parks and buildings, drawn deterministically from small word lists.
import { hash32 } from '../util/random';

const DISTRICTS = ['金水区', '中原区', '二七区', '管城回族区', '惠济区', '郑东新区', '高新区', '经开区', '航空港区'];
const STREETS = [
  '文化路',
  '花园路',
  '丰产路',
  '大石桥',
  '杜岭',
  '南阳路',
  '人民路',
  '未来路',
  '东风路',
  '北林路',
  '经八路',
  '祭城路',
  '龙子湖',
  '如意湖',
  '博学路',
  '商都路',
  '圃田',
  '白沙',
  '绿城',
  '建设路',
  '棉纺路',
  '秦岭路',
  '林山寨',
  '航海东路',
  '淮河路',
  '福华街',
  '大学路',
  '长江路',
  '侯寨',
  '嵩山路',
  '京广路',
  '解放路',
  '铭功路',
  '碧沙岗',
  '三官庙',
  '须水',
  '石佛',
  '沟赵',
  '枫杨',
  '梧桐',
  '明湖',
  '九龙',
  '潮河',
  '前程',
  '豫兴',
  '金光路',
];
const COMMUNITIES = [
  '花园',
  '幸福',
  '和平',
  '锦华',
  '兴华',
  '东明',
  '紫荆',
  '龙湖',
  '瑞祥',
  '民乐',
  '康宁',
  '丰庆',
  '杨金',
  '凤凰',
  '雅居',
  '书香',
  '翠竹',
  '桐柏',
  '汇文',
  '青年',
  '新村',
  '绿云',
  '银河',
  '祥云',
  '金桥',
  '博雅',
  '润泽',
  '怡园',
];
const ROAD_WORDS = [
  '农业',
  '金水',
  '航海',
  '中原',
  '陇海',
  '黄河',
  '商都',
  '郑汴',
  '建设',
  '淮河',
  '长江',
  '南三环',
  '北三环',
  '东风',
  '红专',
  '丰庆',
  '文化',
  '花园',
  '经三',
  '经七',
  '纬一',
  '纬五',
  '政七',
  '未来',
  '嵩山',
  '桐柏',
  '秦岭',
  '伏牛',
  '大学',
  '京广',
  '紫荆山',
  '城东',
  '中州',
  '龙湖',
  '众意',
  '商鼎',
  '明理',
  '博学',
  '康平',
  '心怡',
  '平安',
  '兴华',
  '冉屯',
  '工人',
  '碧云',
  '福元',
  '通泰',
  '聚源',
  '天明',
  '姚砦',
  '柳林',
  '索凌',
  '双桥',
  '豫新',
];
const N_S_ARTERIALS = [
  '中州大道',
  '京广快速路',
  '嵩山路',
  '桐柏路',
  '西三环',
  '东三环',
  '未来大道',
  '文化路',
  '花园路',
  '107辅道',
  '江山路',
  '科学大道',
  '金水东路',
  '四港联动大道',
  '万三公路',
  '机场高速',
];
const E_W_ARTERIALS = [
  '农业路',
  '金水路',
  '航海路',
  '中原路',
  '陇海路',
  '黄河路',
  '商都路',
  '郑汴路',
  '建设路',
  '北三环',
  '南三环',
  '连霍辅道',
  '北四环',
  '南四环',
  '京港澳辅道',
  '绕城路',
];
const TOWER_WORDS = ['中原', '绿地', '国贸', '豫商', '金融', '千玺', '升龙', '汇金', '正弘', '建业', '新田', '华润', '天地', '中鼎'];
const TOWER_SUFFIX = ['国际中心', '大厦', '金融中心', '广场', '中心'];
const PARK_WORDS = ['人民', '紫荆山', '碧沙岗', '西流湖', '绿博', '月季', '植物', '儿童', '滨河', '中央', '森林', '湿地', '樱花', '荷花'];

function at<T>(list: readonly T[], ...key: number[]): T {
  return list[hash32(...key) % list.length];
}

export function districtName(seed: number, i: number): string {
  return at(DISTRICTS, seed, 1, i);
}

export function streetName(seed: number, i: number): string {
  return at(STREETS, seed, 2, i) + '街道';
}

export function communityName(seed: number, i: number): string {
  return at(COMMUNITIES, seed, 3, i) + '社区';
}

/** Arterial names follow the lattice line (nameKey >= 1000: north-south; else east-west). */
export function arterialName(seed: number, nameKey: number): string {
  const ns = nameKey >= 1000;
  const k = ns ? nameKey - 1000 : nameKey;
  const list = ns ? N_S_ARTERIALS : E_W_ARTERIALS;
  const base = list[(k + (hash32(seed, 4) % list.length)) % list.length];
  const round = Math.floor(k / list.length);
  return round === 0 ? base : `${base}${round + 1}段`;
}

export function localRoadName(seed: number, i: number, secondary: boolean): string {
  return at(ROAD_WORDS, seed, 5, i) + (secondary ? '路' : at(['街', '巷', '路'], seed, 6, i));
}

export function towerName(seed: number, i: number): string {
  return at(TOWER_WORDS, seed, 7, i) + at(TOWER_SUFFIX, seed, 8, i);
}

export function parkName(seed: number, i: number): string {
  return at(PARK_WORDS, seed, 9, i) + '公园';
}

export function publicBuildingName(seed: number, i: number): string {
  const n = hash32(seed, 10, i) % 4;
  const word = at(COMMUNITIES, seed, 11, i);
  return n === 0
    ? `第${(hash32(seed, 12, i) % 120) + 1}中学`
    : n === 1
      ? `${word}小学`
      : n === 2
        ? `${word}社区卫生服务中心`
        : `${word}文化中心`;
}

export function utilityName(seed: number, i: number): string {
  const word = at(ROAD_WORDS, seed, 13, i);
  return word + at(['110kV变电站', '水厂', '污水处理厂', '燃气调压站', '热源厂', '220kV变电站'], seed, 14, i);
}
