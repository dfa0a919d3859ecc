// i18next set up with the two UI languages; the language follows the store (and so the URL).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../state/urlState';
import { en, zhCN } from './resources';

export function initI18n(lang: Lang): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
