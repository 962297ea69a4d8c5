/**
 * `@jobmarket/subgraph-offers/filter`: the offer filter shared by the offers and skills subgraphs
 * (GraphQL input, validation, SQL) and the read-model columns it runs on. No I/O at import.
 */
export * from './enums.js';
export * from './input.js';
export * from './filter.js';
export * from './read-model.js';
export * from './sql.js';
export * from './maintenance.js';
export * from './cache.js';
