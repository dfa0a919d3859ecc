// The page's own URL, written: the shareable view kept in step with the store, parameters dropped once read, and
// the ops wall's self-restart. Options are read from the URL once, in main.tsx (state/pageOptions.ts).
import { urlStateOf, type AppStore } from '../state/store';
import { formatUrlState } from '../state/urlState';

/** Replaces the page's query ('' or '?…') with what `rewrite` makes of it, without a history entry. */
export function rewritePageSearch(rewrite: (search: string) => string): void {
  const search = rewrite(location.search);
  if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}

/** Loads the page again at its URL with `edit` applied to the query (no history entry). */
export function reloadPageWith(edit: (q: URLSearchParams) => void): void {
  const url = new URL(location.href);
  edit(url.searchParams);
  location.replace(url.href);
}

/** Keeps the URL in step with the shareable view (replaceState: no history entry per camera move); returns the stop. */
export function syncPageUrl(store: AppStore): () => void {
  return store.subscribe((s, prev) => {
    if (
      s.camera === prev.camera &&
      s.layers === prev.layers &&
      s.lang === prev.lang &&
      s.underground === prev.underground &&
      s.mode === prev.mode &&
      s.buildingStyle === prev.buildingStyle
    )
      return;
    rewritePageSearch((search) => formatUrlState(urlStateOf(s), search));
  });
}
