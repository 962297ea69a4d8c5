import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '@jobmarket/telemetry';
import { ErrorCode, clientErrorCodes, isStoreUnavailable } from './errors.js';

/** Codes Apollo Server itself gives to request errors; they are the client's fault and kept. */
const apolloRequestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface FormatErrorOptions {
  logger: Logger;
  /** Keep stack traces and internal messages (NODE_ENV=development only). */
  development?: boolean;
  /** Codes passed through as they are besides the kit's and Apollo's (the gateway adds its own). */
  extraCodes?: readonly string[];
}

/**
 * Apollo Server's `formatError`: errors a resolver threw on purpose (typed helpers) and request
 * errors keep their message and code; store outages become SERVICE_UNAVAILABLE; anything else is
 * logged and masked as INTERNAL_SERVER_ERROR. Stack traces never leave the process outside
 * development.
 */
export function createFormatError({
  logger,
  development = false,
  extraCodes = [],
}: FormatErrorOptions) {
  const kept = new Set([...clientErrorCodes, ...apolloRequestCodes, ...extraCodes]);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    const strip = (value: GraphQLFormattedError): GraphQLFormattedError => {
      if (development || !value.extensions) return value;
      const {
        stacktrace: _stacktrace,
        exception: _exception,
        ...extensions
      } = value.extensions as Record<string, unknown>;
      return { ...value, extensions };
    };
    if (typeof code === 'string' && kept.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return strip(formatted);
    }
    if (isStoreUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'store unavailable');
      return strip({
        message: 'The service is temporarily unavailable; try again shortly.',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      });
    }
    logger.error({ err: original, path: formatted.path, code }, 'unexpected error in a resolver');
    if (development) return formatted;
    return {
      message: 'Internal server error.',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
