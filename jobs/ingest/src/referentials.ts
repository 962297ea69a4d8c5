import type { Logger } from '@jobmarket/telemetry';
import type { ReferentialRow, Warehouse } from '@jobmarket/warehouse';
import type { ReferentialItem, ReferentialStore } from './sources/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Referentials cached in bronze.raw_referentials (and in memory for the run). */
export function warehouseReferentials(
  warehouse: Warehouse,
  { dryRun, logger }: { dryRun: boolean; logger: Logger },
): ReferentialStore {
  const memory = new Map<string, readonly ReferentialItem[]>();
  return {
    async get(source, name, fetch, maxAgeMs = 7 * DAY_MS) {
      const cacheKey = `${source}/${name}`;
      const cached = memory.get(cacheKey);
      if (cached) return cached;
      const since = new Date(Date.now() - maxAgeMs);
      const rows = await warehouse.query<{ code: string; label: string | null; payload: string }>(
        `SELECT code, label, CAST(payload AS VARCHAR) AS payload FROM bronze.raw_referentials
         WHERE source = ? AND name = ? AND landed_at >= CAST(? AS TIMESTAMP)`,
        [source, name, since],
      );
      if (rows.length > 0) {
        const items = rows.map((row) => ({
          code: row.code,
          label: row.label,
          payload: JSON.parse(row.payload) as unknown,
        }));
        memory.set(cacheKey, items);
        return items;
      }
      const fetched = await fetch();
      logger.info({ source, referential: name, rows: fetched.length }, 'referential fetched');
      if (!dryRun && fetched.length > 0) {
        await warehouse.upsertReferentials(
          fetched.map((item) => ({
            source,
            name,
            code: item.code,
            label: item.label,
            payload: JSON.stringify(item.payload),
          })),
          new Date(),
        );
      }
      memory.set(cacheKey, fetched);
      return fetched;
    },
    async land(rows: readonly ReferentialRow[]) {
      if (dryRun) return rows.length;
      return warehouse.upsertReferentials(rows, new Date());
    },
  };
}
