import type { CandidateProfile, OfferView } from '../data/types.js';
import { featurize, type SparseBag, type TextFields } from '../text/features.js';
import {
  ALL_FEATURES,
  GRAPH_FEATURES,
  matchSkills,
  OfferColumns,
  PAIR_FEATURES,
  pairFeatures,
  prepareProfile,
  skillEntries,
  type PairContext,
  type SkillEntry,
} from './features.js';
import type { ModelParts, RankInput, ScoringBackend } from './parts.js';
import { FEATURE_COUNT, featureRows } from './reference.js';
import { romeDistribution, topPredictions, type RomePrediction } from './rome-classifier.js';

export interface Reason {
  kind: 'job' | 'text' | 'distance' | 'skills' | 'contract' | 'seniority' | 'salary' | 'remote';
  /** Human-readable sentence (English; the UI may translate from kind + value). */
  text: string;
  value: string | number | null;
  /** This reason's additive contribution to the logit of the score. */
  contribution: number;
}

export interface Recommendation {
  offerId: string;
  /** The ranking score itself, in (0, 1): sigmoid of the ranker's logit. */
  score: number;
  matchedSkills: Array<{ offerSkill: string; profileSkill: string }>;
  missingSkills: string[];
  reasons: Reason[];
}

export interface OfferEmbeddings {
  ids: string[];
  dim: number;
  /** ids.length × dim, row-major, L2-normalised rows. */
  matrix: Float32Array;
  /** ROME class index per offer (C = unknown). */
  rome: Int32Array;
  /** ROME domain index per offer (D = unknown). */
  domain: Int32Array;
  /** The ROME code used for each offer, and whether it was predicted. */
  romeCodes: Array<string | null>;
  romePredicted: boolean[];
}

export interface ScoreOptions {
  /** Restrict scoring to these indexed offers (unknown ids are ignored). */
  offerIds?: string[];
  /** How many to return (default 20). */
  first?: number;
  /** Offers never returned (hidden, applied to). */
  excludeIds?: Iterable<string>;
}

export interface EncodedProfile {
  embedding: Float32Array;
  romeProbs: Float32Array;
  romeProbs64: Float64Array;
}

const ENCODE_BATCH = 512;

export function offerFields(offer: OfferView): TextFields {
  return {
    title: offer.title,
    skills: offer.skills.map((s) => s.label),
    description: offer.description,
  };
}

function profileFields(profile: CandidateProfile): TextFields {
  const titles = (profile.desiredTitles ?? []).filter(
    (t) => typeof t === 'string' && t.trim() !== '',
  );
  const skills = (profile.skills ?? [])
    .map((s) => s?.label)
    .filter((l): l is string => typeof l === 'string');
  return { title: titles.join('\n'), skills, description: null };
}

/** Smallest-first binary heap of (score, row) used to keep the top `k` of a large scoring. */
function topK(
  scores: Float32Array,
  rows: Int32Array | null,
  count: number,
  k: number,
  excluded: (row: number) => boolean,
): number[] {
  const heapScore: number[] = [];
  const heapRow: number[] = [];
  const better = (sa: number, ra: number, sb: number, rb: number) =>
    sa > sb || (sa === sb && ra < rb);
  const swap = (i: number, j: number) => {
    [heapScore[i], heapScore[j]] = [heapScore[j] as number, heapScore[i] as number];
    [heapRow[i], heapRow[j]] = [heapRow[j] as number, heapRow[i] as number];
  };
  for (let m = 0; m < count; m++) {
    const row = rows ? (rows[m] as number) : m;
    if (excluded(row)) continue;
    const s = scores[m] as number;
    if (heapScore.length < k) {
      heapScore.push(s);
      heapRow.push(m);
      let i = heapScore.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (
          better(
            heapScore[p] as number,
            heapRow[p] as number,
            heapScore[i] as number,
            heapRow[i] as number,
          )
        ) {
          swap(i, p);
          i = p;
        } else break;
      }
    } else if (k > 0 && better(s, m, heapScore[0] as number, heapRow[0] as number)) {
      heapScore[0] = s;
      heapRow[0] = m;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (
          l < heapScore.length &&
          better(
            heapScore[worst] as number,
            heapRow[worst] as number,
            heapScore[l] as number,
            heapRow[l] as number,
          )
        )
          worst = l;
        if (
          r < heapScore.length &&
          better(
            heapScore[worst] as number,
            heapRow[worst] as number,
            heapScore[r] as number,
            heapRow[r] as number,
          )
        )
          worst = r;
        if (worst === i) break;
        swap(i, worst);
        i = worst;
      }
    }
  }
  const order = heapRow.map((m, i) => [heapScore[i] as number, m] as const);
  order.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return order.map((e) => e[1]);
}

