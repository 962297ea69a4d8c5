import 'reflect-metadata';

export * from './errors.js';
export * from './inputs.js';
export * from './identity.js';
export * from './store.js';
export * from './migrations.js';
export * from './federation.js';
export * from './metrics.js';
export * from './http.js';
export * from './format-error.js';
export * from './service.js';
export * from './feed.js';
export * from './config.js';
export * from './run.js';
export * from './testing.js';
export * from './tokens.js';
export * from './loader.js';
export type * from './bench.js';
