/** The graph's statistics shapes → what the chart builders take. */
import type { CountItem, QuartileItem } from './charts';

export function fromBuckets(
  list: readonly { key: string; label: string | null; offers: number }[] | null | undefined,
): CountItem[] {
  return (list ?? []).map((bucket) => ({
    value: bucket.key,
    label: bucket.label,
    count: bucket.offers,
  }));
}

export function fromDemand(
  list: readonly { offers: number; skill: { id: string; name: string } }[] | null | undefined,
): CountItem[] {
  return (list ?? []).map((item) => ({
    value: item.skill.id,
    label: item.skill.name,
    count: item.offers,
  }));
}

export function fromQuartiles(
  list:
    | readonly {
        keys: readonly { value: string; label: string | null }[];
        offers: number;
        min: number;
        q1: number;
        median: number;
        q3: number;
        max: number;
      }[]
    | null
    | undefined,
): QuartileItem[] {
  return (list ?? []).map((row) => ({
    value: row.keys.map((key) => key.value).join(' · ') || '—',
    label: row.keys.map((key) => key.label ?? key.value).join(' · ') || null,
    count: row.offers,
    min: row.min,
    q1: row.q1,
    median: row.median,
    q3: row.q3,
    max: row.max,
  }));
}
