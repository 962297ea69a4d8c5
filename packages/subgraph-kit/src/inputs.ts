import { badUserInput } from './errors.js';

/**
 * Bounds for what clients send. Every resolver argument goes through one of these, so nothing a
 * client sends can make a query unbounded or a 500: a value out of bounds is a BAD_USER_INPUT
 * naming the argument and the bound.
 */

export interface PageSizeOptions {
  /** Used when the argument is absent or null. */
  default?: number;
  max?: number;
  argument?: string;
}

/** `first` in 1..max (100 by default); absent means `default` (20). */
export function pageSize(
  first: number | null | undefined,
  { default: fallback = 20, max = 100, argument = 'first' }: PageSizeOptions = {},
): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badUserInput(`\`${argument}\` must be an integer between 1 and ${max}.`, {
      argument,
      min: 1,
      max,
    });
  }
  return first;
}

export interface StringBounds {
  argument: string;
  /** Inclusive, in characters (code points) after trimming. */
  max: number;
  min?: number;
  /** Trim surrounding white space first (default true). */
  trim?: boolean;
}

function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** A string within `min..max` characters (NFC-normalised, trimmed unless `trim: false`). */
export function boundedString(
  value: string,
  { argument, max, min = 0, trim = true }: StringBounds,
): string {
  if (typeof value !== 'string')
    throw badUserInput(`\`${argument}\` must be a string.`, { argument });
  // Checked before normalising, so a huge string costs nothing more than its length check.
  if (value.length > max * 4 + 64) {
    throw badUserInput(`\`${argument}\` must be at most ${max} characters.`, { argument, max });
  }
  const normalised = (trim ? value.trim() : value).normalize('NFC');
  const length = codePointLength(normalised);
  if (length > max)
    throw badUserInput(`\`${argument}\` must be at most ${max} characters.`, { argument, max });
  if (length < min) {
    throw badUserInput(
      min === 1
        ? `\`${argument}\` must not be empty.`
        : `\`${argument}\` must be at least ${min} characters.`,
      { argument, min },
    );
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(normalised)) {
    throw badUserInput(`\`${argument}\` contains control characters.`, { argument });
  }
  return normalised;
}

/** As boundedString, but null/undefined (and, unless `keepEmpty`, an empty string) give null. */
export function optionalString(
  value: string | null | undefined,
  bounds: StringBounds & { keepEmpty?: boolean },
): string | null {
  if (value === null || value === undefined) return null;
  const result = boundedString(value, { ...bounds, min: 0 });
  return result === '' && !bounds.keepEmpty ? null : result;
}

/** A list of at most `max` items, each checked by `item` (which receives its index). */
export function boundedList<T, R>(
  values: readonly T[] | null | undefined,
  { argument, max }: { argument: string; max: number },
  item: (value: T, index: number) => R,
): R[] {
  if (values === null || values === undefined) return [];
  if (values.length > max) {
    throw badUserInput(`\`${argument}\` must have at most ${max} items.`, { argument, max });
  }
  return values.map((value, index) => item(value, index));
}

/** An integer (or number when `integer: false`) within `min..max`. */
export function boundedNumber(
  value: number,
  {
    argument,
    min,
    max,
    integer = true,
  }: { argument: string; min: number; max: number; integer?: boolean },
): number {
  if (
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    throw badUserInput(
      `\`${argument}\` must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}.`,
      { argument, min, max },
    );
  }
  return value;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID (lower-cased); anything else is BAD_USER_INPUT rather than a database cast error. */
export function parseUuid(value: string, argument = 'id'): string {
  if (typeof value !== 'string' || !uuidPattern.test(value)) {
    throw badUserInput(`\`${argument}\` is not a valid id.`, { argument });
  }
  return value.toLowerCase();
}

/** An id made of letters, digits and `._:-`, at most `max` characters (offer ids are `source:sourceId`). */
export function parseId(
  value: string,
  { argument = 'id', max = 128 }: { argument?: string; max?: number } = {},
): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > max ||
    !/^[A-Za-z0-9._:-]+$/.test(value)
  ) {
    throw badUserInput(`\`${argument}\` is not a valid id.`, { argument });
  }
  return value;
}

const CURSOR_VERSION = 'c1';

/** An opaque pagination cursor: versioned, base64url JSON. */
export function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, payload]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor and checks its payload with `isValid`; garbage, a cursor of
 * another version or a payload that fails the check is BAD_USER_INPUT.
 */
export function decodeCursor<T>(
  cursor: string,
  isValid: (payload: unknown) => payload is T,
  argument = 'after',
): T {
  const invalid = () => badUserInput(`\`${argument}\` is not a valid cursor.`, { argument });
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > 1024 ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  ) {
    throw invalid();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== CURSOR_VERSION)
    throw invalid();
  const payload: unknown = decoded[1];
  if (!isValid(payload)) throw invalid();
  return payload;
}

/** A cursor that is an offset into a result list (for simple `first/after` pagination). */
export const offsetCursor = {
  encode: (offset: number) => encodeCursor({ o: offset }),
  decode(cursor: string | null | undefined, { argument = 'after', max = 10_000 } = {}): number {
    if (cursor === null || cursor === undefined) return 0;
    const { o } = decodeCursor(
      cursor,
      (payload): payload is { o: number } =>
        typeof payload === 'object' &&
        payload !== null &&
        Number.isInteger((payload as { o?: unknown }).o) &&
        (payload as { o: number }).o >= 0 &&
        (payload as { o: number }).o <= max,
      argument,
    );
    return o;
  },
};
