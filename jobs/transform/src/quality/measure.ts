/**
 * The quality measurements of docs/data-quality.md, computed on a warehouse dbt has built:
 * skill extraction against France Travail's own compétences (and a hand-checked sample), salary
 * parsing share and correctness on hand-checked strings, seniority and contract coverage, and
 * deduplication precision/recall on hand-labelled pairs. Text is normalised here in TypeScript
 * the same way the dbt macro `normalize_words` does, so the SQL stays plain and portable.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WarehouseOps } from '@jobmarket/warehouse';

export const fixturesDir = (repositoryRoot: string) =>
  join(repositoryRoot, 'jobs', 'transform', 'test', 'fixtures');

/** Lower case, no accents, words of [a-z0-9+#] separated by one space, padded: as normalize_words. */
export function normalizeWords(text: string | null | undefined): string {
  const folded = (text ?? '')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replaceAll('œ', 'oe')
    .replaceAll('æ', 'ae');
  return ` ${folded.replace(/[^a-z0-9+#]+/g, ' ').trim()} `;
}

/** A small CSV reader (quoted fields, commas and newlines inside quotes) for the fixtures. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

const lower = <T>(row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])) as T;

async function rows<T>(db: WarehouseOps, sql: string): Promise<T[]> {
  return (await db.query(sql)).map((row) => lower<T>(row));
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

export interface QualityReport {
  skills: {
    offersWithFranceTravailCompetences: number;
    /** Concepts: dictionary skills named by the offer's compétence labels (or their codes). */
    referenceConcepts: number;
    extractedOnThoseOffers: number;
    matched: number;
    precision: number | null;
    recall: number | null;
    /** Share of France Travail compétence codes present in the dictionary at all (upper bound). */
    competenceCodesInDictionary: number | null;
    handChecked: {
      sample: number;
      stillExtracted: number;
      correct: number;
      precision: number | null;
    };
    offersWithAnyHardSkill: number | null;
  };
  salary: {
    offersWithLabel: number;
    offersParsed: number;
    parsedShare: number | null;
    distinctLabels: number;
    distinctParsed: number;
    handChecked: {
      sample: number;
      correct: number;
      correctness: number | null;
      mismatches: string[];
    };
  };
  seniority: Record<string, { records: number; withValue: number; share: number | null }>;
  contract: Record<string, { records: number; withType: number; share: number | null }> & {
    unmappedCodes: string[];
  };
  dedup: {
    labelledPairs: number;
    positives: number;
    pairPrecision: number | null;
    pairRecall: number | null;
    clusterPrecision: number | null;
    clusterRecall: number | null;
    records: number;
    offers: number;
    errors: string[];
  };
}

