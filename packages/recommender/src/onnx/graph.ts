import {
  AttributeType,
  TensorDataType,
  encodeModel,
  type NodeMsg,
  type TensorMsg,
  type ValueInfoMsg,
} from './proto.js';

/**
 * The scoring graph, one ONNX model with three independent paths so that each use is one call
 * (paths not used in a call are fed zero-size tensors and cost nothing):
 *
 *   encode   token_ids[N,L] int64, token_weights[N,L] → embedding[N,K]
 *            h = s / sqrt(|s|² + ε), s[n] = w[n,:] · E[id[n,:]]  (Gather, batched MatMul, ReduceSum, Sqrt, Div)
 *   classify class_input[Q,K] → rome_logits[Q,C] = class_input · Rᵀ + b      (MatMul, Add)
 *   rank     query_embedding[1,K], query_rome_probs[1,C], offer_embeddings[M,K],
 *            offer_rome[M] int64, offer_domain[M] int64, pair_features[M,F] → score[M]
 *            x = [cos, p(rome), ln(p(rome)+δ), p(domain), ln(p(domain)+δ), pair_features]
 *            score = sigmoid(x · w + b)                                      (MatMul, Gather, Log, Concat, Sigmoid)
 *
 * Opset 17, IR version 8. Weights are initializers in raw little-endian float32.
 */

export const OPSET = 17;
export const IR_VERSION = 8;
export const LOG_EPSILON = 1e-4;
export const GRAPH_NAME = 'jobmarket_recommender';

export const INPUTS = {
  tokenIds: 'token_ids',
  tokenWeights: 'token_weights',
  classInput: 'class_input',
  queryEmbedding: 'query_embedding',
  queryRomeProbs: 'query_rome_probs',
  offerEmbeddings: 'offer_embeddings',
  offerRome: 'offer_rome',
  offerDomain: 'offer_domain',
  pairFeatures: 'pair_features',
} as const;

export const OUTPUTS = {
  embedding: 'embedding',
  romeLogits: 'rome_logits',
  score: 'score',
} as const;

export const INITIALIZERS = {
  embedding: 'E',
  classWeightsT: 'RT',
  classBias: 'class_bias',
  domainMap: 'domain_map',
  rankerWeights: 'ranker_w',
  rankerBias: 'ranker_b',
} as const;

export interface GraphWeights {
  vocabSize: number;
  dim: number;
  classes: number;
  domains: number;
  pairFeatures: number;
  /** V × K */
  embedding: Float32Array;
  /** C × K (written transposed) */
  classWeights: Float32Array;
  /** C */
  classBias: Float32Array;
  /** domain index of each class, length C (values in [0, D)); the unknown class C maps to D. */
  domainOfClass: Int32Array;
  /** 5 + F ranker weights and the bias. */
  rankerWeights: Float32Array;
  rankerBias: number;
}

function floatTensor(name: string, dims: number[], data: Float32Array): TensorMsg {
  const copy = new Float32Array(data);
  return { name, dims, data_type: TensorDataType.FLOAT, raw_data: new Uint8Array(copy.buffer) };
}

function int64Tensor(name: string, values: number[]): TensorMsg {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return {
    name,
    dims: [values.length],
    data_type: TensorDataType.INT64,
    raw_data: new Uint8Array(data.buffer),
  };
}

function valueInfo(name: string, elemType: number, dims: Array<number | string>): ValueInfoMsg {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })),
        },
      },
    },
  };
}

function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, number> = {},
): NodeMsg {
  return {
    name: `${op}_${outputs[0]}`,
    op_type: op,
    input: inputs,
    output: outputs,
    attribute: Object.entries(attrs).map(([name, i]) => ({ name, type: AttributeType.INT, i })),
  };
}

export function transpose(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c] as number;
  return out;
}

