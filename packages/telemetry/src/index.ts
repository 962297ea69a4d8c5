export { createLogger } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { handleShutdown } from './shutdown.js';
export type { ShutdownOptions, ShutdownStep } from './shutdown.js';
