import {
  badUserInput,
  boundedNumber,
  boundedString,
  type Queryable,
} from '@jobmarket/subgraph-kit';
import {
  and,
  compileFilter,
  NO_CACHE,
  type QueryCache,
  normalizeFilter,
  resolveNear,
  ROME_CODE,
  SqlParams,
  type OfferFilter,
} from '@jobmarket/subgraph-offers/filter';
import {
  SkillKind,
  type RelatedRomeCode,
  type RomeCode,
  type RomeSoftSkill,
  type Skill,
  type SkillDemand,
} from './types.js';

export const SKILLS_LIMITS = { first: 100, search: 100, suggestions: 50 } as const;

function first(
  value: number | null | undefined,
  fallback: number,
  max: number,
  argument = 'first',
): number {
  return value === null || value === undefined
    ? fallback
    : boundedNumber(value, { argument, min: 1, max });
}

function kindOf(kind: SkillKind | null | undefined): SkillKind | null {
  if (kind === null || kind === undefined) return null;
  if (!Object.values(SkillKind).includes(kind))
    throw badUserInput('`kind` is not a known value.', { argument: 'kind' });
  return kind;
}

/** A ROME code argument, upper-cased; anything else is BAD_USER_INPUT. */
export function parseRomeCode(value: string, argument = 'romeCode'): string {
  const code = boundedString(value, { argument, max: 8, min: 1 }).toUpperCase();
  if (!ROME_CODE.test(code))
    throw badUserInput(`\`${argument}\` is not a ROME code (e.g. M1805).`, { argument });
  return code;
}

/**
 * The skills most asked for by the offers the filter selects (the offers subgraph's filter input and
 * SQL, over this subgraph's copy of the filter columns). With no filter: gold_hard_skill_demand and
 * gold_soft_skill_demand.
 */
export async function topSkills(
  db: Queryable,
  args: { kind?: SkillKind | null; filter?: OfferFilter | null; first?: number | null },
  now: Date,
  cache: QueryCache = NO_CACHE,
): Promise<SkillDemand[]> {
  const kind = kindOf(args.kind);
  const limit = first(args.first, 20, SKILLS_LIMITS.first);
  const filter = normalizeFilter(args.filter);
  const point = await resolveNear(db, filter);
  const params = new SqlParams();
  const where = and(
    compileFilter(filter, params, { now, point }).map((condition) => condition.sql),
  );
  const skills =
    kind === SkillKind.HARD
      ? 'o.hard_skill_ids'
      : kind === SkillKind.SOFT
        ? 'o.soft_skill_ids'
        : 'o.skill_ids';
  // One pass over the filter's offers, unnesting their skill ids of the kind (no join).
  const sql = `select s.id, s.kind, s.name, s.description, d.offers, d.required_offers,
            (select count(*)::int from offers o where ${where}) as total
     from (
       select k as skill_id, count(*)::int as offers,
              count(*) filter (where k = any(o.required_skill_ids))::int as required_offers
       from offers o cross join unnest(${skills}) as k
       where ${where}
       group by k
       order by offers desc, k
       limit ${limit}
     ) as d
     join skills s on s.id = d.skill_id
     order by d.offers desc, s.id`;
  const { rows } = await cache.query(sql, params.values, () =>
    db.query<{
      id: string;
      kind: SkillKind;
      name: string;
      description: string | null;
      offers: number;
      required_offers: number;
      total: number;
    }>(sql, params.values),
  );
  return rows.map((row) => ({
    skill: { id: row.id, kind: row.kind, name: row.name, description: row.description },
    offers: row.offers,
    requiredOffers: row.required_offers,
    share: row.total > 0 ? row.offers / row.total : 0,
  }));
}

