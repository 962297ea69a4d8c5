/**
 * Validation of keys and values against the topic schemas, with ajv (JSON Schema 2020-12). The
 * validators are compiled once, on first use.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { EventValidationError, UnknownTopicError, type ValidationIssue } from './errors.js';
import { isTopicKey, topics, type EventValue, type JsonSchema, type TopicKey } from './topics.js';

export type ValidationResult<K extends TopicKey> =
  | { readonly valid: true; readonly value: EventValue<K> }
  | { readonly valid: false; readonly issues: readonly ValidationIssue[] };

let ajv: Ajv2020 | undefined;
const compiled = new Map<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  ajv ??= createAjv();
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function createAjv(): Ajv2020 {
  const instance = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(instance, ['date-time']);
  return instance;
}

function definition(topic: TopicKey) {
  if (!isTopicKey(topic)) throw new UnknownTopicError(topic);
  return topics[topic];
}

/** Turns ajv errors into issues whose path points at the offending property. */
export function toIssues(
  errors: readonly ErrorObject[] | null | undefined,
  root = '',
): ValidationIssue[] {
  return (errors ?? []).map((error) => {
    const path = `${root}${error.instancePath}`;
    if (error.keyword === 'required') {
      return {
        path: `${path}/${String(error.params.missingProperty)}`,
        message: 'is required',
        keyword: 'required',
      };
    }
    if (error.keyword === 'additionalProperties') {
      return {
        path: `${path}/${String(error.params.additionalProperty)}`,
        message: 'is not an allowed property',
        keyword: 'additionalProperties',
      };
    }
    const allowed =
      error.keyword === 'enum' ? ` ${JSON.stringify(error.params.allowedValues)}` : '';
    return { path, message: `${error.message ?? 'is invalid'}${allowed}`, keyword: error.keyword };
  });
}

/** Checks a value against its topic's schema; `null` is valid only on topics that take tombstones. */
export function validateEvent<K extends TopicKey>(topic: K, value: unknown): ValidationResult<K> {
  const topicDefinition = definition(topic);
  if (value === null && topicDefinition.tombstoneSchema === null) {
    return {
      valid: false,
      issues: [
        {
          path: '',
          message: `must not be null: ${topic} does not accept tombstones`,
          keyword: 'type',
        },
      ],
    };
  }
  const schema = value === null ? topicDefinition.tombstoneSchema! : topicDefinition.valueSchema;
  const validate = validatorFor(schema);
  return validate(value)
    ? { valid: true, value: value as EventValue<K> }
    : { valid: false, issues: toIssues(validate.errors) };
}

/** Checks a message key against its topic's key schema. */
export function validateKey(topic: TopicKey, key: unknown): readonly ValidationIssue[] {
  const validate = validatorFor(definition(topic).keySchema);
  return validate(key) ? [] : toIssues(validate.errors, '(key)');
}

/** As validateEvent, but returns the typed value or throws an EventValidationError. */
export function assertValidEvent<K extends TopicKey>(topic: K, value: unknown): EventValue<K> {
  const result = validateEvent(topic, value);
  if (!result.valid) throw new EventValidationError(topic, result.issues);
  return result.value;
}
