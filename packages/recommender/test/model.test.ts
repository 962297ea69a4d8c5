import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareModels,
  evaluateRecommendations,
  loadModelDir,
  writeModelDir,
  evaluateRome,
  fromCuratedOffer,
  loadModel,
  ModelArtifactError,
  sha256,
  skillKey,
  timeSplit,
  train,
  type CandidateProfile,
  type ModelMetadata,
  type OfferView,
  type Recommender,
  type TrainResult,
} from '../src/index.js';
import { sharedData } from './helpers.js';

/**
 * One training of the shipped configuration on the real sample's training period, shared by the
 * evaluation, ONNX parity, artifact refusal, explanation and ROME tests.
 */
let trained: TrainResult;
let onnx: Recommender;
let evaluation: OfferView[];
let trainOffers: OfferView[];

beforeAll(async () => {
  const data = sharedData();
  const split = timeSplit(data.offers);
  evaluation = split.evaluation;
  trainOffers = split.train;
  trained = await train(split.train, { seed: 42, referential: data.referential });
  await trained.model.indexOffers(evaluation);
  onnx = await loadModel(trained.onnxBytes, trained.metadata, { backend: 'onnx' });
  await onnx.indexOffers(evaluation);
}, 240_000);

afterAll(async () => {
  await onnx?.close();
});

const withSkills = () =>
  evaluation.find((o) => o.skills.length >= 3 && o.latitude !== null) as OfferView;

describe('evaluation on the real sample', () => {
  it('the shipped model beats BM25 on every task (mean NDCG@10)', async () => {
    const data = sharedData();
    const result = await evaluateRecommendations(data.offers, {
      model: trained.model,
      resamples: 200,
    });
    expect(Object.keys(result.tasks)).toEqual(['skills', 'title', 'freetext']);
    for (const [task, t] of Object.entries(result.tasks)) {
      expect(t.queries, task).toBeGreaterThan(5);
      const model = t.methods.model?.['ndcg@10'].mean as number;
      const bm25 = t.methods.bm25?.['ndcg@10'].mean as number;
      expect(model, `${task}: model ${model} vs bm25 ${bm25}`).toBeGreaterThan(bm25);
    }
  });

  it('the ROME classifier stays above the measured top-5 floor', async () => {
    const data = sharedData();
    const result = await evaluateRome(data.offers, { model: trained.model, resamples: 200 });
    // Measured on this sample: top-1 0.78, top-5 0.91 (docs/recommendation-eval.md); floors leave a margin.
    expect(result.offers).toBeGreaterThan(100);
    expect(result.methods.model.top5.mean).toBeGreaterThan(0.85);
    expect(result.methods.model.top1.mean).toBeGreaterThan(0.7);
  });
});

describe('champion vs challenger', () => {
  it('finds no difference between a model and itself, so the challenger does not win', async () => {
    const data = sharedData();
    const comparison = await compareModels(
      data.offers,
      { champion: trained.model, challenger: trained.model },
      { resamples: 100 },
    );
    expect(comparison.meanDelta).toBe(0);
    expect(comparison.challengerWins).toBe(false);
    expect(Object.keys(comparison.tasks)).toEqual(['skills', 'title', 'freetext']);
  });
});

