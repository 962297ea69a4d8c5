import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CuratedOffer } from '@jobmarket/events';
import { fromCuratedOffer, loadModel, skillKey } from '@jobmarket/recommender';
import {
  codeOf,
  localRegistry,
  RECOMMENDATION_FIELDS,
  sampleOffers,
  startRecommendations,
  trainModel,
} from './harness.js';

/*
 * The subgraph on the real curated sample (ingest replay + dbt) with a model trained on it, served
 * from the local model directory: answers, explanations, the score used for ranking, bad input,
 * health. (Kafka, model swaps and the gateway: models.test.ts and gateway.test.ts.)
 */

interface Rec {
  score: number;
  matchedSkills: string[];
  missingSkills: string[];
  distanceKm: number | null;
  offer: { id: string };
  reasons: {
    kind: string;
    label: string;
    positive: boolean;
    value: string | null;
    contribution: number;
  }[];
}

const FOR_PROFILE = `query ($profile: ProfileInput!, $first: Int) {
  recommendationsForProfile(profile: $profile, first: $first) { ${RECOMMENDATION_FIELDS} }
}`;

describe('the recommendations subgraph', { timeout: 120_000 }, () => {
  let offers: CuratedOffer[];
  let byId: Map<string, CuratedOffer>;
  let platform: Awaited<ReturnType<typeof startRecommendations>>;
  let registry: Awaited<ReturnType<typeof localRegistry>>;
  let artifact: Awaited<ReturnType<typeof trainModel>>;

  beforeAll(async () => {
    offers = (await sampleOffers()).offers;
    byId = new Map(offers.map((o) => [o.id, o]));
    artifact = await trainModel(offers, 42);
    registry = await localRegistry([artifact]);
    platform = await startRecommendations({ offers, registry: registry.registry });
  });

  afterAll(async () => {
    await platform?.close();
    registry?.remove();
  });

  // A developer in Lyon, CDI, with skills some offers of the sample list.
  const developer = {
    desiredJobTitles: ['Développeur informatique'],
    skills: [
      { name: 'Java', level: 'ADVANCED' },
      { name: 'SQL', level: 'INTERMEDIATE' },
      { name: 'Gestion de projet', level: 'BEGINNER' },
    ],
    location: { label: 'Lyon', latitude: 45.764, longitude: 4.8357 },
    radiusKm: 50,
    contractTypes: ['CDI'],
  };

  it('serves the champion, every active offer indexed, and reports it', async () => {
    const info = await platform.call<{
      modelInfo: {
        name: string;
        version: string;
        metrics: { name: string; value: number }[];
        offers: number;
        trainedAt: string;
      };
    }>('{ modelInfo { name version trainedAt offers metrics { name value } } }');
    expect(info.errors).toBeUndefined();
    expect(info.data!.modelInfo).toMatchObject({
      name: 'jobmarket-reco',
      version: '1',
      offers: offers.length,
    });
    expect(info.data!.modelInfo.metrics).toContainEqual({ name: 'title.ndcg@10', value: 0.9 });

    expect((await fetch(`${platform.root}/healthz`)).status).toBe(200);
    const ready = await fetch(`${platform.root}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${platform.root}/metrics`)).text();
    expect(metrics).toMatch(
      /recommendation_model_info\{[^}]*model="jobmarket-reco"[^}]*version="1"[^}]*\} 1/,
    );
    expect(metrics).toMatch(new RegExp(`recommendation_index_offers\\{[^}]*\\} ${offers.length}`));
  });

  it('ranks by the score it shows, and that score is the model’s own', async () => {
    const result = await platform.call<{ recommendationsForProfile: Rec[] }>(FOR_PROFILE, {
      profile: developer,
      first: 30,
    });
    expect(result.errors).toBeUndefined();
    const list = result.data!.recommendationsForProfile;
    expect(list).toHaveLength(30);
    for (let i = 1; i < list.length; i++)
      expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
    // The same model, in the TypeScript reference implementation, scores every offer of the index.
    const reference = await loadModel(artifact.onnxBytes, artifact.metadata, {
      backend: 'reference',
    });
    await reference.indexOffers(offers.map(fromCuratedOffer));
    const scores = await reference.scoreAll({
      desiredTitles: developer.desiredJobTitles,
      skills: [
        { label: 'Java', level: 3 },
        { label: 'SQL', level: 2 },
        { label: 'Gestion de projet', level: 1 },
      ],
      location: { latitude: 45.764, longitude: 4.8357, radiusKm: 50 },
      contractTypes: ['CDI'],
      seniority: null,
      minAnnualSalaryEur: null,
      remote: null,
      desiredRomeCodes: [],
    });
    for (const rec of list) expect(rec.score).toBeCloseTo(scores.get(rec.offer.id)!, 4);
    // Nothing left out scores above the last one shown (up to the float rounding of the two backends).
    const shown = new Set(list.map((r) => r.offer.id));
    const best = Math.max(...[...scores].filter(([id]) => !shown.has(id)).map(([, s]) => s));
    expect(best).toBeLessThanOrEqual(list[list.length - 1]!.score + 1e-4);
    await reference.close();
  });

  it('explains with skills that are in both the profile and the offer, and the real distance', async () => {
    const result = await platform.call<{ recommendationsForProfile: Rec[] }>(FOR_PROFILE, {
      profile: developer,
      first: 50,
    });
    const list = result.data!.recommendationsForProfile;
    const profileKeys = developer.skills.map((s) => skillKey(s.name));
    let matched = 0;
    for (const rec of list) {
      const offer = byId.get(rec.offer.id)!;
      const offerLabels = offer.hardSkills.map((s) => s.label);
      for (const skill of rec.matchedSkills) {
        matched += 1;
        expect(offerLabels).toContain(skill);
        const tokens = new Set(skillKey(skill).split(' '));
        expect(
          profileKeys.some(
            (key) => key.split(' ').every((t) => tokens.has(t)) || key === skillKey(skill),
          ),
        ).toBe(true);
      }
      for (const skill of rec.missingSkills) expect(offerLabels).toContain(skill);
      const skills = rec.reasons.find((r) => r.kind === 'SKILLS');
      expect(skills?.positive).toBe(rec.matchedSkills.length > 0);
      if (offer.location.latitude !== null && offer.location.longitude !== null) {
        const distance = rec.reasons.find((r) => r.kind === 'DISTANCE')!;
        expect(Number(distance.value)).toBe(rec.distanceKm);
        expect(distance.positive).toBe(rec.distanceKm! <= 50);
      }
      const contract = rec.reasons.find((r) => r.kind === 'CONTRACT');
      expect(contract?.positive).toBe(offer.contract.type === 'CDI');
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('answers thin and odd profiles, and refuses what cannot be answered with BAD_USER_INPUT', async () => {
    for (const profile of [
      {},
      { skills: [] },
      { skills: [{ name: 'Zorglub quantique' }, { name: 'xqzt' }] },
      { desiredRomeCodes: ['N9999'] },
      { location: { label: 'Fort-de-France', latitude: 14.6, longitude: -61.07 } },
      { contractTypes: ['STAGE'], seniority: 'SENIOR', minSalary: 900000 },
    ]) {
      const result = await platform.call<{ recommendationsForProfile: Rec[] }>(FOR_PROFILE, {
        profile,
        first: 5,
      });
      expect(result.errors, JSON.stringify(profile)).toBeUndefined();
      expect(result.data!.recommendationsForProfile).toHaveLength(5);
    }
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ location: { label: 'Berlin', latitude: 52.52, longitude: 13.4 } }, /outside France/],
      [{ radiusKm: 20 }, /needs `profile.location`/],
      [{ desiredRomeCodes: ['not a code'] }, /desiredRomeCodes\[0\]/],
      [{ desiredRomeCodes: ['Z9999'] }, /not a ROME code/],
      [{ skills: [{ name: '' }] }, /must not be empty/],
      [{ location: { label: 'x', latitude: 91, longitude: 0 } }, /latitude/],
      [{ minSalary: -5 }, /minSalary/],
      [{ skills: Array.from({ length: 101 }, (_, i) => ({ name: `s${i}` })) }, /at most 100/],
    ];
    for (const [profile, message] of refused) {
      const result = await platform.call(FOR_PROFILE, { profile, first: 5 });
      expect(codeOf(result), JSON.stringify(profile)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toMatch(message);
    }
    for (const first of [0, 101]) {
      expect(codeOf(await platform.call(FOR_PROFILE, { profile: {}, first }))).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('finds similar offers, and none for an offer it does not know', async () => {
    const source = offers.find((o) => o.rome.code && o.hardSkills.length > 0)!;
    const result = await platform.call<{ _entities: { similarOffers: { id: string }[] }[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Offer { similarOffers(first: 5) { id } } } }`,
      {
        representations: [
          { __typename: 'Offer', id: source.id },
          { __typename: 'Offer', id: 'francetravail:NOPE' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const [similar, unknown] = result.data!._entities;
    expect(similar!.similarOffers).toHaveLength(5);
    expect(similar!.similarOffers.map((o) => o.id)).not.toContain(source.id);
    expect(unknown!.similarOffers).toEqual([]);
  });

  it('leaves out what the user hid or applied to, and reads only the user’s own recommendations', async () => {
    const userId = '0b9d7c1e-2f3a-4b5c-9d6e-7f8a9b0c1d2e';
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { recommendations(first: 10) { offer { id } score } } } }`;
    const user = (exclusions: string[]) => ({
      __typename: 'User',
      id: userId,
      recommendationExclusions: exclusions,
      profile: {
        desiredRomeCodes: [],
        desiredJobTitles: developer.desiredJobTitles,
        skills: developer.skills,
        location: { latitude: 45.764, longitude: 4.8357 },
        radiusKm: 50,
        contractTypes: ['CDI'],
        seniority: null,
        minSalary: null,
        remoteModes: [],
      },
    });
    type R = { _entities: { recommendations: { offer: { id: string } }[] }[] };
    const before = await platform.call<R>(query, { representations: [user([])] }, { userId });
    expect(before.errors).toBeUndefined();
    const ids = before.data!._entities[0]!.recommendations.map((r) => r.offer.id);
    const hidden = ids.slice(0, 3);
    const after = await platform.call<R>(query, { representations: [user(hidden)] }, { userId });
    const next = after.data!._entities[0]!.recommendations.map((r) => r.offer.id);
    expect(next).toHaveLength(10);
    for (const id of hidden) expect(next).not.toContain(id);
    expect(next.slice(0, 7)).toEqual(ids.slice(3));

    expect(codeOf(await platform.call(query, { representations: [user([])] }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      codeOf(
        await platform.call(
          query,
          { representations: [user([])] },
          { userId: '11111111-2f3a-4b5c-9d6e-7f8a9b0c1d2e' },
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});
