/**
 * Typed configuration read from environment variables.
 *
 * A service declares the variables it needs once; `loadConfig` reads them all, reports every
 * problem at once (not just the first), and returns a typed object. The message always names the
 * variable and what was expected, so an operator can fix a Deployment or `.env` without reading code.
 */

export interface Variable<T> {
  readonly name: string;
  readonly expected: string;
  readonly parse: (raw: string | undefined) => T;
}

export type ConfigSpec = Record<string, Variable<unknown>>;
export type ConfigValues<S extends ConfigSpec> = {
  [K in keyof S]: S[K] extends Variable<infer T> ? T : never;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

class VariableProblem extends Error {}

interface Options<T> {
  /** Value when the variable is unset or empty. Without a default the variable is required. */
  default?: T;
  /** Words appended to the "expected" text, e.g. what the value is for. */
  description?: string;
}

function variable<T>(
  name: string,
  expected: string,
  options: Options<T>,
  convert: (raw: string) => T,
): Variable<T> {
  const describedExpected = options.description ? `${expected} (${options.description})` : expected;
  return {
    name,
    expected: describedExpected,
    parse(raw) {
      if (raw === undefined || raw.trim() === '') {
        if ('default' in options) return options.default as T;
        throw new VariableProblem(`${name} is missing: expected ${describedExpected}`);
      }
      try {
        return convert(raw.trim());
      } catch (error) {
        const why = error instanceof VariableProblem ? ` (${error.message})` : '';
        throw new VariableProblem(
          `${name} is malformed: expected ${describedExpected}, got ${JSON.stringify(raw)}${why}`,
        );
      }
    },
  };
}

function fail(reason = ''): never {
  throw new VariableProblem(reason);
}

function parseInteger(raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) fail();
  const value = Number(raw);
  if (value < min || value > max) fail(`out of range ${min}..${max}`);
  return value;
}

export const env = {
  string(name: string, options: Options<string> & { pattern?: RegExp } = {}): Variable<string> {
    const expected = options.pattern
      ? `a string matching ${options.pattern}`
      : 'a non-empty string';
    return variable(name, expected, options, (raw) => {
      if (options.pattern && !options.pattern.test(raw)) fail();
      return raw;
    });
  },

  optionalString(
    name: string,
    options: Omit<Options<string>, 'default'> = {},
  ): Variable<string | undefined> {
    return variable<string | undefined>(
      name,
      'a string, or unset',
      { ...options, default: undefined },
      (raw) => raw,
    );
  },

  integer(
    name: string,
    options: Options<number> & { min?: number; max?: number } = {},
  ): Variable<number> {
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const range =
      options.min !== undefined || options.max !== undefined ? ` between ${min} and ${max}` : '';
    return variable(name, `an integer${range}`, options, (raw) => parseInteger(raw, min, max));
  },

  port(name: string, options: Options<number> = {}): Variable<number> {
    return variable(name, 'a TCP port between 1 and 65535', options, (raw) =>
      parseInteger(raw, 1, 65535),
    );
  },

  boolean(name: string, options: Options<boolean> = {}): Variable<boolean> {
    return variable(name, 'true or false', options, (raw) => {
      const lower = raw.toLowerCase();
      if (['true', '1', 'yes'].includes(lower)) return true;
      if (['false', '0', 'no'].includes(lower)) return false;
      return fail();
    });
  },

  oneOf<const T extends string>(
    name: string,
    values: readonly T[],
    options: Options<T> = {},
  ): Variable<T> {
    return variable(name, `one of ${values.join(', ')}`, options, (raw) => {
      if (!(values as readonly string[]).includes(raw)) fail();
      return raw as T;
    });
  },

  url(
    name: string,
    options: Options<URL | undefined> & { protocols?: string[]; optional?: boolean } = {},
  ): Variable<URL | undefined> {
    const protocols = options.protocols;
    const expected = protocols ? `a URL with scheme ${protocols.join(' or ')}` : 'an absolute URL';
    const withDefault =
      options.optional && !('default' in options) ? { ...options, default: undefined } : options;
    return variable<URL | undefined>(name, expected, withDefault, (raw) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail('not a URL');
      }
      if (protocols && !protocols.includes(url.protocol)) fail(`scheme ${url.protocol}`);
      return url;
    });
  },

  /** Comma-separated `host:port` pairs, as Kafka bootstrap servers are written. */
  hostPorts(name: string, options: Options<string[]> = {}): Variable<string[]> {
    return variable(name, 'a comma-separated list of host:port', options, (raw) => {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length === 0) fail();
      for (const item of items) {
        const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(item);
        if (!match) fail(`${item} is not host:port`);
        parseInteger(match[2] ?? '', 1, 65535);
      }
      return items;
    });
  },

  list(name: string, options: Options<string[]> = {}): Variable<string[]> {
    return variable(name, 'a comma-separated list', options, (raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
  },
};

/** Reads every variable of `spec` from `source`; throws one ConfigError listing every problem. */
export function loadConfig<S extends ConfigSpec>(
  spec: S,
  source: NodeJS.ProcessEnv = process.env,
): ConfigValues<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, variableSpec] of Object.entries(spec)) {
    try {
      values[key] = variableSpec.parse(source[variableSpec.name]);
    } catch (error) {
      if (!(error instanceof VariableProblem)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigValues<S>;
}

/** As loadConfig, but a bad configuration stops the process with the message on stderr (exit 78, EX_CONFIG). */
export function loadConfigOrExit<S extends ConfigSpec>(
  spec: S,
  source: NodeJS.ProcessEnv = process.env,
): ConfigValues<S> {
  try {
    return loadConfig(spec, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