describe('ONNX export', () => {
  it('embeds offers like the TypeScript reference', async () => {
    const sample = evaluation.slice(0, 40);
    const a = await trained.model.embedOffers(sample);
    const b = await onnx.embedOffers(sample);
    let max = 0;
    a.matrix.forEach((x, i) => (max = Math.max(max, Math.abs(x - (b.matrix[i] as number)))));
    expect(max).toBeLessThan(1e-5);
    expect(Array.from(b.rome)).toEqual(Array.from(a.rome));
  });

  it('scores like the TypeScript reference within 1e-5, for varied profiles', async () => {
    const source = withSkills();
    const profiles: CandidateProfile[] = [
      {
        skills: source.skills.map((s) => ({ label: s.label, level: 3 })),
        location: { latitude: source.latitude as number, longitude: source.longitude as number },
      },
      {
        desiredTitles: ['Aide à domicile'],
        location: { latitude: 46.2, longitude: 5.2, radiusKm: 20 },
        contractTypes: ['CDI'],
        seniority: 'DEBUTANT',
        minAnnualSalaryEur: 24000,
      },
      { desiredRomeCodes: ['K1302', 'J1501'] },
      {},
    ];
    for (const profile of profiles) {
      const ref = await trained.model.scoreAll(profile);
      const got = await onnx.scoreAll(profile);
      expect(got.size).toBe(evaluation.length);
      let max = 0;
      for (const [id, score] of ref) max = Math.max(max, Math.abs(score - (got.get(id) as number)));
      expect(max, JSON.stringify(profile)).toBeLessThan(1e-5);
    }
  });

  it('predicts ROME codes like the reference', async () => {
    const a = await trained.model.predictRome(
      'Aide-soignante de nuit',
      'EHPAD, soins et toilettes',
    );
    const b = await onnx.predictRome('Aide-soignante de nuit', 'EHPAD, soins et toilettes');
    expect(b.map((p) => p.code)).toEqual(a.map((p) => p.code));
    expect(Math.abs((a[0]?.probability as number) - (b[0]?.probability as number))).toBeLessThan(
      1e-5,
    );
    expect(a[0]?.code).toBe('J1501');
    expect(a[0]?.label).toBeTruthy();
  });

  it('writes metadata that describes the graph', () => {
    const m = trained.metadata;
    expect(m.onnx.sha256).toBe(sha256(trained.onnxBytes));
    expect(m.onnx.opset).toBe(17);
    expect(m.features.all).toHaveLength(5 + m.onnx.dims.pairFeatures);
    expect(m.training.window.to).toBe(
      trainOffers
        .map((o) => o.createdAt)
        .sort()
        .at(-1),
    );
    expect(m.text.vocabulary.tokens.length + 1).toBe(m.onnx.dims.vocab);
  });
});

describe('artifact refusal', () => {
  const refused = async (
    onnxBytes: Uint8Array | string,
    metadata: ModelMetadata | string,
    problem: string,
  ) => {
    const error = await loadModel(onnxBytes, metadata).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelArtifactError);
    expect((error as ModelArtifactError).problem, (error as Error).message).toBe(problem);
    expect((error as Error).message).toMatch(/model artifact refused/);
  };

  it('refuses bytes whose checksum does not match', async () => {
    const bytes = trained.onnxBytes.slice();
    bytes[1000] = (bytes[1000] as number) ^ 0xff;
    await refused(bytes, trained.metadata, 'CORRUPT');
  });

  it('refuses garbage bytes even with a matching checksum, and a truncated file', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    await refused(
      garbage,
      { ...trained.metadata, onnx: { ...trained.metadata.onnx, sha256: sha256(garbage) } },
      'CORRUPT',
    );
    const truncated = trained.onnxBytes.slice(0, trained.onnxBytes.length >> 1);
    await refused(
      truncated,
      { ...trained.metadata, onnx: { ...trained.metadata.onnx, sha256: sha256(truncated) } },
      'CORRUPT',
    );
  });

  it('refuses incompatible metadata', async () => {
    await refused(trained.onnxBytes, { ...trained.metadata, schemaVersion: 99 }, 'INCOMPATIBLE');
    await refused(
      trained.onnxBytes,
      {
        ...trained.metadata,
        onnx: { ...trained.metadata.onnx, dims: { ...trained.metadata.onnx.dims, dim: 32 } },
      },
      'INCOMPATIBLE',
    );
    const vocabulary = {
      tokens: [...trained.metadata.text.vocabulary.tokens].reverse(),
      idf: trained.metadata.text.vocabulary.idf,
    };
    await refused(
      trained.onnxBytes,
      { ...trained.metadata, text: { ...trained.metadata.text, vocabulary } },
      'INCOMPATIBLE',
    );
    await refused(trained.onnxBytes, '{"format":"something-else"}', 'INCOMPATIBLE');
    await refused(trained.onnxBytes, '{not json', 'CORRUPT');
  });

  it('refuses a model whose probe scores do not match', async () => {
    const probe = {
      ...trained.metadata.probe,
      scores: trained.metadata.probe.scores.map((s) => 1 - s),
    };
    await refused(trained.onnxBytes, { ...trained.metadata, probe }, 'INCOMPATIBLE');
  });

  it('round-trips through a model directory and refuses a corrupted file on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reco-model-'));
    const paths = writeModelDir(dir, trained);
    const loaded = await loadModelDir(dir, { backend: 'reference' });
    expect(loaded.metadata.modelVersion).toBe(trained.metadata.modelVersion);
    await loaded.close();
    const bytes = readFileSync(paths.onnx);
    writeFileSync(paths.onnx, bytes.subarray(0, 1000));
    const error = await loadModelDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelArtifactError);
    expect((error as ModelArtifactError).problem).toBe('CORRUPT');
  });

  it('refuses missing files', async () => {
    await refused('/nonexistent/model.onnx', trained.metadata, 'MISSING');
    await refused(trained.onnxBytes, '/nonexistent/metadata.json', 'MISSING');
  });
});

