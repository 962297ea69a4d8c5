import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventBus,
  TOPICS,
  type CuratedOffer,
  type EventBus,
  type Interaction,
} from '@jobmarket/events';
import { skillKey } from '@jobmarket/recommender';
import {
  createAccessTokenVerifier,
  migrate,
  openStore,
  printSubgraphSdl,
  type Store,
} from '@jobmarket/subgraph-kit';
import { requireInfrastructure, uniqueName, waitFor } from '@jobmarket/testing';
import { composeSupergraph, platformSubgraphSdl } from '../../../gateway/src/compose.js';
import { createGatewayService, type GatewayService } from '../../../gateway/src/gateway.js';
import { createUsersService } from '../../users/src/app.js';
import { InteractionPublisher } from '../../users/src/feedback.js';
import { MIN_HASHING_COST } from '../../users/src/passwords.js';
import { buildSubgraphSchema as buildUsersSchema } from '../../users/src/schema.js';
import { buildSubgraphSchema } from '../src/schema.js';
import {
  brokers,
  capturingLogger,
  INTERNAL_SECRET,
  localRegistry,
  RECOMMENDATION_FIELDS,
  sampleOffers,
  startRecommendations,
  trainModel,
} from './harness.js';

/*
 * Through the gateway, on the real curated sample: the users subgraph (profile, applications,
 * feedback published on jobmarket.interactions.v1 through its outbox on the real Kafka) and the
 * recommendations subgraph, composed into one supergraph. A signed-in user's recommendations
 * follow their saved profile; explanations name skills the profile and the offer really share;
 * hidden offers and offers applied to are left out.
 */

const JWT_SECRET = 'recommendations-gateway-test-jwt-secret-0123456789';

interface Rec {
  score: number;
  matchedSkills: string[];
  missingSkills: string[];
  distanceKm: number | null;
  offer: { id: string };
  reasons: { kind: string; positive: boolean; value: string | null }[];
}

const MY_RECOMMENDATIONS = `query { me { id recommendations(first: 20) { ${RECOMMENDATION_FIELDS} } } }`;
const UPDATE_PROFILE = `mutation ($input: ProfileInput!) { updateProfile(input: $input) { updatedAt } }`;

const developer = {
  desiredJobTitles: ['Développeur informatique'],
  skills: [
    { name: 'Java', level: 'ADVANCED' },
    { name: 'SQL', level: 'INTERMEDIATE' },
  ],
  location: { label: 'Lyon', latitude: 45.764, longitude: 4.8357 },
  radiusKm: 50,
  contractTypes: ['CDI'],
};

const careWorker = {
  desiredJobTitles: ['Aide-soignant'],
  skills: [
    { name: 'Hygiène', level: 'ADVANCED' },
    { name: 'Soins', level: 'INTERMEDIATE' },
  ],
  location: { label: 'Paris', latitude: 48.8566, longitude: 2.3522 },
  radiusKm: 40,
  contractTypes: [],
};

