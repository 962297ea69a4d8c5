/**
 * What the retrain job reads from the warehouse: every silver offer (open or closed) as the
 * recommender's OfferView, and the ROME referential landed by ingest. The ROME code is the
 * source's (silver `rome_code`, France Travail only): predicted codes are never training labels.
 * Read under the warehouse lock by the caller (the DuckDB file has one writer at a time).
 */
import {
  CONTRACT_TYPES,
  REMOTE_MODES,
  SENIORITIES,
  emptyReferential,
  normaliseRomeCode,
  type ContractType,
  type OfferView,
  type RemoteMode,
  type RomeReferential,
  type Seniority,
} from '@jobmarket/recommender';
import type { WarehouseOps } from '@jobmarket/warehouse';

/** An OfferView plus when the platform first saw it (for "new offers since the last training"). */
export interface TrainingOffer extends OfferView {
  firstSeenAt: string | null;
  source: string;
}

type Row = Record<string, unknown>;

const lower = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let date: Date;
  if (value instanceof Date) date = value;
  else {
    // DuckDB/Snowflake TIMESTAMP (no zone) as text: UTC.
    const text = String(value).trim().replace(' ', 'T');
    date = new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
  }
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : null;
}

/** Every silver offer with its hard skills, sorted by id. */
export async function readTrainingOffers(db: WarehouseOps): Promise<TrainingOffer[]> {
  const offers = (
    await db.query(
      `SELECT offer_id, title, description, primary_source, created_at, first_seen_at,
              rome_code, rome_label, appellation_label, latitude, longitude, commune_code,
              departement_code, contract_type, seniority, salary_annual_min_eur,
              salary_annual_max_eur, remote
       FROM silver.silver_offers
       ORDER BY offer_id`,
    )
  ).map(lower);
  const skills = (
    await db.query(
      `SELECT offer_id, skill_id, skill_label, required
       FROM silver.silver_offer_hard_skills
       ORDER BY offer_id, CASE WHEN origin = 'source' THEN 0 ELSE 1 END, first_position, skill_id`,
    )
  ).map(lower);
  const skillsOf = new Map<string, OfferView['skills']>();
  for (const row of skills) {
    const label = str(row.skill_label);
    if (!label) continue;
    const id = String(row.offer_id);
    const list = skillsOf.get(id) ?? [];
    list.push({ id: str(row.skill_id), label, required: row.required !== false });
    skillsOf.set(id, list);
  }
  return offers.map((row): TrainingOffer => {
    const id = String(row.offer_id);
    const latitude = num(row.latitude);
    const longitude = num(row.longitude);
    const min = num(row.salary_annual_min_eur);
    const max = num(row.salary_annual_max_eur);
    return {
      id,
      source: String(row.primary_source ?? ''),
      title: str(row.title) ?? '',
      description: str(row.description) ?? '',
      createdAt: iso(row.created_at),
      firstSeenAt: iso(row.first_seen_at),
      romeCode: normaliseRomeCode(row.rome_code),
      romeLabel: str(row.rome_label),
      appellation: str(row.appellation_label),
      romePredicted: false,
      latitude: latitude !== null && longitude !== null ? latitude : null,
      longitude: latitude !== null && longitude !== null ? longitude : null,
      communeCode: str(row.commune_code),
      departementCode: str(row.departement_code),
      contractType: oneOf<ContractType>(CONTRACT_TYPES, row.contract_type),
      seniority: oneOf<Seniority>(SENIORITIES, row.seniority),
      salaryAnnualMinEur: min ?? max,
      salaryAnnualMaxEur: max ?? min,
      remote: oneOf<RemoteMode>(REMOTE_MODES, row.remote),
      skills: skillsOf.get(id) ?? [],
      softSkills: [],
    };
  });
}

/** The OfferView of a training offer (what train() and the fingerprint see). */
export function offerView(offer: TrainingOffer): OfferView {
  const { firstSeenAt: _firstSeen, source: _source, ...view } = offer;
  return view;
}

function parsePayload(value: unknown): Record<string, string> {
  if (typeof value !== 'string') return (value ?? {}) as Record<string, string>;
  try {
    return JSON.parse(value) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * The ROME 4.0 referential as ingest landed it (`bronze.raw_referentials`: metiers, appellations,
 * domaines; the latest landing of each code): the same codes, appellation labels (long and short
 * forms) and domain labels `loadRomeReferential` reads from the CSV files.
 */
export async function readReferential(db: WarehouseOps): Promise<RomeReferential> {
  const ref = emptyReferential();
  let rows: Row[];
  try {
    rows = (
      await db.query(
        `SELECT name, code, label, payload
         FROM bronze.raw_referentials
         WHERE name IN ('metiers', 'appellations', 'domaines') AND code IS NOT NULL
         QUALIFY ROW_NUMBER() OVER (PARTITION BY name, code ORDER BY landed_at DESC) = 1
         ORDER BY name, code`,
      )
    ).map(lower);
  } catch {
    return ref;
  }
  const seen = new Set<string>();
  for (const row of rows) {
    const name = String(row.name);
    const code = String(row.code).toUpperCase();
    if (name === 'metiers' && /^[A-N]\d{4}$/.test(code) && str(row.label)) {
      ref.codes.set(code, String(row.label));
    } else if (name === 'domaines' && /^[A-N]\d{2}$/.test(code) && str(row.label)) {
      ref.domains.set(code, String(row.label));
    } else if (name === 'appellations') {
      const payload = parsePayload(row.payload);
      const rome = String(payload.code_rome ?? '').toUpperCase();
      if (!/^[A-N]\d{4}$/.test(rome)) continue;
      for (const label of [payload.libelle_appellation_long, payload.libelle_appellation_court]) {
        if (!label) continue;
        const key = `${label}\u0000${rome}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ref.appellations.push({ label, code: rome });
      }
    }
  }
  if (ref.codes.size > 0) ref.sources.push('warehouse:bronze.raw_referentials/metiers');
  if (ref.appellations.length > 0)
    ref.sources.push('warehouse:bronze.raw_referentials/appellations');
  if (ref.domains.size > 0) ref.sources.push('warehouse:bronze.raw_referentials/domaines');
  return ref;
}
