import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromFranceTravail, looksLikeFranceTravailOffer } from './francetravail.js';
import type { OfferView } from './types.js';

export class DataDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirectoryError';
  }
}

const packageRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const repositoryRoot = resolve(packageRoot, '../..');

/**
 * Where the recorded real payloads live: `--data DIR` if given, else `JOBMARKET_SHARED_DATA`, else
 * `<repo>/../shared/data`. Throws a DataDirectoryError naming all three when none exists.
 */
export function resolveSharedDataDir(
  explicit?: string | null,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const candidate = explicit?.trim()
    ? resolve(explicit)
    : env.JOBMARKET_SHARED_DATA?.trim()
      ? resolve(env.JOBMARKET_SHARED_DATA)
      : resolve(repositoryRoot, '../shared/data');
  if (!existsSync(candidate) || !statSync(candidate).isDirectory()) {
    throw new DataDirectoryError(
      `data directory ${candidate} does not exist: pass --data DIR, set JOBMARKET_SHARED_DATA, or place the recorded payloads in <repo>/../shared/data`,
    );
  }
  return candidate;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (/\.(jsonl|ndjson|json)$/i.test(entry.name)) out.push(path);
  }
  return out;
}

/** Offers in one parsed JSON value: an offer, an array of offers, or an envelope `{resultats: [...]}`. */
function offersIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(offersIn);
  if (!value || typeof value !== 'object') return [];
  if (looksLikeFranceTravailOffer(value)) return [value];
  const envelope = value as Record<string, unknown>;
  if (Array.isArray(envelope.resultats)) return envelope.resultats;
  return [];
}

export interface LoadReport {
  files: number;
  records: number;
  offers: number;
  duplicates: number;
  skipped: number;
}

/**
 * Reads every `.jsonl`/`.ndjson`/`.json` file below `dir` (recursively, in path order): JSONL with
 * one offer (or envelope) per line, or JSON documents holding an offer, an array, or a search
 * envelope `{resultats:[…]}`. Records that are not France Travail offers (Adzuna jobs, malformed
 * lines) are skipped and counted. Offers are deduplicated by id, keeping the most recently
 * updated version (`dateActualisation`, then the first seen).
 */
export function loadFranceTravailDir(dir: string): {
  offers: OfferView[];
  raw: Map<string, unknown>;
  report: LoadReport;
} {
  const report: LoadReport = { files: 0, records: 0, offers: 0, duplicates: 0, skipped: 0 };
  const byId = new Map<string, { view: OfferView; updated: string; raw: unknown }>();
  for (const file of listFiles(dir)) {
    report.files++;
    const text = readFileSync(file, 'utf8');
    const values: unknown[] = [];
    if (/\.json$/i.test(file)) {
      try {
        values.push(JSON.parse(text));
      } catch {
        // Not one JSON document: try it as JSON lines below.
        values.push(...parseLines(text, report));
      }
    } else {
      values.push(...parseLines(text, report));
    }
    for (const value of values) {
      const records = offersIn(value);
      if (records.length === 0) report.skipped++;
      for (const record of records) {
        report.records++;
        const view = looksLikeFranceTravailOffer(record) ? fromFranceTravail(record) : null;
        if (!view) {
          report.skipped++;
          continue;
        }
        const updated = String((record as Record<string, unknown>).dateActualisation ?? '');
        const previous = byId.get(view.id);
        if (previous) {
          report.duplicates++;
          if (updated <= previous.updated) continue;
        }
        byId.set(view.id, { view, updated, raw: record });
      }
    }
  }
  const ids = [...byId.keys()].sort();
  const offers = ids.map((id) => (byId.get(id) as { view: OfferView }).view);
  const raw = new Map(ids.map((id) => [id, (byId.get(id) as { raw: unknown }).raw]));
  report.offers = offers.length;
  return { offers, raw, report };
}

function parseLines(text: string, report: LoadReport): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    try {
      out.push(JSON.parse(trimmed));
    } catch {
      report.skipped++;
    }
  }
  return out;
}
