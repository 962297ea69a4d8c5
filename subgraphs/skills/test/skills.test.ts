import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { CuratedOffer } from '@jobmarket/events';
import { printSubgraphSdl } from '@jobmarket/subgraph-kit';
import { curatedSample, type CuratedSample } from '@jobmarket/testing';
import { buildSubgraphSchema as offersSchema } from '../../offers/src/schema.js';
import { importRomeReferential } from '../src/referential.js';
import { buildSubgraphSchema } from '../src/schema.js';
import { removeOffer } from '../src/store.js';
import { fold, startSkills, type EngineName, type Harness } from './harness.js';

/**
 * The skills subgraph's resolvers on the real curated sample, once on PGlite and once on
 * PostgreSQL: skill demand equal to the dbt gold aggregates, soft skills by ROME code equal to
 * gold_rome_soft_skills, Offer.skills through federation, autocomplete, bad input, tombstones.
 */

const engines: EngineName[] = ['pglite', 'postgres'];
let sample: CuratedSample;
let now: Date;

beforeAll(async () => {
  sample = await curatedSample();
  now = new Date(
    Math.max(...sample.offers.map((offer) => Date.parse(offer.createdAt))) + 12 * 3600_000,
  );
}, 20 * 60_000);

describe('skills schema', () => {
  it('composes with the offers subgraph (same OfferFilter, Offer.skills) into one supergraph', async () => {
    const skillsSdl = printSubgraphSdl(await buildSubgraphSchema());
    expect(skillsSdl).toMatch(/type Skill\s+@key\(fields: "id"\)/);
    expect(skillsSdl).toMatch(/type Offer\s+@key\(fields: "id"\)/);
    const offersSdl = printSubgraphSdl(await offersSchema());
    const result = composeServices([
      { name: 'offers', url: 'http://localhost:4001/graphql', typeDefs: parse(offersSdl) },
      { name: 'skills', url: 'http://localhost:4002/graphql', typeDefs: parse(skillsSdl) },
    ]);
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.supergraphSdl ?? '';
    expect(supergraph).toMatch(
      /topSkills\([\s\S]*?filter: OfferFilter[\s\S]*?\): \[SkillDemand!\]!/,
    );
    expect(supergraph).toMatch(
      /searchOffers\([\s\S]*?filter: OfferFilter[\s\S]*?\): OfferSearchResult!/,
    );
    expect(supergraph).toMatch(/skills\([\s\S]*?kind: SkillKind[\s\S]*?\): \[OfferSkill!\]!/);
  });
});

