// Planning: land-use classes, planning conditions, the 多验合一 parcel review and its report, one-map analyses.
export * from './types';
export { reviewParcel, MANUAL_ITEMS, type ParcelReviewDetail } from './reviewParcel';
export { measureParcel, BOUNDARY_TOLERANCE_M, type BoundaryCrossing, type ParcelMeasure } from './measureParcel';
export { fireSpacingBreaches, isHighRise, requiredFireSpacingM, FIRE_SPACING_M, type FireSpacingBreach } from './fireSpacing';
export { buildReport, verdictOf } from './buildReport';
export { reportHtml } from './reportHtml';
export { sitePlanSvg, LINE_COLOUR_CSS } from './sitePlan';
export { itemTitle, departmentTitle, verdictTitle, lineColourTitle, reportLabel, type Lang } from './checklistText';
export { validateConditions, ConditionsError, PLANNING_CONDITIONS_SCHEMA } from './conditionsSchema';
export { heightExceedances } from './heightExceedances';
export { useConflicts } from './useConflicts';
export { isUseCompatible } from './landUseCompatibility';
export { landUseAreas } from './landUseAreas';
export {
  areaM2,
  overlapAreaM2,
  polygonOfFeature,
  featuresNear,
  coordsBbox,
  packMetricPolygons,
  ringPolygon,
  type Bbox,
} from './metricPolygon';
export { LAND_USE_CLASSES, landUseClassOf, type LandUseClass } from './landUseClasses';
export { ROAD_CLASSES } from './roadClasses';
