import { hashString } from '../random.js';
import type { OfferView } from '../data/types.js';

export interface TimeSplit {
  train: OfferView[];
  evaluation: OfferView[];
  /** How the split was made: by creation time, or by id hash when too few offers carry a date. */
  rule: 'time' | 'hash';
  /** First creation time of the evaluation period (ISO), when rule = time. */
  cutoff: string | null;
  trainWindow: [string | null, string | null];
  evaluationWindow: [string | null, string | null];
  /** Offers left out because they have no creation date (rule = time). */
  undated: number;
}

/**
 * Time-based split. Offers are sorted by (createdAt, id); the cutoff is the creation time of the
 * offer at index ⌊trainFraction · n⌋; training = created strictly before the cutoff, evaluation =
 * created at or after it (so offers sharing the cutoff timestamp all go to evaluation). Offers
 * without a creation date are left out. When fewer than 20 offers are dated (e.g. a synthetic
 * directory without dates), the split falls back to a stable hash of the id.
 */
export function timeSplit(offers: OfferView[], trainFraction = 0.7): TimeSplit {
  const dated = offers.filter((o) => o.createdAt !== null);
  if (dated.length < 20) {
    const train: OfferView[] = [];
    const evaluation: OfferView[] = [];
    for (const o of offers)
      ((hashString(o.id) % 1000) / 1000 < trainFraction ? train : evaluation).push(o);
    return {
      train,
      evaluation,
      rule: 'hash',
      cutoff: null,
      trainWindow: [null, null],
      evaluationWindow: [null, null],
      undated: 0,
    };
  }
  const sorted = dated
    .slice()
    .sort((a, b) =>
      (a.createdAt as string) < (b.createdAt as string)
        ? -1
        : (a.createdAt as string) > (b.createdAt as string)
          ? 1
          : a.id < b.id
            ? -1
            : 1,
    );
  const cutIndex = Math.min(
    sorted.length - 1,
    Math.max(1, Math.floor(trainFraction * sorted.length)),
  );
  const cutoff = (sorted[cutIndex] as OfferView).createdAt as string;
  const train = sorted.filter((o) => (o.createdAt as string) < cutoff);
  const evaluation = sorted.filter((o) => (o.createdAt as string) >= cutoff);
  return {
    train,
    evaluation,
    rule: 'time',
    cutoff,
    trainWindow: [train[0]?.createdAt ?? null, train[train.length - 1]?.createdAt ?? null],
    evaluationWindow: [
      evaluation[0]?.createdAt ?? null,
      evaluation[evaluation.length - 1]?.createdAt ?? null,
    ],
    undated: offers.length - dated.length,
  };
}
