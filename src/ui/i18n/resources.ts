// UI strings: Chinese first (the users are Chinese city staff), English second; one file per part in strings/.
import { commonEn, commonZh } from './strings/common';
import { planEn, planZh } from './strings/plan';
import { reviewEn, reviewZh } from './strings/review';
import { liveEn, liveZh } from './strings/live';
import { gridEditEn, gridEditZh } from './strings/gridEdit';
import { gridEn, gridZh } from './strings/grid';
import { opsEn, opsZh } from './strings/ops';
import { tourEn, tourZh } from './strings/tour';
import { importDialogEn, importDialogZh } from './strings/importDialog';
import { overlayEn, overlayZh } from './strings/overlay';
import { authEn, authZh } from './strings/auth';
import { modelsEn, modelsZh } from './strings/models';

export const zhCN = {
  ...commonZh,
  plan: planZh,
  review: reviewZh,
  live: liveZh,
  gridEdit: gridEditZh,
  grid: gridZh,
  ops: opsZh,
  tour: tourZh,
  importDialog: importDialogZh,
  overlay: overlayZh,
  auth: authZh,
  models: modelsZh,
};

export type Strings = typeof zhCN;

export const en: Strings = {
  ...commonEn,
  plan: planEn,
  review: reviewEn,
  live: liveEn,
  gridEdit: gridEditEn,
  grid: gridEn,
  ops: opsEn,
  tour: tourEn,
  importDialog: importDialogEn,
  overlay: overlayEn,
  auth: authEn,
  models: modelsEn,
};