describe('recommendations and explanations', () => {
  it('lists as matched only skills really in both the profile and the offer, and shows the ranking score', async () => {
    const source = withSkills();
    const profileSkills = [
      ...source.skills.slice(0, 2).map((s) => ({ label: s.label, level: 2 as const })),
      { label: 'Jonglage sur monocycle', level: 3 as const },
    ];
    const profile: CandidateProfile = {
      skills: profileSkills,
      location: { latitude: source.latitude as number, longitude: source.longitude as number },
    };
    const recs = await onnx.scoreProfile(profile, { first: 30 });
    expect(recs).toHaveLength(30);
    const all = await onnx.scoreAll(profile);
    const profileKeys = new Set(profileSkills.map((s) => skillKey(s.label)));
    let matchedSomewhere = 0;
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i] as (typeof recs)[number];
      expect(rec.score).toBe(all.get(rec.offerId));
      if (i > 0) expect(rec.score).toBeLessThanOrEqual(recs[i - 1]?.score as number);
      const offer = evaluation.find((o) => o.id === rec.offerId) as OfferView;
      const offerLabels = new Set(offer.skills.map((s) => s.label));
      for (const m of rec.matchedSkills) {
        expect(offerLabels.has(m.offerSkill)).toBe(true);
        expect(profileSkills.map((s) => s.label)).toContain(m.profileSkill);
        expect(profileKeys.has(skillKey(m.profileSkill))).toBe(true);
        matchedSomewhere++;
      }
      expect(rec.matchedSkills.some((m) => m.profileSkill === 'Jonglage sur monocycle')).toBe(
        false,
      );
      for (const missing of rec.missingSkills) expect(offerLabels.has(missing)).toBe(true);
      expect(rec.reasons.find((r) => r.kind === 'distance')).toBeDefined();
      const logit =
        rec.reasons.reduce((acc, r) => acc + r.contribution, 0) + trained.model.parts.rankerBias;
      expect(1 / (1 + Math.exp(-logit))).toBeCloseTo(rec.score, 4);
    }
    expect(matchedSomewhere).toBeGreaterThan(0);
    expect(recs[0]?.offerId).not.toBe(undefined);
  });

  it('explains one offer with distance, contract, seniority and salary reasons', async () => {
    const offer = evaluation.find(
      (o) => o.salaryAnnualMaxEur !== null && o.contractType && o.seniority && o.latitude !== null,
    ) as OfferView;
    const rec = await onnx.explain(
      {
        desiredTitles: [offer.title],
        location: { latitude: 45.76, longitude: 4.83, radiusKm: 10 },
        contractTypes: ['CDD'],
        seniority: 'DEBUTANT',
        minAnnualSalaryEur: 90000,
      },
      offer.id,
    );
    expect(rec?.offerId).toBe(offer.id);
    const kinds = rec?.reasons.map((r) => r.kind);
    for (const kind of ['job', 'distance', 'contract', 'seniority', 'salary'])
      expect(kinds).toContain(kind);
    expect(rec?.reasons.find((r) => r.kind === 'distance')?.value).toBeGreaterThan(10);
    expect(await onnx.explain({}, 'no-such-offer')).toBeNull();
  });

  it('ranks for profiles with no skills, unknown skills, a location outside France or contradictory filters', async () => {
    const profiles: CandidateProfile[] = [
      {},
      { skills: [] },
      { skills: [{ label: 'Xylophage quantique' }, { label: '' }] },
      {
        desiredTitles: ['Développeur'],
        location: { latitude: 40.71, longitude: -74.0, radiusKm: 5 },
      },
      {
        contractTypes: ['STAGE'],
        seniority: 'SENIOR',
        minAnnualSalaryEur: 1e9,
        remote: 'FULL',
        desiredRomeCodes: ['not-a-code'],
        location: { latitude: 46, longitude: 5, radiusKm: -3 },
      },
    ];
    for (const profile of profiles) {
      const recs = await onnx.scoreProfile(profile, { first: 20 });
      expect(recs, JSON.stringify(profile)).toHaveLength(20);
      for (const r of recs) expect(Number.isFinite(r.score)).toBe(true);
    }
  });

  it('excludes hidden offers, restricts to given ids and finds similar offers', async () => {
    const ids = evaluation.slice(0, 10).map((o) => o.id);
    const restricted = await onnx.scoreProfile(
      { desiredTitles: ['Aide-soignant'] },
      { offerIds: ids, excludeIds: ids.slice(0, 3), first: 50 },
    );
    expect(restricted).toHaveLength(7);
    for (const r of restricted) expect(ids.slice(3)).toContain(r.offerId);
    const source = evaluation.find((o) => o.romeCode === 'K1302') as OfferView;
    const similar = await onnx.similarOffers(source.id, 5);
    expect(similar).toHaveLength(5);
    expect(similar.map((s) => s.offerId)).not.toContain(source.id);
    expect(evaluation.find((o) => o.id === similar[0]?.offerId)?.romeCode).toBe('K1302');
  });

  it('scores a curated offer exactly like the same France Travail offer', async () => {
    const offer = withSkills();
    const curated = fromCuratedOffer({
      id: `curated-${offer.id}`,
      title: offer.title,
      description: offer.description,
      createdAt: offer.createdAt,
      location: {
        latitude: offer.latitude,
        longitude: offer.longitude,
        communeCode: offer.communeCode,
        departementCode: offer.departementCode,
      },
      contract: { type: offer.contractType },
      rome: { code: offer.romeCode, label: offer.romeLabel, predicted: false },
      seniority: offer.seniority,
      salary: { annualMinEur: offer.salaryAnnualMinEur, annualMaxEur: offer.salaryAnnualMaxEur },
      remote: offer.remote,
      hardSkills: offer.skills.map((s) => ({
        id: s.id ?? null,
        label: s.label,
        required: s.required,
      })),
      softSkills: offer.softSkills.map((label) => ({ label })),
    });
    await onnx.indexOffers([curated]);
    const profile: CandidateProfile = {
      skills: offer.skills.map((s) => ({ label: s.label })),
      location: { latitude: 46.1, longitude: 5.3 },
    };
    const scores = await onnx.scoreAll(profile, [offer.id, curated.id]);
    expect(scores.get(curated.id)).toBe(scores.get(offer.id));
    onnx.removeOffers([curated.id]);
    expect(onnx.getOffer(curated.id)).toBeNull();
  });

  it('predicts ROME codes for offers without one (Adzuna-like) when embedding them', async () => {
    const noCode: OfferView = {
      ...withSkills(),
      id: 'adzuna-1',
      romeCode: null,
      title: 'Infirmier diplômé d’État H/F',
      description: 'Soins infirmiers en service de médecine.',
    };
    const e = await onnx.embedOffers([noCode]);
    expect(e.romePredicted[0]).toBe(true);
    expect(e.romeCodes[0]).toBe('J1506');
  });
});