export async function measureQuality(
  db: WarehouseOps,
  repositoryRoot: string,
): Promise<QualityReport> {
  const fixtures = fixturesDir(repositoryRoot);

  // --- skills ---------------------------------------------------------------------------------
  const dictionary = await rows<{ skill_id: string; term: string }>(
    db,
    'SELECT skill_id, term FROM silver.int_skill_dictionary',
  );
  const dictionaryIds = new Set(dictionary.map((d) => d.skill_id));
  const competences = await rows<{
    record_id: string;
    competence_code: string | null;
    competence_label: string;
  }>(
    db,
    'SELECT record_id, competence_code, competence_label FROM staging.stg_francetravail__offer_competences',
  );
  const reference = new Map<string, Set<string>>();
  let codes = 0;
  let codesInDictionary = 0;
  for (const c of competences) {
    const set = reference.get(c.record_id) ?? new Set<string>();
    reference.set(c.record_id, set);
    const words = normalizeWords(c.competence_label);
    for (const d of dictionary) if (words.includes(` ${d.term} `)) set.add(d.skill_id);
    if (c.competence_code) {
      codes += 1;
      const id = `rome-${c.competence_code}`;
      if (dictionaryIds.has(id)) {
        codesInDictionary += 1;
        set.add(id);
      }
    }
  }
  const extracted = await rows<{ record_id: string; skill_id: string }>(
    db,
    "SELECT record_id, skill_id FROM silver.int_offer_hard_skills WHERE origin = 'text'",
  );
  let predicted = 0;
  let matched = 0;
  const extractedKeys = new Set(extracted.map((e) => `${e.record_id}|${e.skill_id}`));
  for (const e of extracted) {
    const set = reference.get(e.record_id);
    if (!set) continue;
    predicted += 1;
    if (set.has(e.skill_id)) matched += 1;
  }
  const referenceConcepts = [...reference.values()].reduce((n, s) => n + s.size, 0);
  const skillSample = parseCsv(await readFile(join(fixtures, 'skills-hand-checked.csv'), 'utf8'));
  const stillExtracted = skillSample.filter((r) =>
    extractedKeys.has(`${r.record_id}|${r.skill_id}`),
  );
  const [skillCoverage] = await rows<{ records: number; with_skill: number }>(
    db,
    `SELECT COUNT(*) AS records,
            COUNT(*) FILTER (WHERE record_id IN (SELECT record_id FROM silver.int_offer_hard_skills)) AS with_skill
     FROM silver.int_offer_records`,
  );

  // --- salary -----------------------------------------------------------------------------------
  const [salaryOffers] = await rows<{ with_label: number; parsed: number }>(
    db,
    `SELECT COUNT(*) AS with_label, COUNT(*) FILTER (WHERE salary_parsed) AS parsed
     FROM silver.int_offer_records
     WHERE source = 'francetravail' AND salary_label IS NOT NULL AND TRIM(salary_label) <> ''`,
  );
  const parsedLabels = await rows<{
    salary_text: string;
    period: string | null;
    amount_min: number | null;
    amount_max: number | null;
    parsed: boolean;
  }>(
    db,
    "SELECT salary_text, period, amount_min, amount_max, parsed FROM silver.int_salaries__parsed WHERE source = 'francetravail'",
  );
  const byLabel = new Map(parsedLabels.map((p) => [p.salary_text, p]));
  const salarySample = parseCsv(await readFile(join(fixtures, 'salary-labels.csv'), 'utf8'));
  const mismatches: string[] = [];
  const close = (a: number | null | undefined, b: string) =>
    b === ''
      ? a === null || a === undefined
      : a !== null && a !== undefined && Math.abs(a - Number(b)) < 0.01;
  for (const expected of salarySample) {
    const got = byLabel.get(expected.salary_label!);
    const ok =
      got !== undefined &&
      (got.period ?? '') === expected.period &&
      close(got.amount_min, expected.min!) &&
      close(got.amount_max, expected.max!);
    if (!ok) {
      mismatches.push(
        `${expected.salary_label}: expected ${expected.period || 'unparsed'} ${expected.min}-${expected.max}, got ${got ? `${got.period ?? 'unparsed'} ${got.amount_min}-${got.amount_max}` : 'nothing'}`,
      );
    }
  }

  // --- seniority and contract ------------------------------------------------------------------
  const coverage = await rows<{
    source: string;
    records: number;
    with_seniority: number;
    with_contract: number;
  }>(
    db,
    `SELECT source, COUNT(*) AS records,
            COUNT(seniority) AS with_seniority,
            COUNT(*) FILTER (WHERE contract_type <> 'AUTRE') AS with_contract
     FROM silver.int_offer_records GROUP BY source ORDER BY source`,
  );
  const seniority: QualityReport['seniority'] = {};
  const contract = { unmappedCodes: [] as string[] } as QualityReport['contract'];
  let total = { records: 0, seniority: 0, contract: 0 };
  for (const c of coverage) {
    const records = Number(c.records);
    seniority[c.source] = {
      records,
      withValue: Number(c.with_seniority),
      share: ratio(Number(c.with_seniority), records),
    };
    contract[c.source] = {
      records,
      withType: Number(c.with_contract),
      share: ratio(Number(c.with_contract), records),
    };
    total = {
      records: total.records + records,
      seniority: total.seniority + Number(c.with_seniority),
      contract: total.contract + Number(c.with_contract),
    };
  }
  seniority.all = {
    records: total.records,
    withValue: total.seniority,
    share: ratio(total.seniority, total.records),
  };
  contract.all = {
    records: total.records,
    withType: total.contract,
    share: ratio(total.contract, total.records),
  };
  contract.unmappedCodes = (
    await rows<{ code: string }>(
      db,
      `SELECT DISTINCT source || ':' || stated_code AS code FROM silver.int_contracts__mapped
       WHERE stated_code IS NOT NULL AND stated_contract_type IS NULL ORDER BY 1`,
    )
  ).map((r) => r.code);

  // --- deduplication ---------------------------------------------------------------------------
  const pairs = parseCsv(await readFile(join(fixtures, 'dedup-pairs.csv'), 'utf8'));
  const decided = new Set(
    (
      await rows<{ record_a: string; record_b: string }>(
        db,
        'SELECT record_a, record_b FROM silver.int_offer_duplicate_pairs WHERE is_duplicate',
      )
    ).map((p) => `${p.record_a}|${p.record_b}`),
  );
  const clusters = new Map(
    (
      await rows<{ record_id: string; offer_id: string }>(
        db,
        'SELECT record_id, offer_id FROM silver.int_offer_clusters',
      )
    ).map((c) => [c.record_id, c.offer_id]),
  );
  const tally = { tp: 0, fp: 0, fn: 0, ctp: 0, cfp: 0, cfn: 0 };
  const errors: string[] = [];
  for (const pair of pairs) {
    const [a, b] = [pair.record_a!, pair.record_b!].sort();
    const truth = pair.is_duplicate === 'true';
    const pairSaid = decided.has(`${a}|${b}`);
    const clusterSaid = clusters.get(a!) !== undefined && clusters.get(a!) === clusters.get(b!);
    if (truth && pairSaid) tally.tp += 1;
    if (!truth && pairSaid) tally.fp += 1;
    if (truth && !pairSaid) tally.fn += 1;
    if (truth && clusterSaid) tally.ctp += 1;
    if (!truth && clusterSaid) tally.cfp += 1;
    if (truth && !clusterSaid) tally.cfn += 1;
    if (truth !== clusterSaid)
      errors.push(
        `${truth ? 'missed' : 'false match'}: ${a} ~ ${b} (${pair.title_a} / ${pair.city_a || '-'} vs ${pair.city_b || '-'})`,
      );
  }
  const [counts] = await rows<{ records: number; offers: number }>(
    db,
    'SELECT COUNT(*) AS records, COUNT(DISTINCT offer_id) AS offers FROM silver.int_offer_clusters',
  );

  return {
    skills: {
      offersWithFranceTravailCompetences: reference.size,
      referenceConcepts,
      extractedOnThoseOffers: predicted,
      matched,
      precision: ratio(matched, predicted),
      recall: ratio(matched, referenceConcepts),
      competenceCodesInDictionary: ratio(codesInDictionary, codes),
      handChecked: {
        sample: skillSample.length,
        stillExtracted: stillExtracted.length,
        correct: stillExtracted.filter((r) => r.correct === 'true').length,
        precision: ratio(
          stillExtracted.filter((r) => r.correct === 'true').length,
          stillExtracted.length,
        ),
      },
      offersWithAnyHardSkill: ratio(
        Number(skillCoverage?.with_skill ?? 0),
        Number(skillCoverage?.records ?? 0),
      ),
    },
    salary: {
      offersWithLabel: Number(salaryOffers?.with_label ?? 0),
      offersParsed: Number(salaryOffers?.parsed ?? 0),
      parsedShare: ratio(Number(salaryOffers?.parsed ?? 0), Number(salaryOffers?.with_label ?? 0)),
      distinctLabels: parsedLabels.length,
      distinctParsed: parsedLabels.filter((p) => p.parsed).length,
      handChecked: {
        sample: salarySample.length,
        correct: salarySample.length - mismatches.length,
        correctness: ratio(salarySample.length - mismatches.length, salarySample.length),
        mismatches,
      },
    },
    seniority,
    contract,
    dedup: {
      labelledPairs: pairs.length,
      positives: pairs.filter((p) => p.is_duplicate === 'true').length,
      pairPrecision: ratio(tally.tp, tally.tp + tally.fp),
      pairRecall: ratio(tally.tp, tally.tp + tally.fn),
      clusterPrecision: ratio(tally.ctp, tally.ctp + tally.cfp),
      clusterRecall: ratio(tally.ctp, tally.ctp + tally.cfn),
      records: Number(counts?.records ?? 0),
      offers: Number(counts?.offers ?? 0),
      errors,
    },
  };
}
