import protobuf from 'protobufjs';

/**
 * The subset of onnx.proto (ONNX IR, https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) this
 * package writes and reads, with the upstream field numbers. Parsed once by protobufjs at load.
 */
const ONNX_SUBSET = `
syntax = "proto3";
package onnx;
message StringStringEntryProto { string key = 1; string value = 2; }
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } string denotation = 3; }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
  string denotation = 6;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; string doc_string = 3; }
message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  string name = 8;
  bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  string doc_string = 12;
}
message AttributeProto {
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  string doc_string = 13;
  int32 type = 20;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
`;

export const TensorDataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
} as const;

const root = protobuf.parse(ONNX_SUBSET, { keepCase: true }).root;
export const ModelProto = root.lookupType('onnx.ModelProto');

/** Plain-object shapes of the messages (as protobufjs encodes and decodes them). */
export interface TensorMsg {
  name: string;
  dims: Array<number | { toNumber(): number }>;
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int64_data?: Array<number | { toNumber(): number }>;
  int32_data?: number[];
}
export interface AttributeMsg {
  name: string;
  type: number;
  i?: number;
  f?: number;
  ints?: number[];
  floats?: number[];
}
export interface NodeMsg {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute?: AttributeMsg[];
}
export interface ValueInfoMsg {
  name: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: Array<{ dim_value?: number; dim_param?: string }> };
    };
  };
}
export interface GraphMsg {
  name: string;
  node: NodeMsg[];
  initializer: TensorMsg[];
  input: ValueInfoMsg[];
  output: ValueInfoMsg[];
  doc_string?: string;
}
export interface ModelMsg {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  model_version: number;
  doc_string?: string;
  graph: GraphMsg;
  opset_import: Array<{ domain: string; version: number }>;
  metadata_props?: Array<{ key: string; value: string }>;
}

export function encodeModel(model: ModelMsg): Uint8Array {
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`invalid ONNX model message: ${problem}`);
  // protobufjs returns a Node Buffer (whose slice() is a view): hand out a plain Uint8Array copy.
  return new Uint8Array(ModelProto.encode(ModelProto.fromObject(model)).finish());
}

/** Decodes ONNX bytes into plain objects (int64 as numbers, bytes as Uint8Array). Throws on garbage. */
export function decodeModel(bytes: Uint8Array): ModelMsg {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, {
    longs: Number,
    defaults: true,
    arrays: true,
  }) as unknown as ModelMsg;
}

export function toNumber(value: number | { toNumber(): number }): number {
  return typeof value === 'number' ? value : value.toNumber();
}
