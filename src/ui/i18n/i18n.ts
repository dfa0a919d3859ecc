// i18next set up with the two UI languages; the language follows the store (and so the URL).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../state/urlState';
import { en, zhCN } from './resources';
import { background } from '../../core/util/background';

export function initI18n(lang: Lang): typeof i18next {
  // initAsync false: the resources are in place when init returns; the promise only reports.
  background(
    i18next.use(initReactI18next).init({
      lng: lang,
      fallbackLng: 'zh-CN',
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      interpolation: { escapeValue: false },
      initAsync: false,
    }),
    'starting i18next',
  );
  return i18next;
}
