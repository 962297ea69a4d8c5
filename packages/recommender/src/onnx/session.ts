import * as ort from 'onnxruntime-node';
import type { ModelParts, RankInput, ScoringBackend } from '../model/parts.js';
import { PAIR_FEATURES } from '../model/features.js';
import type { SparseBag } from '../text/features.js';
import { INPUTS, OUTPUTS } from './graph.js';

export interface OnnxSessionOptions {
  /**
   * Threads per operator (default 1). onnxruntime's thread pool spins while it waits; on shared or
   * CPU-limited machines (CI, Kubernetes pods with limits) one thread measured twice as fast as two
   * for this model (npm run bench:reco:model -- --threads N to compare).
   */
  intraOpThreads?: number;
}

/** Runs the exported graph with onnxruntime-node; unused paths get zero-size inputs. */
export class OnnxBackend implements ScoringBackend {
  readonly kind = 'onnx' as const;
  private readonly K: number;
  private readonly C: number;
  private readonly F = PAIR_FEATURES.length;

  private constructor(
    private readonly session: ort.InferenceSession,
    parts: ModelParts,
  ) {
    this.K = parts.encoder.dim;
    this.C = parts.classes.length;
  }

  static async create(
    bytes: Uint8Array,
    parts: ModelParts,
    options: OnnxSessionOptions = {},
  ): Promise<OnnxBackend> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: 1,
    };
    // onnxruntime may use (and rewrite) the buffer it is given: hand it a private copy.
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), sessionOptions);
    return new OnnxBackend(session, parts);
  }

  private feeds(
    partial: Partial<Record<keyof typeof INPUTS, ort.Tensor>>,
  ): Record<string, ort.Tensor> {
    const { K, C, F } = this;
    const empty = {
      tokenIds: new ort.Tensor('int64', new BigInt64Array(0), [0, 0]),
      tokenWeights: new ort.Tensor('float32', new Float32Array(0), [0, 0]),
      classInput: new ort.Tensor('float32', new Float32Array(0), [0, K]),
      queryEmbedding: new ort.Tensor('float32', new Float32Array(K), [1, K]),
      queryRomeProbs: new ort.Tensor('float32', new Float32Array(C), [1, C]),
      offerEmbeddings: new ort.Tensor('float32', new Float32Array(0), [0, K]),
      offerRome: new ort.Tensor('int64', new BigInt64Array(0), [0]),
      offerDomain: new ort.Tensor('int64', new BigInt64Array(0), [0]),
      pairFeatures: new ort.Tensor('float32', new Float32Array(0), [0, F]),
    };
    const merged = { ...empty, ...partial };
    return Object.fromEntries(
      Object.entries(merged).map(([key, tensor]) => [INPUTS[key as keyof typeof INPUTS], tensor]),
    );
  }

  async encode(bags: SparseBag[]): Promise<Float32Array> {
    const n = bags.length;
    if (n === 0) return new Float32Array(0);
    const L = Math.max(1, ...bags.map((b) => b.ids.length));
    const ids = new BigInt64Array(n * L);
    const weights = new Float32Array(n * L);
    bags.forEach((bag, i) => {
      for (let t = 0; t < bag.ids.length; t++) {
        ids[i * L + t] = BigInt(bag.ids[t] as number);
        weights[i * L + t] = bag.weights[t] as number;
      }
    });
    const out = await this.session.run(
      this.feeds({
        tokenIds: new ort.Tensor('int64', ids, [n, L]),
        tokenWeights: new ort.Tensor('float32', weights, [n, L]),
      }),
      [OUTPUTS.embedding],
    );
    return Float32Array.from(out[OUTPUTS.embedding]?.data as Float32Array);
  }

  async classify(embeddings: Float32Array, count: number): Promise<Float32Array> {
    if (count === 0) return new Float32Array(0);
    const input =
      embeddings.length === count * this.K ? embeddings : embeddings.subarray(0, count * this.K);
    const out = await this.session.run(
      this.feeds({ classInput: new ort.Tensor('float32', input, [count, this.K]) }),
      [OUTPUTS.romeLogits],
    );
    return Float32Array.from(out[OUTPUTS.romeLogits]?.data as Float32Array);
  }

  async rank(input: RankInput): Promise<Float32Array> {
    const M = input.count;
    if (M === 0) return new Float32Array(0);
    const toInt64 = (a: Int32Array) => {
      const out = new BigInt64Array(M);
      for (let i = 0; i < M; i++) out[i] = BigInt(a[i] as number);
      return out;
    };
    const out = await this.session.run(
      this.feeds({
        queryEmbedding: new ort.Tensor('float32', input.queryEmbedding, [1, this.K]),
        queryRomeProbs: new ort.Tensor('float32', input.queryRomeProbs, [1, this.C]),
        offerEmbeddings: new ort.Tensor('float32', input.offerEmbeddings.subarray(0, M * this.K), [
          M,
          this.K,
        ]),
        offerRome: new ort.Tensor(
          'int64',
          input.offerRome64?.subarray(0, M) ?? toInt64(input.offerRome),
          [M],
        ),
        offerDomain: new ort.Tensor(
          'int64',
          input.offerDomain64?.subarray(0, M) ?? toInt64(input.offerDomain),
          [M],
        ),
        pairFeatures: new ort.Tensor('float32', input.pairFeatures.subarray(0, M * this.F), [
          M,
          this.F,
        ]),
      }),
      [OUTPUTS.score],
    );
    return Float32Array.from(out[OUTPUTS.score]?.data as Float32Array);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
