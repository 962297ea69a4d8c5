export { JSON_SCHEMA_DIALECT } from './common.js';
export { offerIngestedSchema, offerIngestedKeySchema } from './offer-ingested.js';
export type { OfferIngested } from './offer-ingested.js';
export {
  curatedOfferSchema,
  curatedOfferKeySchema,
  curatedOfferTombstoneSchema,
} from './curated-offer.js';
export type { CuratedOffer } from './curated-offer.js';
export { warehouseRefreshedSchema, warehouseRefreshedKeySchema } from './warehouse-refreshed.js';
export type { WarehouseRefreshed } from './warehouse-refreshed.js';
export { modelPublishedSchema, modelPublishedKeySchema } from './model-published.js';
export type { ModelPublished } from './model-published.js';
export { deadLetterSchema, deadLetterKeySchema } from './dead-letter.js';
export type { DeadLetter } from './dead-letter.js';
export { interactionSchema, interactionKeySchema } from './interaction.js';
export type { Interaction } from './interaction.js';
