export { createEventBus } from './bus.js';
export type { EventBus, EventBusOptions } from './bus.js';
export type { EventProducer, OutgoingMessage, ProducerOptions, SendResult } from './producer.js';
export type { ConsumerOptions, EventConsumer } from './consumer.js';
export type { ConsumedEvent, EventOf, FailureKind } from './incoming.js';
export type { DrainOptions, DrainResult } from './drain.js';
export type { ConsumerLag, PartitionLag } from './lag.js';
export type {
  DeleteTopicsOptions,
  ProvisionOptions,
  ProvisionReport,
  TopicDescription,
} from './provision.js';
export { HEADER, CONTENT_TYPE_JSON } from './headers.js';
export type { Headers } from './headers.js';
