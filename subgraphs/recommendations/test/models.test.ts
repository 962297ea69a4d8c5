import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventBus,
  TOPICS,
  type CuratedOffer,
  type EventBus,
  type ModelPublished,
} from '@jobmarket/events';
import type { RegisteredVersion } from '@jobmarket/model-registry';
import { requireInfrastructure, uniqueName, waitFor } from '@jobmarket/testing';
import {
  brokers,
  capturingLogger,
  localRegistry,
  MODEL_NAME,
  RECOMMENDATION_FIELDS,
  sampleOffers,
  FAST,
  startRecommendations,
  trainModel,
} from './harness.js';

/*
 * The subgraph on the real Kafka: it follows offers.curated (upserts, idempotent redeliveries,
 * tombstones) and models.published — a new champion is swapped in while requests keep coming,
 * none fails; a corrupt or incompatible artifact is refused with a log line and the model in
 * service keeps serving.
 */

const QUERY = `query ($profile: ProfileInput!) {
  modelInfo { version offers }
  recommendationsForProfile(profile: $profile, first: 20) { ${RECOMMENDATION_FIELDS} }
}`;

const profile = {
  desiredJobTitles: ['Aide-soignant'],
  skills: [{ name: 'Hygiène', level: 'INTERMEDIATE' }],
  location: { label: 'Rennes', latitude: 48.1173, longitude: -1.6778 },
  radiusKm: 40,
};

interface Answer {
  status: number;
  errors?: unknown[];
  data?: {
    modelInfo: { version: string; offers: number } | null;
    recommendationsForProfile: { offer: { id: string }; score: number }[] | null;
  } | null;
}

