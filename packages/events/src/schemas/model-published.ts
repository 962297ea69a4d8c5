import type { FromSchema } from 'json-schema-to-ts';
import { JSON_SCHEMA_DIALECT, dateTime, nonEmptyString } from './common.js';

/** `jobmarket.models.published.v1` (compacted): the latest registered version of each model. */
export const modelPublishedSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:jobmarket:events:models.published.v1',
  title: 'ModelPublished',
  description: 'Emitted by the retrain job when it registers a model version. Key: the model name.',
  type: 'object',
  additionalProperties: false,
  required: [
    'modelName',
    'version',
    'runId',
    'trainedAt',
    'artifactUri',
    'format',
    'metrics',
    'champion',
  ],
  properties: {
    modelName: nonEmptyString,
    version: nonEmptyString,
    runId: { type: ['string', 'null'], description: 'The tracking run id (MLflow), if any.' },
    trainedAt: dateTime,
    artifactUri: {
      ...nonEmptyString,
      description: 'Where the ONNX file is, e.g. `file:///…` or `s3://…`.',
    },
    format: { type: 'string', enum: ['onnx'] },
    metrics: {
      type: 'object',
      additionalProperties: { type: 'number' },
      description: 'Offline evaluation metrics by name, e.g. `ndcg@10`.',
    },
    champion: { type: 'boolean', description: 'True when this version is the one to serve.' },
  },
} as const;

export type ModelPublished = FromSchema<typeof modelPublishedSchema>;

/** Key of `jobmarket.models.published.v1`. */
export const modelPublishedKeySchema = {
  ...nonEmptyString,
  description: 'The model name (`ModelPublished.modelName`).',
} as const;