/**
 * A loaded model: embeds offers in batches, keeps an in-memory index of them, and ranks them for a
 * profile. Used by the subgraph (ONNX backend) and by training and evaluation (reference backend).
 */
export class Recommender {
  private ids: string[] = [];
  private views: OfferView[] = [];
  private skills: SkillEntry[][] = [];
  private rowOf = new Map<string, number>();
  private matrix = new Float32Array(0);
  private rome = new Int32Array(0);
  private domain = new Int32Array(0);
  private rome64 = new BigInt64Array(0);
  private domain64 = new BigInt64Array(0);
  private romeCodes: Array<string | null> = [];
  private removed = new Set<number>();
  private readonly columns = new OfferColumns();

  constructor(
    readonly parts: ModelParts,
    readonly backend: ScoringBackend,
    readonly metadata: import('../onnx/metadata.js').ModelMetadata,
  ) {}

  get dim(): number {
    return this.parts.encoder.dim;
  }

  get offerCount(): number {
    return this.ids.length - this.removed.size;
  }

  private classIndex = new Map<string, number>();
  private classOf(code: string | null): number {
    if (this.classIndex.size === 0) this.parts.classes.forEach((c, i) => this.classIndex.set(c, i));
    return code ? (this.classIndex.get(code) ?? -1) : -1;
  }

  /** Sparse text bags of offers (what the encoder graph reads). */
  offerBags(views: OfferView[]): SparseBag[] {
    return views.map((v) =>
      featurize(offerFields(v), this.parts.vocab, this.parts.fieldWeights, this.parts.maxTokens),
    );
  }

  /**
   * Embeds offers: one encoder call per batch of 512, plus one classifier call for the offers of a
   * batch without a known ROME code (their code is predicted). Pure: the index is not changed.
   */
  async embedOffers(views: OfferView[]): Promise<OfferEmbeddings> {
    const K = this.dim;
    const C = this.parts.classes.length;
    const D = this.parts.domains.length;
    const matrix = new Float32Array(views.length * K);
    const rome = new Int32Array(views.length);
    const domain = new Int32Array(views.length);
    const romeCodes: Array<string | null> = [];
    const romePredicted: boolean[] = [];
    for (let start = 0; start < views.length; start += ENCODE_BATCH) {
      const batch = views.slice(start, start + ENCODE_BATCH);
      const embedded = await this.backend.encode(this.offerBags(batch));
      matrix.set(embedded, start * K);
      const unknown: number[] = [];
      batch.forEach((v, i) => {
        const c = this.classOf(v.romeCode);
        rome[start + i] = c;
        if (c < 0) unknown.push(i);
      });
      if (unknown.length > 0) {
        const input = new Float32Array(unknown.length * K);
        unknown.forEach((i, j) => input.set(embedded.subarray(i * K, (i + 1) * K), j * K));
        const logits = await this.backend.classify(input, unknown.length);
        unknown.forEach((i, j) => {
          const v = batch[i] as OfferView;
          const probs = romeDistribution(
            this.parts,
            { title: v.title, description: v.description },
            logits.subarray(j * C, (j + 1) * C),
          );
          let best = 0;
          for (let c = 1; c < C; c++) if ((probs[c] as number) > (probs[best] as number)) best = c;
          rome[start + i] = v.title.trim() || v.description.trim() ? best : C;
        });
      }
      batch.forEach((v, i) => {
        const c = rome[start + i] as number;
        if (c < 0) rome[start + i] = C;
        const code = c >= 0 && c < C ? (this.parts.classes[c] as string) : null;
        romeCodes.push(code);
        romePredicted.push(code !== null && code !== v.romeCode);
        domain[start + i] = c >= 0 && c < C ? (this.parts.domainOfClass[c] as number) : D;
      });
    }
    return { ids: views.map((v) => v.id), dim: K, matrix, rome, domain, romeCodes, romePredicted };
  }

