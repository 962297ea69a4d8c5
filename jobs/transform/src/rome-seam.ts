/**
 * The seam for the ROME classifier (packages/recommender will provide one): offers whose source
 * gives no ROME code (Adzuna) get one predicted from their title and description, between the
 * silver and the gold dbt invocations.
 *
 *   1. `dbt build --exclude tag:gold`   bronze -> silver (silver_offers has rome_code null for them)
 *   2. classify                         open silver offers without a code and without a prediction
 *                                       for their current text -> rows in ml.rome_predictions
 *   3. `dbt build --select tag:gold`    gold_active_offers uses coalesce(source code, prediction)
 *                                       and flags rome.predicted = true
 *
 * Without a classifier the job runs one `dbt build` and those offers keep rome.code null.
 */
import type { WarehouseOps } from '@jobmarket/warehouse';

export interface RomeClassifierInput {
  /** The silver offer id (= the representative source record id). */
  readonly offerId: string;
  readonly title: string;
  readonly description: string | null;
}

export interface RomeClassifierPrediction {
  readonly offerId: string;
  /** A ROME code, e.g. `M1811`; predictions with another shape are ignored. */
  readonly romeCode: string;
  readonly score: number;
}

export interface RomeClassifier {
  /** Recorded with each prediction (ml.rome_predictions.model_version). */
  readonly version: string;
  predict(offers: readonly RomeClassifierInput[]): Promise<readonly RomeClassifierPrediction[]>;
}

const lower = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * Predicts a ROME code for every open silver offer that has none and no prediction by this model
 * version yet; writes them to ml.rome_predictions. Returns how many offers were classified.
 */
export async function classifyMissingRome(
  db: WarehouseOps,
  classifier: RomeClassifier,
  { batchSize = 500, now = new Date() }: { batchSize?: number; now?: Date } = {},
): Promise<number> {
  const rows = (
    await db.query(
      `SELECT s.offer_id, s.title, s.description
       FROM silver.silver_offers AS s
       WHERE s.is_active AND s.rome_code IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM ml.rome_predictions AS p
           WHERE p.record_id = s.offer_id AND p.model_version = ?
         )
       ORDER BY s.offer_id`,
      [classifier.version],
    )
  ).map(lower) as { offer_id: string; title: string; description: string | null }[];
  let written = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const predictions = await classifier.predict(
      batch.map((row) => ({
        offerId: row.offer_id,
        title: row.title,
        description: row.description,
      })),
    );
    const valid = predictions.filter((p) => /^[A-Z][0-9]{4}$/.test(p.romeCode));
    if (valid.length === 0) continue;
    const placeholders = valid.map(() => '(?, ?, ?, ?, CAST(? AS TIMESTAMP))').join(', ');
    await db.execute(
      `INSERT INTO ml.rome_predictions (record_id, rome_code, score, model_version, predicted_at) VALUES ${placeholders}`,
      valid.flatMap((p) => [p.offerId, p.romeCode, p.score, classifier.version, now]),
    );
    written += valid.length;
  }
  return written;
}
