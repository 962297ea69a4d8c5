/**
 * Message headers: the standard ones every producer adds, W3C trace context in and out, and the
 * conversion between Kafka's raw header values and plain strings.
 */
import {
  context,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { topics, type TopicKey } from '../topics.js';

export type Headers = Record<string, string>;
/** Header values as the Kafka client hands them over. */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export const HEADER = {
  contentType: 'content-type',
  schemaVersion: 'schema-version',
  eventType: 'event-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  dlqReason: 'x-dlq-reason',
} as const;

export const CONTENT_TYPE_JSON = 'application/json';

/**
 * W3C trace context is always written and read, whether or not an OpenTelemetry SDK registered a
 * global propagator: the topics' contract says trace context travels in `traceparent`.
 */
const propagator = new W3CTraceContextPropagator();

const setter: TextMapSetter<Headers> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** The headers a producer adds to every message of `topic`, trace context included when one is active. */
export function standardHeaders(
  topic: TopicKey,
  activeContext: Context = context.active(),
): Headers {
  const headers: Headers = {
    [HEADER.contentType]: CONTENT_TYPE_JSON,
    [HEADER.schemaVersion]: String(topics[topic].version),
    [HEADER.eventType]: topic,
  };
  propagator.inject(activeContext, headers, setter);
  // A globally registered propagator (baggage, B3...) may add its own fields too.
  propagation.inject(activeContext, headers, setter);
  return headers;
}

/** The context carried by a message's headers (W3C trace context), on top of `base`. */
export function extractContext(headers: Headers, base: Context = context.active()): Context {
  return propagator.extract(propagation.extract(base, headers, getter), headers, getter);
}

/** Kafka header values as strings (UTF-8); a repeated header keeps its last value. */
export function decodeHeaders(raw: RawHeaders | undefined): Headers {
  const headers: Headers = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    headers[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return headers;
}
