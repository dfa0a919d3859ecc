// The shape every message catalogue shares: a message is a `kind` and its `params`, rendered per language by
// one entry per kind, so a kind without its zh and en text is a compile error.

export type MessageLang = 'en' | 'zh-CN';

/** A message as data: what happened (`kind`) and the values its text names (`params`). */
export interface MessageRef {
  kind: string;
  params: object;
}

type ParamsOf<R extends MessageRef, K extends R['kind']> = Extract<R, { kind: K }>['params'];

/** One entry per kind of R, each rendering that kind's params in English and Chinese. */
export type Catalogue<R extends MessageRef> = { [K in R['kind']]: { en(p: ParamsOf<R, K>): string; zh(p: ParamsOf<R, K>): string } };

/** The text of `ref` in `lang` from `catalogue`. */
export function renderMessage<R extends MessageRef>(catalogue: Catalogue<R>, ref: R, lang: MessageLang): string {
  const entry = catalogue[ref.kind as R['kind']] as { en(p: object): string; zh(p: object): string };
  return lang === 'en' ? entry.en(ref.params) : entry.zh(ref.params);
}