/** The soft skills the offers of a ROME code ask for, most asked first (gold_rome_soft_skills). */
export async function softSkillsByRome(
  db: Queryable,
  romeCode: string,
  cache: QueryCache = NO_CACHE,
): Promise<RomeSoftSkill[]> {
  const code = parseRomeCode(romeCode);
  const { rows } = await cache.get(`softSkillsByRome:${code}`, () =>
    db.query<{
      id: string;
      name: string;
      description: string | null;
      offers: number;
      share: number;
      rank: number;
    }>(
      `with per_code as (select count(*)::int as n from offers where rome_code = $1)
     select s.id, s.name, s.description, c.offers, c.offers::float8 / per_code.n as share,
            (row_number() over (order by c.offers desc, s.id))::int as rank
     from (
       select os.skill_id, count(*)::int as offers
       from offer_skills os join offers o on o.id = os.offer_id
       where o.rome_code = $1 and os.kind = 'SOFT'
       group by os.skill_id
     ) as c
     join skills s on s.id = c.skill_id
     cross join per_code
     order by rank`,
      [code],
    ),
  );
  return rows.map((row) => ({
    skill: { id: row.id, kind: SkillKind.SOFT, name: row.name, description: row.description },
    id: row.id,
    name: row.name,
    description: row.description,
    offers: row.offers,
    share: row.share,
    rank: row.rank,
  }));
}

interface RomeRow {
  code: string;
  label: string;
  domain_label: string | null;
  offers: number;
  matched_appellation: string | null;
}

function romeCodeOf(row: RomeRow): RomeCode {
  return {
    code: row.code,
    label: row.label,
    domainCode: row.code.slice(0, 3),
    domainLabel: row.domain_label,
    offers: row.offers,
    matchedAppellation: row.matched_appellation,
  };
}

/** One ROME code, or null when neither the referential nor the offers know it. */
export async function romeCodeByCode(db: Queryable, value: string): Promise<RomeCode | null> {
  const code = parseRomeCode(value, 'code');
  const { rows } = await db.query<RomeRow>(
    `select c.code, c.label, d.label as domain_label,
            (select count(*)::int from offers o where o.rome_code = c.code) as offers, null::text as matched_appellation
     from rome_codes c left join rome_domains d on d.code = substr(c.code, 1, 3)
     where c.code = $1`,
    [code],
  );
  return rows[0] ? romeCodeOf(rows[0]) : null;
}

/**
 * ROME autocomplete: the search matches a code by prefix (`M18`, `m1805`), or a fiche label or an
 * appellation (job title) by prefix, word prefix or trigram similarity, accents and case ignored.
 * Ranked: exact code, code prefix, label prefix, word prefix, similarity; then most offers.
 */
export async function searchRomeCodes(
  db: Queryable,
  search: string,
  firstArgument: number | null | undefined,
): Promise<RomeCode[]> {
  const text = boundedString(search, { argument: 'search', max: SKILLS_LIMITS.search, min: 1 });
  const limit = first(firstArgument, 10, SKILLS_LIMITS.suggestions);
  const { rows } = await db.query<RomeRow>(
    `with q as (select jm_key($1::text) as key, upper(coalesce(jm_key($1::text), '')) as code),
     candidates as (
       select c.code, null::text as appellation,
              case when c.code = q.code then 6
                   when c.code like q.code || '%' then 5
                   when c.label_key = q.key then 4.5
                   when c.label_key like q.key || '%' then 4
                   when c.label_key like '% ' || q.key || '%' then 3
                   else 0 end + word_similarity(q.key, c.label_key) as rank
       from rome_codes c, q
       where q.key is not null
         and ((q.code ~ '^[A-N][0-9]{0,4}$' and c.code like q.code || '%')
              or c.label_key like q.key || '%' or c.label_key like '% ' || q.key || '%' or (length(q.key) >= 4 and word_similarity(q.key, c.label_key) >= 0.6))
       union all
       select a.rome_code, a.label,
              case when a.label_key = q.key then 4.2
                   when a.label_key like q.key || '%' then 3.8
                   when a.label_key like '% ' || q.key || '%' then 2.8
                   else 0 end + word_similarity(q.key, a.label_key)
       from rome_appellations a, q
       where q.key is not null
         and (a.label_key like q.key || '%' or a.label_key like '% ' || q.key || '%' or (length(q.key) >= 4 and word_similarity(q.key, a.label_key) >= 0.6))
     ),
     best as (
       select distinct on (code) code, appellation, rank from candidates order by code, rank desc, appellation
     ),
     top as (
       select b.code, b.appellation, b.rank,
              (select count(*)::int from offers o where o.rome_code = b.code) as offers
       from best b order by b.rank desc limit 200
     )
     select c.code, c.label, d.label as domain_label, t.offers, t.appellation as matched_appellation
     from top t join rome_codes c on c.code = t.code left join rome_domains d on d.code = substr(c.code, 1, 3)
     order by t.rank desc, t.offers desc, c.code
     limit ${limit}`,
    [text],
  );
  return rows.map(romeCodeOf);
}

