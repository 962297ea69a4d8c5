/**
 * The cursors of the pages already seen for one search (same text, filters, sort and page size),
 * so "previous page" works without the graph supporting page numbers. After a reload on page N,
 * only the current cursor (from the URL) is known: "previous" then goes back through history.
 */
import type { SearchState } from './searchState';

const cursors = new Map<string, Map<number, string | null>>();

export function searchKey(state: SearchState): string {
  const { page: _page, after: _after, view: _view, ...rest } = state;
  return JSON.stringify(rest);
}

export function rememberCursor(state: SearchState, page: number, after: string | null): void {
  const key = searchKey(state);
  let pages = cursors.get(key);
  if (!pages) {
    if (cursors.size > 50) cursors.clear();
    pages = new Map([[1, null]]);
    cursors.set(key, pages);
  }
  pages.set(page, after);
}

/** The cursor of a page (null for page 1), or undefined when unknown. */
export function cursorOf(state: SearchState, page: number): string | null | undefined {
  if (page <= 1) return null;
  return cursors.get(searchKey(state))?.get(page);
}
