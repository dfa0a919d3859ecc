// An error or problem from core or io in the page's language: catalogued kinds through their catalogue,
// anything else (a bug, a browser's network text) as a translated lead-in and the raw text.
import type { TFunction } from 'i18next';
import { schemaIssuesText } from '../core/util/schemaIssueText';
import { dataFileErrorData, dataFileProblemText, featureProblemText, type DataFileErrorData } from '../io/dataFileText';
import { schemaErrorData, type ErrorData } from '../io/errorData';
import type { FeatureProblem } from '../io/packGeoJson';
import type { ImportedFile } from '../state/slices/city';
import type { Lang } from '../state/urlState';

/** The error's text in `lang`. */
export function errorText(err: unknown, lang: Lang, t: TFunction): string {
  const schema = schemaErrorData(err);
  if (schema) return schemaIssuesText(schema.source, schema.issues, lang);
  const data = dataFileErrorData(err);
  if (data) return dataFileErrorText(data, lang);
  return t('errors.unexpected', { error: err instanceof Error ? err.message : String(err) });
}

/** A DataFileError's data in `lang`: "file: why". */
export function dataFileErrorText(data: DataFileErrorData, lang: Lang): string {
  return `${data.file}: ${dataFileProblemText(data, lang)}`;
}

/** An imported file's error in `lang`, without the file name the panel already shows. */
export function importErrorText(imported: ImportedFile, lang: Lang): string | undefined {
  const p = imported.problem;
  if (!p) return imported.error;
  return p.file === imported.name ? dataFileProblemText(p, lang) : dataFileErrorText(p, lang);
}

/** An error the store holds, in `lang`: its data through the catalogue, else a lead-in and the English text. */
export function storedErrorText(error: string | undefined, data: ErrorData | undefined, lang: Lang, t: TFunction): string {
  return data ? errorText(data, lang, t) : t('errors.unexpected', { error: error ?? '' });
}

/** A skipped feature in `lang`: "file #index id: why". */
export function featureProblemLine(p: FeatureProblem, lang: Lang): string {
  return `${p.file} #${p.index} ${p.id}: ${featureProblemText(p, lang)}`;
}