describe.each(engines)('skills subgraph on %s (real sample)', (engine) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startSkills(engine, sample.offers, now);
  }, 10 * 60_000);
  afterAll(async () => {
    await h?.close();
  });

  interface Demand {
    skill: { id: string; name: string; kind: string };
    offers: number;
    requiredOffers: number;
    share: number;
  }
  const TOP = `query($kind: SkillKind, $filter: OfferFilter, $first: Int) {
    topSkills(kind: $kind, filter: $filter, first: $first) { skill { id name kind } offers requiredOffers share }
  }`;
  const top = async (variables: Record<string, unknown>) =>
    (await h.ok<{ topSkills: Demand[] }>(TOP, variables)).topSkills;

  describe('skill demand equals the dbt gold aggregates (no filter)', () => {
    it('hard skills = gold_hard_skill_demand', async () => {
      const mine = await top({ kind: 'HARD', first: 100 });
      const gold = sample.gold<{
        skill_id: string;
        offers: number;
        required_offers: number;
        share: number;
      }>('gold_hard_skill_demand');
      const byId = new Map(gold.map((row) => [row.skill_id, row]));
      expect(mine).toHaveLength(Math.min(100, gold.length));
      for (const row of mine) {
        const expected = byId.get(row.skill.id);
        expect({ id: row.skill.id, offers: row.offers, required: row.requiredOffers }).toEqual({
          id: row.skill.id,
          offers: expected?.offers,
          required: expected?.required_offers,
        });
        expect(row.share).toBeCloseTo(expected!.share, 4);
        expect(row.skill.kind).toBe('HARD');
      }
      expect(mine.map((row) => row.offers)).toEqual(
        gold
          .map((row) => row.offers)
          .sort((a, b) => b - a)
          .slice(0, mine.length),
      );
    });

    it('soft skills = gold_soft_skill_demand', async () => {
      const mine = await top({ kind: 'SOFT', first: 100 });
      const gold = sample
        .gold<{ soft_skill_id: string; offers: number; share: number }>('gold_soft_skill_demand')
        .filter((row) => row.offers > 0);
      expect(new Map(mine.map((row) => [row.skill.id, row.offers]))).toEqual(
        new Map(gold.map((row) => [row.soft_skill_id, row.offers])),
      );
      for (const row of gold) {
        expect(mine.find((m) => m.skill.id === row.soft_skill_id)!.share).toBeCloseTo(row.share, 4);
      }
    });

    it('soft skills by ROME code = gold_rome_soft_skills', async () => {
      const gold = sample.gold<{
        rome_code: string;
        soft_skill_id: string;
        soft_skill_name: string;
        soft_skill_description: string | null;
        offers: number;
        share_of_rome_offers: number;
        rank_in_rome: number;
      }>('gold_rome_soft_skills');
      const codes = [...new Set(gold.map((row) => row.rome_code))].slice(0, 12);
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) {
        const data = await h.ok<{
          softSkillsByRome: {
            id: string;
            name: string;
            description: string | null;
            offers: number;
            share: number;
            rank: number;
          }[];
        }>(
          'query($c: String!) { softSkillsByRome(romeCode: $c) { id name description offers share rank } }',
          { c: code },
        );
        const expected = gold
          .filter((row) => row.rome_code === code)
          .sort((a, b) => a.rank_in_rome - b.rank_in_rome);
        expect(
          data.softSkillsByRome.map((row) => [
            row.id,
            row.name,
            row.description,
            row.offers,
            row.rank,
          ]),
        ).toEqual(
          expected.map((row) => [
            row.soft_skill_id,
            row.soft_skill_name,
            row.soft_skill_description,
            row.offers,
            row.rank_in_rome,
          ]),
        );
        data.softSkillsByRome.forEach((row, index) =>
          expect(row.share).toBeCloseTo(expected[index]!.share_of_rome_offers, 4),
        );
      }
    });
  });

  it('topSkills follows the offers filter', async () => {
    const filter = { contractTypes: ['CDI'], regionCodes: ['84'] };
    const matching = sample.offers.filter(
      (offer) => offer.contract.type === 'CDI' && offer.location.regionCode === '84',
    );
    const mine = await top({ filter, first: 15 });
    expect(mine.length).toBeGreaterThan(0);
    for (const row of mine) {
      const asking = matching.filter((offer) =>
        [...offer.hardSkills, ...offer.softSkills].some((skill) => skill.id === row.skill.id),
      );
      expect({ id: row.skill.id, offers: asking.length }).toEqual({
        id: row.skill.id,
        offers: row.offers,
      });
      expect(row.share).toBeCloseTo(asking.length / matching.length, 6);
    }
  });

  it('adds Offer.skills (hard then soft, with required) to the offers entity', async () => {
    const offers = sample.offers
      .filter((offer) => offer.hardSkills.length > 0 && offer.softSkills.length > 0)
      .slice(0, 3);
    const data = await h.ok<{
      _entities: {
        id: string;
        skills: { kind: string; required: boolean; skill: { id: string; name: string } }[];
      }[];
    }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { id skills { kind required skill { id name } } } } }',
      {
        r: [
          ...offers.map((offer) => ({ __typename: 'Offer', id: offer.id })),
          { __typename: 'Offer', id: 'adzuna:none' },
        ],
      },
    );
    offers.forEach((offer: CuratedOffer, index) => {
      expect(data._entities[index]!.skills).toEqual([
        ...offer.hardSkills.map((skill) => ({
          kind: 'HARD',
          required: skill.required,
          skill: { id: skill.id, name: skill.label },
        })),
        ...offer.softSkills.map((skill) => ({
          kind: 'SOFT',
          required: false,
          skill: { id: skill.id, name: skill.label },
        })),
      ]);
    });
    expect(data._entities.at(-1)).toEqual({ id: 'adzuna:none', skills: [] });
  });

  it('resolves Skill references with related ROME codes and offer counts', async () => {
    const data = await h.ok<{
      _entities: ({
        id: string;
        name: string;
        kind: string;
        offers: number;
        relatedRomeCodes: { code: string; offers: number }[];
      } | null)[];
    }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Skill { id name kind offers relatedRomeCodes(first: 3) { code offers } } } }',
      {
        r: [
          { __typename: 'Skill', id: 'autonomie' },
          { __typename: 'Skill', id: 'no-such-skill' },
        ],
      },
    );
    const gold = sample.gold<{ soft_skill_id: string; offers: number }>('gold_soft_skill_demand');
    expect(data._entities[0]).toMatchObject({ id: 'autonomie', kind: 'SOFT' });
    expect(data._entities[0]!.offers).toBe(
      gold.find((row) => row.soft_skill_id === 'autonomie')!.offers,
    );
    expect(data._entities[0]!.relatedRomeCodes.length).toBeGreaterThan(0);
    expect(data._entities[1]).toBeNull();
  });

  describe('autocomplete', () => {
    it('skills(search) by prefix, accent-insensitively, and forgiving typos', async () => {
      const skills = async (search: string, kind?: string) =>
        (
          await h.ok<{ skills: { id: string; name: string; kind: string }[] }>(
            'query($s: String!, $k: SkillKind) { skills(search: $s, kind: $k, first: 5) { id name kind } }',
            { s: search, k: kind },
          )
        ).skills;
      const autonomy = await skills('autonom');
      expect(autonomy.map((skill) => skill.id)).toContain('autonomie');
      for (const skill of autonomy) expect(fold(skill.name)).toContain('autonom');
      expect((await skills('autonom', 'SOFT'))[0]).toMatchObject({ id: 'autonomie', kind: 'SOFT' });
      expect(await skills('ÉCOUTE')).toEqual(await skills('ecoute'));
      expect(fold((await skills('ecoute'))[0]!.name)).toContain('ecoute');
      const hard = await skills('comptabilte', 'HARD');
      expect(hard.length).toBeGreaterThan(0);
      expect(fold(hard[0]!.name)).toContain('comptabilit');
      expect(hard.every((skill) => skill.kind === 'HARD')).toBe(true);
    });

    it('romeCodes(search) by code prefix, label and appellation', async () => {
      const rome = async (search: string) =>
        (
          await h.ok<{
            romeCodes: {
              code: string;
              label: string;
              domainCode: string;
              matchedAppellation: string | null;
              offers: number;
            }[];
          }>(
            'query($s: String!) { romeCodes(search: $s, first: 5) { code label domainCode matchedAppellation offers } }',
            { s: search },
          )
        ).romeCodes;
      const byCode = await rome('k13');
      expect(byCode.length).toBeGreaterThan(0);
      for (const row of byCode) expect(row.code.startsWith('K13')).toBe(true);
      const exact = sample.offers.find((offer) => offer.rome.code)!.rome;
      expect((await rome(exact.code!))[0]).toMatchObject({
        code: exact.code,
        domainCode: exact.code!.slice(0, 3),
      });
      const nurse = await rome('infirmiere');
      expect(nurse.length).toBeGreaterThan(0);
      expect(fold(`${nurse[0]!.label} ${nurse[0]!.matchedAppellation ?? ''}`)).toContain('infirmi');
      expect(await rome('infirmière')).toEqual(nurse);
      if (h.referential) {
        // An appellation (job title) that is not a fiche label finds its fiche.
        const developer = await rome('developpeur web');
        expect(developer.length).toBeGreaterThan(0);
        expect(fold(developer[0]!.matchedAppellation ?? developer[0]!.label)).toContain(
          'developpeu',
        );
      }
    });
  });

  describe('bad input gives typed errors', () => {
    it.each([
      ['softSkillsByRome(romeCode: "xx") { id }', 'romeCode'],
      ['softSkillsByRome(romeCode: "M1805; drop table skills") { id }', 'romeCode'],
      ['romeCodes(search: "") { code }', 'search'],
      ['romeCodes(search: "a", first: 51) { code }', 'first'],
      [`skills(search: "${'x'.repeat(500)}") { id }`, 'search'],
      ['skills(search: "java", first: 0) { id }', 'first'],
      ['topSkills(first: 1000) { offers }', 'first'],
      ['topSkills(filter: { romeCodes: ["nope"] }) { offers }', 'filter.romeCodes[0]'],
      [
        'topSkills(filter: { near: { communeCode: "99999", radiusKm: 10 } }) { offers }',
        'filter.near.communeCode',
      ],
      ['skill(id: "a b") { id }', 'id'],
      ['romeCode(code: "1234") { code }', 'code'],
    ])('%s', async (selection, argument) => {
      const result = await h.gql(`{ ${selection} }`);
      expect(result.status).toBe(200);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    });

    it('unknown enum values are refused before any resolver runs', async () => {
      const result = await h.gql('{ topSkills(kind: MEDIUM) { offers } }');
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  it('imports the referential once (unchanged files are skipped)', async () => {
    const again = await importRomeReferential(h.store, h.referential);
    expect(Object.keys(again.imported)).toEqual([]);
    if (h.referential) expect(again.unchanged.sort()).toEqual(['appellations', 'codes', 'domains']);
  });

  it('a tombstone deletes the offer and its skills', async () => {
    const victim = sample.offers.find((offer) =>
      offer.softSkills.some((skill) => skill.id === 'autonomie'),
    )!;
    const before = (await top({ kind: 'SOFT', first: 100 })).find(
      (row) => row.skill.id === 'autonomie',
    )!.offers;
    await h.store.transaction((tx) => removeOffer(tx, victim.id));
    await h.store.transaction((tx) => removeOffer(tx, victim.id));
    const after = (await top({ kind: 'SOFT', first: 100 })).find(
      (row) => row.skill.id === 'autonomie',
    )!.offers;
    expect(after).toBe(before - 1);
    const data = await h.ok<{ _entities: { skills: unknown[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Offer { skills { kind } } } }',
      { r: [{ __typename: 'Offer', id: victim.id }] },
    );
    expect(data._entities[0]!.skills).toEqual([]);
  });
});