export function buildGraphBytes(
  w: GraphWeights,
  info: { modelVersion: number; docString: string; properties: Record<string, string> },
): Uint8Array {
  const { vocabSize: V, dim: K, classes: C, domains: D, pairFeatures: F } = w;
  const X = 5 + F;
  if (w.embedding.length !== V * K || w.classWeights.length !== C * K || w.classBias.length !== C) {
    throw new Error('graph weights have inconsistent sizes');
  }
  if (w.rankerWeights.length !== X)
    throw new Error(`ranker expects ${X} weights, got ${w.rankerWeights.length}`);
  const domainMap = new Float32Array((C + 1) * (D + 1));
  for (let c = 0; c < C; c++) domainMap[c * (D + 1) + (w.domainOfClass[c] as number)] = 1;
  domainMap[C * (D + 1) + D] = 1;

  const initializer: TensorMsg[] = [
    floatTensor(INITIALIZERS.embedding, [V, K], w.embedding),
    floatTensor(INITIALIZERS.classWeightsT, [K, C], transpose(w.classWeights, C, K)),
    floatTensor(INITIALIZERS.classBias, [C], w.classBias),
    floatTensor(INITIALIZERS.domainMap, [C + 1, D + 1], domainMap),
    floatTensor(INITIALIZERS.rankerWeights, [X, 1], w.rankerWeights),
    floatTensor(INITIALIZERS.rankerBias, [1], new Float32Array([w.rankerBias])),
    floatTensor('norm_eps', [1], new Float32Array([1e-12])),
    floatTensor('log_eps', [1], new Float32Array([LOG_EPSILON])),
    floatTensor('zero_1x1', [1, 1], new Float32Array([0])),
    int64Tensor('axis_1', [1]),
    int64Tensor('flat', [-1]),
  ];

  const nodes: NodeMsg[] = [
    // encode
    node('Gather', [INITIALIZERS.embedding, INPUTS.tokenIds], ['rows'], { axis: 0 }),
    node('Unsqueeze', [INPUTS.tokenWeights, 'axis_1'], ['weights_row']),
    node('MatMul', ['weights_row', 'rows'], ['bag_sum_3d']),
    node('Squeeze', ['bag_sum_3d', 'axis_1'], ['bag_sum']),
    node('Mul', ['bag_sum', 'bag_sum'], ['bag_sq']),
    node('ReduceSum', ['bag_sq', 'axis_1'], ['bag_norm2'], { keepdims: 1 }),
    node('Add', ['bag_norm2', 'norm_eps'], ['bag_norm2_eps']),
    node('Sqrt', ['bag_norm2_eps'], ['bag_norm']),
    node('Div', ['bag_sum', 'bag_norm'], [OUTPUTS.embedding]),
    // classify
    node('MatMul', [INPUTS.classInput, INITIALIZERS.classWeightsT], ['class_mm']),
    node('Add', ['class_mm', INITIALIZERS.classBias], [OUTPUTS.romeLogits]),
    // rank
    node('Transpose', [INPUTS.queryEmbedding], ['query_t'], {}),
    node('MatMul', [INPUTS.offerEmbeddings, 'query_t'], ['f_cos']),
    node('Concat', [INPUTS.queryRomeProbs, 'zero_1x1'], ['probs_ext'], { axis: 1 }),
    node('Reshape', ['probs_ext', 'flat'], ['probs_flat']),
    node('Gather', ['probs_flat', INPUTS.offerRome], ['rome_p_1d'], { axis: 0 }),
    node('Unsqueeze', ['rome_p_1d', 'axis_1'], ['f_rome_p']),
    node('Add', ['f_rome_p', 'log_eps'], ['rome_p_eps']),
    node('Log', ['rome_p_eps'], ['f_rome_logp']),
    node('MatMul', ['probs_ext', INITIALIZERS.domainMap], ['domain_probs']),
    node('Reshape', ['domain_probs', 'flat'], ['domain_flat']),
    node('Gather', ['domain_flat', INPUTS.offerDomain], ['dom_p_1d'], { axis: 0 }),
    node('Unsqueeze', ['dom_p_1d', 'axis_1'], ['f_dom_p']),
    node('Add', ['f_dom_p', 'log_eps'], ['dom_p_eps']),
    node('Log', ['dom_p_eps'], ['f_dom_logp']),
    node(
      'Concat',
      ['f_cos', 'f_rome_p', 'f_rome_logp', 'f_dom_p', 'f_dom_logp', INPUTS.pairFeatures],
      ['features'],
      {
        axis: 1,
      },
    ),
    node('MatMul', ['features', INITIALIZERS.rankerWeights], ['logit_2d']),
    node('Add', ['logit_2d', INITIALIZERS.rankerBias], ['logit_2d_b']),
    node('Reshape', ['logit_2d_b', 'flat'], ['logit']),
    node('Sigmoid', ['logit'], [OUTPUTS.score]),
  ];

  const f = TensorDataType.FLOAT;
  const i64 = TensorDataType.INT64;
  return encodeModel({
    ir_version: IR_VERSION,
    producer_name: '@jobmarket/recommender',
    producer_version: '0.1.0',
    model_version: info.modelVersion,
    doc_string: info.docString,
    opset_import: [{ domain: '', version: OPSET }],
    metadata_props: Object.entries(info.properties).map(([key, value]) => ({ key, value })),
    graph: {
      name: GRAPH_NAME,
      node: nodes,
      initializer,
      input: [
        valueInfo(INPUTS.tokenIds, i64, ['N', 'L']),
        valueInfo(INPUTS.tokenWeights, f, ['N', 'L']),
        valueInfo(INPUTS.classInput, f, ['Q', K]),
        valueInfo(INPUTS.queryEmbedding, f, [1, K]),
        valueInfo(INPUTS.queryRomeProbs, f, [1, C]),
        valueInfo(INPUTS.offerEmbeddings, f, ['M', K]),
        valueInfo(INPUTS.offerRome, i64, ['M']),
        valueInfo(INPUTS.offerDomain, i64, ['M']),
        valueInfo(INPUTS.pairFeatures, f, ['M', F]),
      ],
      output: [
        valueInfo(OUTPUTS.embedding, f, ['N', K]),
        valueInfo(OUTPUTS.romeLogits, f, ['Q', C]),
        valueInfo(OUTPUTS.score, f, ['M']),
      ],
    },
  });
}
