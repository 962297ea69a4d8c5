import { createI18n } from 'vue-i18n';
import fr from './fr';
import en from './en';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
/** The shape of every locale's messages: the French keys, any strings. */
export type Messages = DeepStrings<typeof fr>;

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'jobmarket.locale';

export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'fr' || stored === 'en') return stored;
  } catch {
    // no storage: French
  }
  return 'fr';
}

export function plural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  if (choicesLength === 2) return n > 1 ? 1 : 0;
  return n === 0 ? 0 : n === 1 ? 1 : 2;
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'fr',
  messages: { fr: fr as Messages, en },
  // Two forms: singular (0 and 1 in French) | plural; three forms: none | one | many.
  pluralRules: { fr: plural, en: plural },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore
  }
}