  /** Adds or replaces offers in the index (embedding them unless embeddings are given). */
  async indexOffers(views: OfferView[], embeddings?: OfferEmbeddings): Promise<void> {
    const e = embeddings ?? (await this.embedOffers(views));
    const K = this.dim;
    let appended = 0;
    for (const v of views) if (!this.rowOf.has(v.id)) appended++;
    const total = this.ids.length + appended;
    if (total * K > this.matrix.length) {
      const capacity = Math.max(total, Math.ceil(this.ids.length * 1.5), 1024);
      const grow = (old: Float32Array) => {
        const next = new Float32Array(capacity * K);
        next.set(old);
        return next;
      };
      this.matrix = grow(this.matrix);
      const growInt = (old: Int32Array) => {
        const next = new Int32Array(capacity);
        next.set(old);
        return next;
      };
      this.rome = growInt(this.rome);
      this.domain = growInt(this.domain);
      const growBig = (old: BigInt64Array) => {
        const next = new BigInt64Array(capacity);
        next.set(old);
        return next;
      };
      this.rome64 = growBig(this.rome64);
      this.domain64 = growBig(this.domain64);
    }
    this.columns.ensureCapacity(Math.max(total, Math.ceil(this.ids.length * 1.5), 1024));
    views.forEach((v, i) => {
      let row = this.rowOf.get(v.id);
      if (row === undefined) {
        row = this.ids.length;
        this.ids.push(v.id);
        this.views.push(v);
        this.skills.push([]);
        this.romeCodes.push(null);
        this.rowOf.set(v.id, row);
      }
      this.removed.delete(row);
      this.views[row] = v;
      this.skills[row] = skillEntries(v.skills);
      this.columns.set(row, v, this.skills[row] as SkillEntry[]);
      this.romeCodes[row] = e.romeCodes[i] ?? null;
      this.matrix.set(e.matrix.subarray(i * K, (i + 1) * K), row * K);
      this.rome[row] = e.rome[i] as number;
      this.domain[row] = e.domain[i] as number;
      this.rome64[row] = BigInt(e.rome[i] as number);
      this.domain64[row] = BigInt(e.domain[i] as number);
    });
  }

