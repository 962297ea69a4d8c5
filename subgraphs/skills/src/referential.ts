import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable, Store } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';

/**
 * The ROME referential of the skills subgraph (codes with labels, domaines professionnels,
 * appellations for autocomplete), imported at start-up into the subgraph's own store from a
 * referential snapshot directory — the same files `jobs/ingest` lands in the warehouse
 * (`bronze.raw_referentials`, see jobs/ingest/src/sources/replay/rome.ts). Never read on a request
 * path; each file is re-imported only when its checksum changes.
 *
 * Until the transform job publishes the referential on a topic (proposed:
 * `jobmarket.referentials.rome.v1`, see docs/search.md), the snapshot is a directory:
 * ROME_REFERENTIAL_DIR, else `<REPLAY_DIR or ../shared/data>/rome`. Without it, ROME codes and
 * domains come from the offers only (no appellations).
 */

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export const ROME_FILES = {
  codes: 'rome_v4_60_officiel/unix_referentiel_code_rome_v460_utf8.csv',
  appellations: 'rome_v4_60_officiel/unix_referentiel_appellation_v460_utf8.csv',
  domains: 'rome_v3_labonneboite/arbo_rome_ogr_202107.csv',
} as const;

/** The referential directory to use, or null when there is none. */
export function defaultReferentialDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.ROME_REFERENTIAL_DIR?.trim(),
    env.REPLAY_DIR?.trim() ? join(env.REPLAY_DIR.trim(), 'rome') : undefined,
    resolve(repositoryRoot, '..', 'shared', 'data', 'rome'),
  ].filter((dir): dir is string => Boolean(dir));
  return candidates.find((dir) => existsSync(join(dir, ROME_FILES.codes))) ?? null;
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines in quotes) with a header row. */
export function parseCsv(text: string, delimiter = ','): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
  if (!header) return [];
  const names = header.map((name) => name.trim().replace(/^\uFEFF/, ''));
  return body.map((cells) =>
    Object.fromEntries(names.map((name, index) => [name, (cells[index] ?? '').trim()])),
  );
}

interface ImportSpec {
  name: keyof typeof ROME_FILES;
  delimiter: string;
  rows: (records: Record<string, string>[]) => Record<string, string | null>[];
  /** Statement taking the rows as one jsonb array ($1). */
  sql: string;
}

const SPECS: ImportSpec[] = [
  {
    name: 'domains',
    delimiter: ';',
    rows: (records) =>
      records
        .filter((r) => r.Rome1 && r.Rome2 && !r.Rome3 && r.Intitule)
        .map((r) => ({ code: `${r.Rome1}${r.Rome2}`, label: r.Intitule! })),
    sql: `insert into rome_domains (code, label, source)
          select distinct on (code) code, label, 'referential' from jsonb_to_recordset($1::jsonb) as r(code text, label text)
          where code ~ '^[A-N][0-9]{2}$' order by code
          on conflict (code) do update set label = excluded.label, source = 'referential'`,
  },
  {
    name: 'codes',
    delimiter: ',',
    rows: (records) =>
      records
        .filter((r) => r.code_rome && r.libelle_rome)
        .map((r) => ({
          code: r.code_rome!,
          label: r.libelle_rome!,
          parent: r.code_rome_parent || null,
        })),
    sql: `insert into rome_codes (code, label, parent_code, source)
          select distinct on (code) code, label, parent, 'referential' from jsonb_to_recordset($1::jsonb) as r(code text, label text, parent text)
          where code ~ '^[A-N][0-9]{4}$' order by code
          on conflict (code) do update set label = excluded.label, parent_code = excluded.parent_code, source = 'referential'`,
  },
  {
    name: 'appellations',
    delimiter: ',',
    rows: (records) =>
      records
        .filter((r) => r.code_ogr && r.code_rome && r.libelle_appellation_long)
        .map((r) => ({
          code: r.code_ogr!,
          rome: r.code_rome!,
          label: r.libelle_appellation_long!,
          short: r.libelle_appellation_court || null,
        })),
    sql: `insert into rome_appellations (code, rome_code, label, short_label)
          select distinct on (code) code, rome, label, short from jsonb_to_recordset($1::jsonb) as r(code text, rome text, label text, short text)
          where rome ~ '^[A-N][0-9]{4}$' order by code
          on conflict (code) do update set rome_code = excluded.rome_code, label = excluded.label, short_label = excluded.short_label`,
  },
];

export interface ReferentialImport {
  dir: string | null;
  imported: Record<string, number>;
  unchanged: string[];
  missing: string[];
}

async function insertInBatches(
  db: Queryable,
  sql: string,
  rows: unknown[],
  batch = 2_000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) {
    await db.query(sql, [JSON.stringify(rows.slice(start, start + batch))]);
  }
}

/** Imports the changed referential files of `dir` (one transaction per file). */
export async function importRomeReferential(
  store: Store,
  dir: string | null,
  logger?: Logger,
): Promise<ReferentialImport> {
  const result: ReferentialImport = { dir, imported: {}, unchanged: [], missing: [] };
  if (!dir) {
    logger?.warn(
      'no ROME referential directory (ROME_REFERENTIAL_DIR): ROME codes come from the offers only',
    );
    return result;
  }
  for (const spec of SPECS) {
    const path = join(dir, ROME_FILES[spec.name]);
    if (!existsSync(path)) {
      result.missing.push(spec.name);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const checksum = createHash('sha256').update(text).digest('hex');
    const { rows: known } = await store.query<{ checksum: string }>(
      'select checksum from referential_imports where name = $1',
      [spec.name],
    );
    if (known[0]?.checksum === checksum) {
      result.unchanged.push(spec.name);
      continue;
    }
    const rows = spec.rows(parseCsv(text, spec.delimiter));
    await store.transaction(async (tx) => {
      await insertInBatches(tx, spec.sql, rows);
      await tx.query(
        `insert into referential_imports (name, checksum, rows) values ($1, $2, $3)
         on conflict (name) do update set checksum = excluded.checksum, rows = excluded.rows, imported_at = now()`,
        [spec.name, checksum, rows.length],
      );
    });
    result.imported[spec.name] = rows.length;
  }
  logger?.info(result, 'ROME referential imported');
  return result;
}