describe('the subgraph on Kafka', { timeout: 180_000 }, () => {
  const { logger, lines } = capturingLogger();
  let offers: CuratedOffer[];
  let bus: EventBus;
  let registry: Awaited<ReturnType<typeof localRegistry>>;
  let platform: Awaited<ReturnType<typeof startRecommendations>>;
  let versions: RegisteredVersion[];

  const publish = async (version: RegisteredVersion, champion = true) => {
    const event: ModelPublished = {
      modelName: MODEL_NAME,
      version: version.version,
      runId: version.runId,
      trainedAt: version.trainedAt ?? '2025-01-01T00:00:00.000Z',
      artifactUri: version.artifactUri,
      format: 'onnx',
      metrics: version.metrics,
      champion,
    };
    const producer = bus.producer();
    await producer.send(TOPICS.modelsPublished, [{ key: MODEL_NAME, value: event }]);
    await producer.disconnect();
  };

  const ask = async (): Promise<Answer> => platform.call(QUERY, { profile }) as Promise<Answer>;
  const version = async () => (await ask()).data?.modelInfo?.version;

  beforeAll(async () => {
    await requireInfrastructure('kafka');
    offers = (await sampleOffers()).offers;
    const [v1, v2] = await Promise.all([trainModel(offers, 42, FAST), trainModel(offers, 7)]);
    // Version 3: version 2's graph with a flipped byte (its checksum no longer matches).
    const corrupt = new Uint8Array(v2!.onnxBytes);
    corrupt[corrupt.length - 100] = corrupt[corrupt.length - 100]! ^ 0xff;
    // Version 4: metadata of a format this subgraph does not read.
    registry = await localRegistry([
      v1!,
      v2!,
      { onnxBytes: corrupt, metadata: v2!.metadata },
      { onnxBytes: v2!.onnxBytes, metadata: { ...v2!.metadata, schemaVersion: 99 } },
    ]);
    versions = (await registry.registry.versions(MODEL_NAME)).reverse();
    bus = createEventBus({
      brokers,
      clientId: 'reco-test',
      topicPrefix: `${uniqueName('reco-test')}.`,
      logger,
    });
    await bus.provisionTopics();
    platform = await startRecommendations({
      offers,
      registry: registry.registry,
      bus,
      logger,
      modelsGroupId: uniqueName('reco-models'),
    });
    let readiness = '';
    await waitFor(
      async () => {
        const response = await fetch(`${platform.root}/readyz`);
        readiness = await response.text();
        return response.status === 200;
      },
      { what: '/readyz', timeoutMs: 60_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${readiness}`);
    });
  });

  afterAll(async () => {
    await platform?.close();
    await bus?.disconnect();
    registry?.remove();
  });

  it('swaps in a new champion from models.published while serving: no request fails', async () => {
    expect(await version()).toBe('1');
    const answers: Array<Answer & { at: number }> = [];
    let stop = false;
    const client = async () => {
      while (!stop) answers.push({ ...(await ask()), at: Date.now() });
    };
    const clients = Array.from({ length: 4 }, client);
    await waitFor(() => answers.length >= 8, { what: 'requests before the swap' });
    const publishedAt = Date.now();
    await publish(versions[1]!);
    await waitFor(() => answers.some((a) => a.data?.modelInfo?.version === '2'), {
      what: 'version 2 in service',
      timeoutMs: 60_000,
    });
    const swappedAt = Date.now();
    await waitFor(() => answers.filter((a) => a.at > swappedAt).length >= 8, {
      what: 'requests after the swap',
    });
    stop = true;
    await Promise.all(clients);

    expect(answers.filter((a) => a.status !== 200 || a.errors)).toEqual([]);
    for (const answer of answers) expect(answer.data!.recommendationsForProfile).toHaveLength(20);
    // Requests were answered while version 2 was being loaded and indexed…
    expect(
      answers.filter(
        (a) => a.at > publishedAt && a.at < swappedAt && a.data!.modelInfo!.version === '1',
      ).length,
    ).toBeGreaterThan(0);
    // …and version 2 then answered with every offer indexed.
    const last = answers[answers.length - 1]!;
    expect(last.data!.modelInfo).toEqual({ version: '2', offers: offers.length });
    const swapLog = lines.find((l) =>
      String(l.msg).startsWith(`model ${MODEL_NAME} version 2 in service`),
    );
    expect(swapLog).toMatchObject({ offers: offers.length, previous: '1' });
  });

  it('refuses a corrupt or incompatible artifact with a clear log line, and keeps serving', async () => {
    await publish(versions[2]!);
    await waitFor(() => lines.some((l) => String(l.msg).includes('version 3 refused')), {
      what: 'version 3 refused',
    });
    await publish(versions[3]!);
    await waitFor(() => lines.some((l) => String(l.msg).includes('version 4 refused')), {
      what: 'version 4 refused',
    });
    const refused = lines.filter((l) => String(l.msg).includes('refused'));
    expect(refused.map((l) => [l.level, l.version, l.problem, l.serving])).toEqual([
      ['error', '3', 'CORRUPT', '2'],
      ['error', '4', 'INCOMPATIBLE', '2'],
    ]);
    expect(String(refused[0]!.msg)).toMatch(
      /checksum .* does not match .* version 2 keeps serving/,
    );
    expect(String(refused[1]!.msg)).toMatch(/schema version 99 is not supported/);
    // A version registered without promotion is not loaded either.
    await publish(versions[0]!, false);
    await waitFor(
      () => lines.some((l) => String(l.msg).includes('version 1 registered but not promoted')),
      {
        what: 'the not promoted version noted',
      },
    );
    const answer = await ask();
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.modelInfo!.version).toBe('2');
    const metrics = await (await fetch(`${platform.root}/metrics`)).text();
    expect(metrics).toMatch(/recommendation_model_swaps_total\{[^}]*result="refused"[^}]*\} 2/);
    expect((await fetch(`${platform.root}/readyz`)).status).toBe(200);
  });

  it('follows offers.curated: upserts (idempotent) and tombstones reach the index', async () => {
    const base = offers.find((o) => o.rome.code === 'J1501') ?? offers[0]!;
    const fresh: CuratedOffer = {
      ...base,
      id: 'francetravail:RECOTEST1',
      title: 'Aide-soignant de nuit en EHPAD (H/F)',
      location: { ...base.location, latitude: 48.11, longitude: -1.68 },
      sources: [{ ...base.sources[0]!, sourceId: 'RECOTEST1' }],
    };
    const producer = bus.producer();
    await producer.send(TOPICS.offersCurated, [
      { key: fresh.id, value: fresh },
      { key: fresh.id, value: fresh },
    ]);
    await waitFor(async () => (await ask()).data?.modelInfo?.offers === offers.length + 1, {
      what: 'the new offer indexed',
    });
    const found = await platform.call<{ recommendationsForProfile: { offer: { id: string } }[] }>(
      `query ($profile: ProfileInput!) { recommendationsForProfile(profile: $profile, first: 100) { offer { id } } }`,
      { profile: { ...profile, desiredJobTitles: [fresh.title] } },
    );
    expect(found.data!.recommendationsForProfile.map((r) => r.offer.id)).toContain(fresh.id);

    await producer.send(TOPICS.offersCurated, [{ key: fresh.id, value: null }]);
    await producer.disconnect();
    await waitFor(async () => (await ask()).data?.modelInfo?.offers === offers.length, {
      what: 'the closed offer removed',
    });
    const gone = await platform.call<{ recommendationsForProfile: { offer: { id: string } }[] }>(
      `query ($profile: ProfileInput!) { recommendationsForProfile(profile: $profile, first: 100) { offer { id } } }`,
      { profile: { ...profile, desiredJobTitles: [fresh.title] } },
    );
    expect(gone.data!.recommendationsForProfile.map((r) => r.offer.id)).not.toContain(fresh.id);
    const ready = (await (await fetch(`${platform.root}/readyz`)).json()) as { checks?: unknown };
    expect(JSON.stringify(ready)).toMatch(/read-model/);
  });
});
