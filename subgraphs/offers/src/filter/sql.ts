/** Positional parameters for one SQL statement: `add(value)` returns its `$n` placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `a and b and ...`, or `true` when there is nothing to AND. */
export function and(parts: readonly string[]): string {
  return parts.length === 0 ? 'true' : parts.map((part) => `(${part})`).join(' and ');
}