  /** Removes offers from the index (closed offers, tombstones). */
  removeOffers(ids: Iterable<string>): void {
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row !== undefined) this.removed.add(row);
    }
  }

  getOffer(id: string): OfferView | null {
    const row = this.rowOf.get(id);
    return row === undefined || this.removed.has(row) ? null : (this.views[row] as OfferView);
  }

  /** Profile → embedding and ROME distribution (desired ROME codes mixed in at weight ½). */
  async encodeProfile(profile: CandidateProfile): Promise<EncodedProfile> {
    const K = this.dim;
    const C = this.parts.classes.length;
    const fields = profileFields(profile);
    const bag = featurize(fields, this.parts.vocab, this.parts.fieldWeights, this.parts.maxTokens);
    const codes = [
      ...new Set((profile.desiredRomeCodes ?? []).map((c) => String(c).trim().toUpperCase())),
    ]
      .map((c) => this.classOf(c))
      .filter((c) => c >= 0);
    let embedding: Float32Array = new Float32Array(K);
    let probs: Float64Array = new Float64Array(C);
    if (bag.ids.length > 0) {
      embedding = await this.backend.encode([bag]);
      const logits = await this.backend.classify(embedding, 1);
      probs = romeDistribution(this.parts, fields, logits);
    }
    if (codes.length > 0) {
      const share = (bag.ids.length > 0 ? 0.5 : 1) / codes.length;
      for (let c = 0; c < C; c++) probs[c] = (probs[c] as number) * (bag.ids.length > 0 ? 0.5 : 0);
      for (const c of codes) probs[c] = (probs[c] as number) + share;
      if (bag.ids.length === 0) {
        // No text: the direction of the desired codes' class vectors stands in for the embedding.
        const s = new Float64Array(K);
        for (const c of codes) {
          let norm = 0;
          for (let k = 0; k < K; k++)
            norm += (this.parts.encoder.classWeights[c * K + k] as number) ** 2;
          norm = Math.sqrt(norm) || 1;
          for (let k = 0; k < K; k++)
            s[k] = (s[k] as number) + (this.parts.encoder.classWeights[c * K + k] as number) / norm;
        }
        let norm = 0;
        for (let k = 0; k < K; k++) norm += (s[k] as number) ** 2;
        norm = Math.sqrt(norm) || 1;
        embedding = Float32Array.from(s, (x) => x / norm);
      }
    }
    return { embedding, romeProbs: Float32Array.from(probs), romeProbs64: probs };
  }

  /** The graph inputs for a profile against rows (all indexed offers when rows is null). */
  async prepareRank(
    profile: CandidateProfile,
    rows: Int32Array | null,
  ): Promise<{ input: RankInput; encoded: EncodedProfile }> {
    const encoded = await this.encodeProfile(profile);
    const prepared = prepareProfile(profile);
    const K = this.dim;
    const F = PAIR_FEATURES.length;
    const count = rows ? rows.length : this.ids.length;
    const pairs = new Float32Array(count * F);
    let offerEmbeddings: Float32Array;
    let offerRome: Int32Array;
    let offerDomain: Int32Array;
    if (rows) {
      offerEmbeddings = new Float32Array(count * K);
      offerRome = new Int32Array(count);
      offerDomain = new Int32Array(count);
      for (let m = 0; m < count; m++) {
        const row = rows[m] as number;
        offerEmbeddings.set(this.matrix.subarray(row * K, (row + 1) * K), m * K);
        offerRome[m] = this.rome[row] as number;
        offerDomain[m] = this.domain[row] as number;
      }
    } else {
      offerEmbeddings = this.matrix.subarray(0, count * K);
      offerRome = this.rome.subarray(0, count);
      offerDomain = this.domain.subarray(0, count);
    }
    this.columns.fill(prepared, rows, count, pairs);
    return {
      encoded,
      input: {
        queryEmbedding: encoded.embedding,
        queryRomeProbs: encoded.romeProbs,
        offerEmbeddings,
        offerRome,
        offerDomain,
        pairFeatures: pairs,
        count,
        ...(rows
          ? {}
          : {
              offerRome64: this.rome64.subarray(0, count),
              offerDomain64: this.domain64.subarray(0, count),
            }),
      },
    };
  }

  /** Scores rows (all indexed offers, or the given ones). */
  async scoreRows(
    profile: CandidateProfile,
    rows: Int32Array | null,
  ): Promise<{ scores: Float32Array; encoded: EncodedProfile; count: number }> {
    const { input, encoded } = await this.prepareRank(profile, rows);
    const scores = await this.backend.rank(input);
    return { scores, encoded, count: input.count };
  }

  /** The ranking feature matrix (count × FEATURE_COUNT, reference arithmetic) of indexed offers for a profile. */
  async featureMatrix(
    profile: CandidateProfile,
    offerIds: string[],
  ): Promise<{ features: Float64Array; pairs: Float32Array; ids: string[] }> {
    const ids = offerIds.filter((id) => this.rowOf.has(id));
    const { input } = await this.prepareRank(
      profile,
      Int32Array.from(ids, (id) => this.rowOf.get(id) as number),
    );
    return { features: featureRows(this.parts, input), pairs: input.pairFeatures, ids };
  }

  /**
   * The best `first` offers for a profile, each with its explanation. The score returned is the
   * score the offers were ranked by.
   */
  async scoreProfile(
    profile: CandidateProfile,
    options: ScoreOptions = {},
  ): Promise<Recommendation[]> {
    const first = Math.max(0, Math.floor(options.first ?? 20));
    let rows: Int32Array | null = null;
    if (options.offerIds) {
      const list: number[] = [];
      for (const id of options.offerIds) {
        const row = this.rowOf.get(id);
        if (row !== undefined && !this.removed.has(row)) list.push(row);
      }
      rows = Int32Array.from(list);
    }
    const excluded = new Set<number>();
    for (const id of options.excludeIds ?? []) {
      const row = this.rowOf.get(id);
      if (row !== undefined) excluded.add(row);
    }
    const result = await this.scoreRows(profile, rows);
    const best = topK(
      result.scores,
      rows,
      result.count,
      first,
      (row) => this.removed.has(row) || excluded.has(row),
    );
    const prepared = prepareProfile(profile);
    return best.map((m) =>
      this.explainRow(
        prepared,
        result.encoded,
        rows ? (rows[m] as number) : m,
        result.scores[m] as number,
      ),
    );
  }

  /** All scores of the given offers (or of every indexed offer), by id: for evaluation and tests. */
  async scoreAll(profile: CandidateProfile, offerIds?: string[]): Promise<Map<string, number>> {
    const rows = offerIds
      ? Int32Array.from(offerIds.map((id) => this.rowOf.get(id) ?? -1).filter((r) => r >= 0))
      : null;
    const result = await this.scoreRows(profile, rows);
    const out = new Map<string, number>();
    for (let m = 0; m < result.count; m++) {
      const row = rows ? (rows[m] as number) : m;
      if (!this.removed.has(row)) out.set(this.ids[row] as string, result.scores[m] as number);
    }
    return out;
  }

  /** The explanation of one indexed offer for a profile (null when the offer is not indexed). */
  async explain(profile: CandidateProfile, offerId: string): Promise<Recommendation | null> {
    const row = this.rowOf.get(offerId);
    if (row === undefined || this.removed.has(row)) return null;
    const [rec] = await this.scoreProfile(profile, { offerIds: [offerId], first: 1 });
    return rec ?? null;
  }

  /** Offers like a given indexed offer: its title, skills, ROME code and location as a profile. */
  async similarOffers(offerId: string, first = 10): Promise<Recommendation[]> {
    const offer = this.getOffer(offerId);
    if (!offer) return [];
    const row = this.rowOf.get(offerId) as number;
    const code = this.romeCodes[row];
    const profile: CandidateProfile = {
      desiredTitles: [offer.title],
      desiredRomeCodes: code ? [code] : [],
      skills: offer.skills.map((s) => ({ id: s.id ?? null, label: s.label })),
      location:
        offer.latitude !== null && offer.longitude !== null
          ? { latitude: offer.latitude, longitude: offer.longitude }
          : null,
    };
    return this.scoreProfile(profile, { first, excludeIds: [offerId] });
  }

  private explainRow(
    prepared: ReturnType<typeof prepareProfile>,
    encoded: EncodedProfile,
    row: number,
    score: number,
  ): Recommendation {
    const K = this.dim;
    const F = PAIR_FEATURES.length;
    const view = this.views[row] as OfferView;
    const pair = new Float32Array(F);
    const context: PairContext = pairFeatures(
      prepared,
      view,
      this.skills[row] as SkillEntry[],
      pair,
      0,
    );
    const skillMatch = matchSkills(prepared, this.skills[row] as SkillEntry[]);
    const features = featureRows(this.parts, {
      queryEmbedding: encoded.embedding,
      queryRomeProbs: encoded.romeProbs,
      offerEmbeddings: this.matrix.subarray(row * K, (row + 1) * K),
      offerRome: this.rome.subarray(row, row + 1),
      offerDomain: this.domain.subarray(row, row + 1),
      pairFeatures: pair,
      count: 1,
    });
    const w = this.parts.rankerWeights;
    const contribution = (name: string) => {
      const f = ALL_FEATURES.indexOf(name);
      return (w[f] as number) * (features[f] as number);
    };
    const reasons: Reason[] = [];
    const code = this.romeCodes[row] ?? null;
    const c = this.rome[row] as number;
    const romeP = features[1] as number;
    const jobContribution =
      contribution('rome_probability') +
      contribution('rome_log_probability') +
      contribution('domain_probability') +
      contribution('domain_log_probability');
    if (code) {
      const label = this.parts.classLabels[c] ?? '';
      reasons.push({
        kind: 'job',
        text: `Job ${code} ${label}: ${(romeP * 100).toFixed(0)} % match with the jobs of the profile`,
        value: code,
        contribution: jobContribution,
      });
    }
    reasons.push({
      kind: 'text',
      text: `Text similarity ${(features[0] as number).toFixed(2)}`,
      value: Number((features[0] as number).toFixed(4)),
      contribution: contribution(GRAPH_FEATURES[0]),
    });
    const p = prepared.profile;
    if (context.distanceKm !== null) {
      const radius = p.location?.radiusKm;
      reasons.push({
        kind: 'distance',
        text:
          `${context.distanceKm.toFixed(0)} km away` +
          (typeof radius === 'number' && radius > 0
            ? context.distanceKm <= radius
              ? ` (within ${radius} km)`
              : ` (beyond ${radius} km)`
            : ''),
        value: Number(context.distanceKm.toFixed(1)),
        contribution: contribution('log_distance') + contribution('outside_radius'),
      });
    } else if (p.location) {
      reasons.push({
        kind: 'distance',
        text: 'Offer location unknown',
        value: null,
        contribution: contribution('distance_unknown'),
      });
    }
    if (prepared.skills.length > 0) {
      reasons.push({
        kind: 'skills',
        text: `${skillMatch.matched.length} of the offer's ${this.skills[row]?.length ?? 0} listed skills match the profile`,
        value: skillMatch.matched.length,
        contribution: contribution('skill_coverage') + contribution('missing_required_skills'),
      });
    }
    if (view.contractType) {
      const wanted = p.contractTypes ?? [];
      reasons.push({
        kind: 'contract',
        text:
          wanted.length === 0
            ? `Contract ${view.contractType}`
            : wanted.includes(view.contractType)
              ? `Contract ${view.contractType} is one you want`
              : `Contract ${view.contractType} is not one you want (${wanted.join(', ')})`,
        value: view.contractType,
        contribution: contribution('contract_match'),
      });
    }
    if (view.seniority) {
      reasons.push({
        kind: 'seniority',
        text: p.seniority
          ? `Asks for ${view.seniority}, profile is ${p.seniority}`
          : `Asks for ${view.seniority}`,
        value: view.seniority,
        contribution: contribution('seniority_gap'),
      });
    }
    const salaryMax = view.salaryAnnualMaxEur ?? view.salaryAnnualMinEur;
    if (salaryMax !== null) {
      const min = p.minAnnualSalaryEur;
      const range =
        view.salaryAnnualMinEur !== null && view.salaryAnnualMinEur !== salaryMax
          ? `${view.salaryAnnualMinEur}–${salaryMax} € a year`
          : `${salaryMax} € a year`;
      reasons.push({
        kind: 'salary',
        text: typeof min === 'number' && min > 0 ? `${range} (you ask at least ${min} €)` : range,
        value: salaryMax,
        contribution: contribution('salary_shortfall'),
      });
    }
    if (view.remote && p.remote) {
      reasons.push({
        kind: 'remote',
        text: `Remote: ${view.remote} (you want ${p.remote})`,
        value: view.remote,
        contribution: contribution('remote_mismatch'),
      });
    }
    return {
      offerId: view.id,
      score,
      matchedSkills: skillMatch.matched,
      missingSkills: skillMatch.missing,
      reasons,
    };
  }

  /** ROME codes for a title (+ description), most probable first. */
  async predictRome(title: string, description?: string | null, k = 5): Promise<RomePrediction[]> {
    const [result] = await this.predictRomeBatch([{ title, description: description ?? null }], k);
    return result ?? [];
  }

  /** Batch ROME prediction (one encoder and one classifier call per batch of 512). */
  async predictRomeBatch(
    items: Array<{ title: string; description?: string | null }>,
    k = 5,
  ): Promise<RomePrediction[][]> {
    const C = this.parts.classes.length;
    const out: RomePrediction[][] = [];
    for (let start = 0; start < items.length; start += ENCODE_BATCH) {
      const batch = items.slice(start, start + ENCODE_BATCH);
      const fields = batch.map((i) => ({ title: i.title ?? '', description: i.description ?? '' }));
      const bags = fields.map((f) =>
        featurize(f, this.parts.vocab, this.parts.fieldWeights, this.parts.maxTokens),
      );
      const embedded = await this.backend.encode(bags);
      const logits = await this.backend.classify(embedded, batch.length);
      fields.forEach((f, j) => {
        const probs = romeDistribution(this.parts, f, logits.subarray(j * C, (j + 1) * C));
        out.push(topPredictions(this.parts, probs, k));
      });
    }
    return out;
  }

  /** Releases the backend (the ONNX session). */
  async close(): Promise<void> {
    await this.backend.close();
  }
}

export { FEATURE_COUNT };