describe('recommendations through the gateway', { timeout: 180_000 }, () => {
  const { logger } = capturingLogger('gateway-test');
  let offers: CuratedOffer[];
  let byId: Map<string, CuratedOffer>;
  let bus: EventBus;
  let usersStore: Store;
  let publisher: InteractionPublisher;
  let users: Awaited<ReturnType<typeof createUsersService>>;
  let recommendations: Awaited<ReturnType<typeof startRecommendations>>;
  let registry: Awaited<ReturnType<typeof localRegistry>>;
  let gateway: GatewayService;
  let url: string;
  let token: string;
  let userId: string;

  const call = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    auth: string | null = token,
  ) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      ...((await response.json()) as {
        data?: T;
        errors?: { message: string; extensions?: { code?: string } }[];
      }),
    };
  };
  const mine = async () => {
    const result = await call<{ me: { recommendations: Rec[] } }>(MY_RECOMMENDATIONS);
    expect(result.errors).toBeUndefined();
    return result.data!.me.recommendations;
  };

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    offers = (await sampleOffers()).offers;
    byId = new Map(offers.map((o) => [o.id, o]));
    registry = await localRegistry([await trainModel(offers, 42)]);
    recommendations = await startRecommendations({ offers, registry: registry.registry, logger });

    bus = createEventBus({
      brokers,
      clientId: 'reco-gateway-test',
      topicPrefix: `${uniqueName('reco-gw')}.`,
      logger,
    });
    await bus.provisionTopics();
    const producer = bus.producer();
    usersStore = await openStore({ subgraph: 'users', dataDir: 'memory://', extensions: [] });
    await migrate(usersStore, new URL('../../users/migrations', import.meta.url).pathname);
    publisher = new InteractionPublisher({
      store: usersStore,
      logger,
      sink: { send: async (messages) => void (await producer.send(TOPICS.interactions, messages)) },
    });
    publisher.start();
    users = await createUsersService({
      store: usersStore,
      logger,
      internalAuthSecret: INTERNAL_SECRET,
      jwt: { secret: JWT_SECRET },
      hashingCost: MIN_HASHING_COST,
      interactions: publisher,
    });
    const usersUrl = (await users.listen(0, '127.0.0.1')).url;

    gateway = await createGatewayService({
      logger,
      supergraphSdl: composeSupergraph([
        { name: 'users', url: usersUrl, sdl: printSubgraphSdl(await buildUsersSchema()) },
        {
          name: 'recommendations',
          url: recommendations.url,
          sdl: printSubgraphSdl(await buildSubgraphSchema()),
        },
        await platformSubgraphSdl(),
      ]),
      subgraphUrls: { users: usersUrl, recommendations: recommendations.url },
      internalAuthSecret: INTERNAL_SECRET,
      verifier: await createAccessTokenVerifier({ secret: JWT_SECRET }),
      introspection: true,
      playground: false,
    });
    url = (await gateway.listen(0, '127.0.0.1')).url;
    const session = await users.users.register(
      'candidate@example.com',
      'Reco-gateway-pass-1',
      null,
      '127.0.0.1',
    );
    token = session.accessToken;
    userId = session.user.id;
  });

  afterAll(async () => {
    await gateway?.close(0);
    await users?.close(0);
    await publisher?.stop();
    await usersStore?.close();
    await recommendations?.close();
    await bus?.disconnect();
    registry?.remove();
  });

  it("follows the signed-in user's saved profile: change it, the list changes", async () => {
    expect((await call(UPDATE_PROFILE, { input: developer })).errors).toBeUndefined();
    const forDeveloper = await mine();
    expect(forDeveloper).toHaveLength(20);

    expect((await call(UPDATE_PROFILE, { input: careWorker })).errors).toBeUndefined();
    const forCareWorker = await mine();
    expect(forCareWorker).toHaveLength(20);
    const overlap = forCareWorker.filter((r) =>
      forDeveloper.some((d) => d.offer.id === r.offer.id),
    );
    expect(overlap.length).toBeLessThan(5);
    // Each list is about the profile's job (the offers' ROME codes, given or predicted).
    const jobOf = (r: Rec) => r.reasons.find((x) => x.kind === 'ROME')?.value ?? '';
    expect(forDeveloper.filter((r) => jobOf(r).startsWith('M18')).length).toBeGreaterThanOrEqual(
      15,
    );
    expect(forCareWorker.filter((r) => jobOf(r).startsWith('J1')).length).toBeGreaterThanOrEqual(
      15,
    );
    for (let i = 1; i < forCareWorker.length; i++)
      expect(forCareWorker[i - 1]!.score).toBeGreaterThanOrEqual(forCareWorker[i]!.score);

    // The same profile typed anonymously gets the same list, with the same scores.
    const anonymous = await call<{ recommendationsForProfile: Rec[] }>(
      `query ($p: ProfileInput!) { recommendationsForProfile(profile: $p, first: 20) { ${RECOMMENDATION_FIELDS} } }`,
      { p: careWorker },
      null,
    );
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.recommendationsForProfile.map((r) => [r.offer.id, r.score])).toEqual(
      forCareWorker.map((r) => [r.offer.id, r.score]),
    );
  });

  it('explains with skills that are really in both the profile and the offer', async () => {
    const list = await mine();
    const profileKeys = careWorker.skills.map((s) => skillKey(s.name).split(' '));
    let matched = 0;
    for (const rec of list) {
      const offerSkills = byId.get(rec.offer.id)!.hardSkills.map((s) => s.label);
      for (const skill of rec.matchedSkills) {
        matched += 1;
        expect(offerSkills).toContain(skill);
        const tokens = new Set(skillKey(skill).split(' '));
        expect(profileKeys.some((key) => key.every((t) => tokens.has(t)))).toBe(true);
      }
      expect(rec.reasons.find((r) => r.kind === 'SKILLS')?.positive).toBe(
        rec.matchedSkills.length > 0,
      );
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('leaves out offers hidden or applied to; feedback goes out on jobmarket.interactions.v1', async () => {
    const before = await mine();
    const [hidden, applied, liked] = before.map((r) => r.offer.id);
    const feedback = `mutation ($offerId: ID!, $feedback: RecommendationFeedback!) { recommendationFeedback(offerId: $offerId, feedback: $feedback) }`;
    expect((await call(feedback, { offerId: hidden, feedback: 'HIDE' })).data).toEqual({
      recommendationFeedback: true,
    });
    expect((await call(feedback, { offerId: liked, feedback: 'LIKE' })).data).toEqual({
      recommendationFeedback: true,
    });
    expect((await call(feedback, { offerId: liked, feedback: 'LIKE' })).data).toEqual({
      recommendationFeedback: true,
    });
    const application = await call(
      `mutation ($offerId: ID!) { createApplication(input: { offerId: $offerId, status: APPLIED }) { id } }`,
      {
        offerId: applied,
      },
    );
    expect(application.errors).toBeUndefined();

    const after = (await mine()).map((r) => r.offer.id);
    expect(after).not.toContain(hidden);
    expect(after).not.toContain(applied);
    expect(after).toContain(liked);
    expect(after.slice(0, 18)).toEqual(before.slice(2).map((r) => r.offer.id));

    // The exclusions are for the gateway only: not in the public API.
    const peek = await call(`query { me { recommendationExclusions } }`);
    expect(peek.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Anonymous: no personal recommendations, no feedback.
    expect((await call(MY_RECOMMENDATIONS, {}, null)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await call(feedback, { offerId: liked, feedback: 'HIDE' }, null)).errors?.[0]?.extensions
        ?.code,
    ).toBe('UNAUTHENTICATED');

    const events: Interaction[] = [];
    await waitFor(
      async () => {
        await bus.drain({
          groupId: uniqueName('interactions-reader'),
          topic: TOPICS.interactions,
          handler: (batch) => {
            events.splice(0, events.length, ...batch.map((e) => e.value));
          },
        });
        return events.length >= 2;
      },
      { what: 'two interactions published', timeoutMs: 30_000 },
    );
    expect(events.map((e) => [e.userId, e.offerId, e.kind])).toEqual([
      [userId, hidden, 'HIDE'],
      [userId, liked, 'LIKE'],
    ]);
  });
});