/**
 * Skill autocomplete (the profile form): name by prefix, word prefix or trigram word similarity,
 * accents and case ignored; best match first, then the skills most offers ask for.
 */
export async function searchSkills(
  db: Queryable,
  args: { search: string; kind?: SkillKind | null; first?: number | null },
): Promise<Skill[]> {
  const text = boundedString(args.search, {
    argument: 'search',
    max: SKILLS_LIMITS.search,
    min: 1,
  });
  const kind = kindOf(args.kind);
  const limit = first(args.first, 10, SKILLS_LIMITS.suggestions);
  const { rows } = await db.query<Skill & { rank: number }>(
    `with q as (select jm_key($1::text) as key),
     candidates as (
       select s.id, s.kind, s.name, s.description,
              case when s.name_key = q.key then 4
                   when s.name_key like q.key || '%' then 3
                   when s.name_key like '% ' || q.key || '%' then 2
                   else 0 end + word_similarity(q.key, s.name_key) as rank
       from skills s, q
       where q.key is not null and ($2::text is null or s.kind = $2::text)
         and (s.name_key like q.key || '%' or s.name_key like '% ' || q.key || '%' or (length(q.key) >= 4 and word_similarity(q.key, s.name_key) >= 0.6))
       order by rank desc, s.id
       limit 200
     )
     select c.id, c.kind, c.name, c.description, c.rank
     from candidates c
     left join lateral (select count(*)::int as offers from offer_skills os where os.skill_id = c.id) as n on true
     order by c.rank desc, n.offers desc, c.name, c.id
     limit ${limit}`,
    [text, kind],
  );
  return rows.map(({ rank: _rank, ...skill }) => skill);
}

/** ROME codes whose offers ask for the skill, most offers first. */
export async function relatedRomeCodes(
  db: Queryable,
  skillId: string,
  firstArgument: number | null | undefined,
): Promise<RelatedRomeCode[]> {
  const limit = first(firstArgument, 10, SKILLS_LIMITS.first);
  const { rows } = await db.query<RelatedRomeCode>(
    `select o.rome_code as code, coalesce(max(c.label), max(o.rome_label)) as label, count(*)::int as offers
     from offer_skills os
     join offers o on o.id = os.offer_id
     left join rome_codes c on c.code = o.rome_code
     where os.skill_id = $1 and o.rome_code is not null
     group by o.rome_code
     order by offers desc, code
     limit ${limit}`,
    [skillId],
  );
  return rows;
}

/** Open offers asking for each skill. */
export async function offerCounts(
  db: Queryable,
  skillIds: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ skill_id: string; offers: number }>(
    `select skill_id, count(*)::int as offers from offer_skills where skill_id = any($1::text[]) group by skill_id`,
    [skillIds],
  );
  const counts = new Map<string, number>(skillIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.skill_id, row.offers);
  return counts;
}
