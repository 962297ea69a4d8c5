/** Number, date and money formatting in the current locale. */
export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR').format(value);
}

export function formatEuros(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatDate(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'medium',
  }).format(date);
}

export function formatTime(value: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    timeStyle: 'medium',
  }).format(value);
}

/** "35 000 € – 45 000 € / an", a single bound, or null when the salary is unknown. */
export function salaryRange(
  min: number | null | undefined,
  max: number | null | undefined,
  locale: string,
): string | null {
  const lo = typeof min === 'number' && min > 0 ? min : null;
  const hi = typeof max === 'number' && max > 0 ? max : null;
  if (lo === null && hi === null) return null;
  if (lo !== null && hi !== null && Math.round(lo) !== Math.round(hi)) {
    return `${formatEuros(lo, locale)} – ${formatEuros(hi, locale)}`;
  }
  return formatEuros((lo ?? hi) as number, locale);
}
