import { isAbsolute, join, resolve } from 'node:path';
import { projectDataDir } from '@jobmarket/config';

export interface DuckDbTarget {
  readonly kind: 'duckdb';
  /** Absolute path of the database file, or `:memory:`. */
  readonly path: string;
}

export interface SnowflakeTarget {
  readonly kind: 'snowflake';
  readonly account: string;
  readonly database: string;
  /** The connection's default schema; the bronze tables always live in `<database>.bronze`. */
  readonly schema: string;
  readonly warehouse: string | undefined;
  readonly role: string | undefined;
  /** Optional endpoint override (`?host=&port=&protocol=`), for an emulator or a private link. */
  readonly accessUrl: string | undefined;
}

export type WarehouseTarget = DuckDbTarget | SnowflakeTarget;

export class WarehouseUrlError extends Error {
  constructor(url: string, reason: string) {
    super(
      `WAREHOUSE_URL ${JSON.stringify(url)} is not usable: ${reason}. Expected duckdb:///absolute/path.duckdb or snowflake://<account>/<database>/<schema>?warehouse=..&role=..`,
    );
    this.name = 'WarehouseUrlError';
  }
}

/** The default embedded warehouse: `<JOBMARKET_DATA_DIR>/warehouse.duckdb`. */
export function defaultDuckDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(projectDataDir(env), 'warehouse.duckdb');
}

/** Reads `WAREHOUSE_URL` (or the given url); unset means the embedded DuckDB file. */
export function parseWarehouseUrl(
  url: string | undefined = process.env.WAREHOUSE_URL,
  env: NodeJS.ProcessEnv = process.env,
): WarehouseTarget {
  const raw = url?.trim();
  if (!raw) return { kind: 'duckdb', path: defaultDuckDbPath(env) };
  if (raw.startsWith('duckdb:')) {
    const rest = raw.slice('duckdb:'.length).replace(/^\/\//, '');
    if (rest === ':memory:' || rest === '/:memory:') return { kind: 'duckdb', path: ':memory:' };
    const path = decodeURIComponent(rest);
    if (!path) throw new WarehouseUrlError(raw, 'no file path');
    return { kind: 'duckdb', path: isAbsolute(path) ? path : resolve(path) };
  }
  if (raw.startsWith('snowflake:')) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new WarehouseUrlError(raw, 'not a URL');
    }
    const account = decodeURIComponent(parsed.hostname);
    const [database, schema] = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (!account) throw new WarehouseUrlError(raw, 'no account');
    if (!database) throw new WarehouseUrlError(raw, 'no database');
    const host = parsed.searchParams.get('host');
    const port = parsed.searchParams.get('port');
    const protocol = parsed.searchParams.get('protocol') ?? 'https';
    return {
      kind: 'snowflake',
      account,
      database,
      schema: schema ?? 'PUBLIC',
      warehouse: parsed.searchParams.get('warehouse') ?? undefined,
      role: parsed.searchParams.get('role') ?? undefined,
      accessUrl: host ? `${protocol}://${host}${port ? `:${port}` : ''}` : undefined,
    };
  }
  throw new WarehouseUrlError(raw, 'unknown scheme');
}

/** The target for logs: never any credential. */
export function describeTarget(target: WarehouseTarget): string {
  return target.kind === 'duckdb'
    ? `duckdb:${target.path}`
    : `snowflake://${target.account}/${target.database}/${target.schema}${target.warehouse ? `?warehouse=${target.warehouse}` : ''}`;
}
