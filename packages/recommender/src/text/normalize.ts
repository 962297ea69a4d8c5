/**
 * French text normalisation shared by every text feature (BM25, the encoder, skill matching):
 * lower case, accent folding, ligatures, "(H/F)" markers removed, stop words dropped, and a light
 * stemmer that maps plural and feminine forms to one stem ("ingénieures" → "ingenieur",
 * "conductrice" → "conducteur", "développeuse" → "developpeur").
 */

const STOP_WORDS = new Set(
  `a à afin ai aie aient ainsi alors au aucun aucune aupres auquel aussi autre autres aux avec avez
  avoir avons ayant c ca car ce ceci cela celle celles celui cependant certain certaine certains ces cet
  cette ceux chacun chaque chez ci comme comment d dans de des deja depuis dont du duquel durant elle elles
  en encore entre es est et etaient etait etant ete etes etre eu eux il ils j je jusqu l la laquelle le
  lequel les lesquelles lesquels leur leurs lui m ma mais me meme memes mes moi mon n ne ni nos notre nous
  on ont ou par parmi pas peu peut peuvent plus pour pourra pourrez pouvez qu que quel quelle quelles quels
  qui quoi s sa sans se sera serez seront ses si sien soi soit son sont sous soyez suis sur t ta te tes
  toi ton tous tout toute toutes tres tu un une unes uns vers via voir vos votre vous y
  h f hf fh h/f f/h x`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower case and fold accents and ligatures: "Développeur Œnologue" → "developpeur oenologue". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Remove the gender markers recruiters append to titles: "(H/F)", "H/F", "F/H", "(F/H/X)". */
export function stripGenderMarkers(text: string): string {
  return text.replace(/\(?\b[hf]\s*\/\s*[hf](\s*\/\s*x)?\b\)?/gi, ' ');
}

const SUFFIX_RULES: ReadonlyArray<readonly [string, string]> = [
  ['trice', 'teur'],
  ['euse', 'eur'],
  ['ienne', 'ien'],
  ['iere', 'ier'],
  ['enne', 'en'],
  ['onne', 'on'],
  ['elle', 'el'],
  ['ette', 'et'],
  ['ive', 'if'],
  ['ere', 'er'],
  ['ee', 'e'],
];

/**
 * Light French stemmer for folded lower-case words. It only conflates inflections (plural,
 * feminine) and a final mute "e"; it never strips derivational suffixes, so distinct professions
 * keep distinct stems ("boulanger" ≠ "boulangerie").
 */
export function stemFr(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.length > 4 && w.endsWith('aux')) w = `${w.slice(0, -3)}al`;
  else if (w.length > 3 && (w.endsWith('s') || w.endsWith('x')) && !w.endsWith('ss'))
    w = w.slice(0, -1);
  for (const [suffix, replacement] of SUFFIX_RULES) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Memo of word → stem (the vocabulary of a corpus is small; bounded anyway). */
const STEMS = new Map<string, string>();

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/**
 * Text → normalised tokens: fold, drop gender markers and punctuation, drop stop words and
 * one-letter tokens, stem. Digits are kept ("35h", "7"), since they carry licences and hours.
 */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  const folded = foldText(stripGenderMarkers(text));
  const out: string[] = [];
  for (const raw of folded.split(/[^a-z0-9]+/)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    let stem = STEMS.get(raw);
    if (stem === undefined) {
      stem = stemFr(raw);
      if (STEMS.size > 200_000) STEMS.clear();
      STEMS.set(raw, stem);
    }
    out.push(stem);
  }
  return out;
}

/** A canonical key for a skill label, used to match a profile's skills with an offer's. */
export function skillKey(label: string): string {
  return tokenize(label).join(' ');
}
