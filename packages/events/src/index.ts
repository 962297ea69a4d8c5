export * from './schemas/index.js';
export * from './topics.js';
export * from './errors.js';
export { validateEvent, validateKey, assertValidEvent } from './validation.js';
export type { ValidationResult } from './validation.js';
export * from './kafka/index.js';
export {
  exampleCuratedOffer,
  exampleDeadLetter,
  exampleInteraction,
  exampleModelPublished,
  exampleOfferIngested,
  exampleWarehouseRefreshed,
} from './examples.js';
export { buildAsyncApiDocument, channelId, channelMessages } from './asyncapi.js';
