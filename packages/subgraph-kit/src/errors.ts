import { GraphQLError } from 'graphql';

/**
 * The error codes a client of the graph can meet, in `errors[].extensions.code`. Resolvers throw
 * only these (through the helpers below); anything else is masked as INTERNAL_SERVER_ERROR.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  /** Too many attempts (login throttling); `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A dependency (the store) is down or too slow; retrying later may work. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes a resolver may throw on purpose; their messages are shown to the client as written. */
export const clientErrorCodes: ReadonlySet<string> = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SERVICE_UNAVAILABLE,
]);

export type ErrorDetails = Record<string, unknown>;

export function typedError(
  code: ErrorCode,
  message: string,
  details: ErrorDetails = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } });
}

/** An argument is malformed or out of bounds; `argument` names it (e.g. `first`, `input.email`). */
export function badUserInput(message: string, details: ErrorDetails & { argument?: string } = {}) {
  return typedError(ErrorCode.BAD_USER_INPUT, message, details);
}

export function unauthenticated(
  message = 'You must be signed in to do this.',
  details?: ErrorDetails,
) {
  return typedError(ErrorCode.UNAUTHENTICATED, message, details);
}

export function forbidden(message = 'You are not allowed to do this.', details?: ErrorDetails) {
  return typedError(ErrorCode.FORBIDDEN, message, details);
}

export function notFound(what: string, id?: string, details?: ErrorDetails) {
  const message =
    id === undefined ? `${what} not found.` : `${what} ${JSON.stringify(id)} not found.`;
  return typedError(ErrorCode.NOT_FOUND, message, {
    ...details,
    ...(id === undefined ? {} : { id }),
  });
}

export function rateLimited(message: string, retryAfterSeconds: number) {
  return typedError(ErrorCode.RATE_LIMITED, message, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}

export function serviceUnavailable(
  message = 'The service is temporarily unavailable; try again shortly.',
) {
  return typedError(ErrorCode.SERVICE_UNAVAILABLE, message);
}

/** The `extensions.code` of an error, when it has one. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

const storeUnavailableCodes = new Set([
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * Whether an error thrown by the store means "the database is down or too slow" (as opposed to a
 * bug): such errors become SERVICE_UNAVAILABLE, so a PostgreSQL restart fails requests fast with a
 * typed error rather than a 500.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (storeUnavailableCodes.has(code) || networkErrorCodes.has(code))
  ) {
    return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|pool is (closed|ending)/i.test(
    error.message,
  );
}

/** Whether a store error is a unique-constraint violation (both engines report SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Error)) return false;
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || name === constraint);
}
