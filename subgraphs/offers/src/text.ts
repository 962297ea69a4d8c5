import { optionalString, type Queryable } from '@jobmarket/subgraph-kit';
import type { SqlParams } from './filter/index.js';

export const QUERY_LIMITS = { length: 200, words: 12 } as const;

/**
 * The search text: at most 200 characters, trimmed, NFC. Null when it has no letter or digit.
 * Operators and punctuation are plain text: the words are re-extracted in SQL (jm_key) and quoted.
 */
export function normalizeQuery(
  query: string | null | undefined,
  argument = 'query',
): string | null {
  const text = optionalString(query, { argument, max: QUERY_LIMITS.length });
  if (!text || !/[\p{L}\p{N}]/u.test(text)) return null;
  return text.replace(/\s+/gu, ' ');
}

/** A search text ready for SQL: the text itself and the French tsquery built from its words. */
export interface PreparedText {
  text: string;
  /** `to_tsquery` input: one group per word, ANDed; each group the word OR its likely corrections. */
  tsquery: string;
  /** Corrections found for misspelt words (word -> alternatives), for logs and tests. */
  corrections: Record<string, string[]>;
}

/**
 * Typo tolerance without pg_trgm's GUC-based operators (`%`, `<%`: unreliable on PGlite, see
 * docs/search.md): the words of the query (lower case, no accents) that are not in the lexicon
 * of title and company words (`search_words`) get up to 3 lexicon words with the same first letter,
 * a length within ±2 and a trigram similarity ≥ 0.45 as alternatives. The match stays a GIN
 * full-text match on the weighted tsvector.
 */
export async function prepareText(db: Queryable, text: string): Promise<PreparedText | null> {
  const { rows } = await db.query<{ ord: number; word: string; alt: string | null }>(
    `select w.ord::int as ord, w.word, s.alt
     from unnest(string_to_array(jm_key($1::text), ' ')) with ordinality as w(word, ord)
     left join lateral (
       select l.word as alt
       from search_words l
       where length(w.word) >= 4
         and not exists (select 1 from search_words e where e.word = w.word)
         and left(l.word, 1) = left(w.word, 1)
         and length(l.word) between length(w.word) - 2 and length(w.word) + 2
         and similarity(l.word, w.word) >= 0.45
       order by similarity(l.word, w.word) desc, l.word
       limit 3
     ) as s on true
     where w.ord <= $2 and w.word <> ''
     order by w.ord, s.alt`,
    [text, QUERY_LIMITS.words],
  );
  const groups = new Map<number, { word: string; alternatives: string[] }>();
  for (const row of rows) {
    const group = groups.get(row.ord) ?? { word: row.word, alternatives: [] };
    if (row.alt) group.alternatives.push(row.alt);
    groups.set(row.ord, group);
  }
  if (groups.size === 0) return null;
  // jm_key leaves only [a-z0-9+#] in a word, so quoting it makes it a plain lexeme.
  const quote = (word: string) => `'${word.replace(/[^a-z0-9+#]/g, '')}'`;
  const corrections: Record<string, string[]> = {};
  const tsquery = [...groups.values()]
    .map(({ word, alternatives }) => {
      if (alternatives.length > 0) corrections[word] = alternatives;
      return `(${[word, ...alternatives].map(quote).join(' | ')})`;
    })
    .join(' & ');
  return { text, tsquery, corrections };
}

/**
 * The full-text part of a search over the offers table `o` (see docs/search.md):
 * - match: `search @@ to_tsquery('jm_french', <words and corrections>)` (GIN on the weighted tsvector);
 * - score: ts_rank over title (A = 1.0) and company (B = 0.4) only (`head_search`: small, in the
 *   row; ranking over the full tsvector would decompress kilobytes per matching offer), normalised
 *   by 1 + log(length), + 0.6 × word_similarity(query, title) + 0.4 when the title contains the
 *   whole query (accents and case ignored); rounded to 6 decimals so keyset cursors are exact.
 *   Offers that match in their description only score by title similarity, then newest first.
 * Each adds its own parameters, so a statement only carries the ones it uses.
 */
export const textSql = {
  match(params: SqlParams, text: PreparedText, alias = 'o'): string {
    return `${alias}.search @@ to_tsquery('jm_french', ${params.add(text.tsquery)}::text)`;
  },
  score(params: SqlParams, text: PreparedText, alias = 'o'): string {
    const tsquery = `to_tsquery('jm_french', ${params.add(text.tsquery)}::text)`;
    const normalized = `jm_norm(${params.add(text.text)}::text)`;
    return `round((ts_rank(${alias}.head_search, ${tsquery}, 1)::float8 + 0.6::float8 * word_similarity(${normalized}, ${alias}.title_norm)::float8 + (case when strpos(${alias}.title_norm, ${normalized}) > 0 then 0.4 else 0 end)::float8)::numeric, 6)::float8`;
  },
};
