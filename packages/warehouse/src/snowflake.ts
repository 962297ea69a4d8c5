/**
 * The Snowflake adapter over `snowflake-sdk`. Payloads are VARIANT (PARSE_JSON of the canonical
 * text); staging tables are session-scoped TEMPORARY tables loaded with array binds, in chunks
 * small enough that the driver never switches to a stage upload (PUT) on its own.
 */
import snowflake from 'snowflake-sdk';
import type { Driver, Row } from './core.js';
import { STAGING, clearStaging, insertStagingRow, type StagingKind } from './sql.js';
import type { SnowflakeTarget } from './url.js';
import type { SnowflakeCredentials } from './snowflake-credentials.js';

/** The snowflake-sdk connection options for a target (exported for tests: no secret is logged). */
export function connectionOptions(
  target: SnowflakeTarget,
  credentials: SnowflakeCredentials,
): snowflake.ConnectionOptions {
  const options: Record<string, unknown> = {
    account: target.account,
    username: credentials.user,
    database: target.database,
    schema: target.schema,
    application: 'jobmarket',
  };
  if (target.warehouse) options.warehouse = target.warehouse;
  if (target.role) options.role = target.role;
  if (target.accessUrl) options.accessUrl = target.accessUrl;
  if (credentials.privateKeyPath) {
    options.authenticator = 'SNOWFLAKE_JWT';
    options.privateKeyPath = credentials.privateKeyPath;
    if (credentials.privateKeyPassphrase) options.privateKeyPass = credentials.privateKeyPassphrase;
  } else {
    options.password = credentials.password;
  }
  return options as snowflake.ConnectionOptions;
}

/** Max bound values per INSERT: below the driver's threshold for switching to stage binding. */
const MAX_BIND_VALUES = 16_000;

function lowerKeys(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key.toLowerCase()] = value;
  return out;
}

let configured = false;

export async function createSnowflakeDriver(
  target: SnowflakeTarget,
  credentials: SnowflakeCredentials,
): Promise<Driver> {
  if (!configured) {
    snowflake.configure({
      logLevel: (process.env.SNOWFLAKE_LOG_LEVEL as snowflake.LogLevel | undefined) ?? 'ERROR',
    });
    configured = true;
  }
  const connection = snowflake.createConnection(connectionOptions(target, credentials));
  await connection.connectAsync();

  const execute = (sqlText: string, binds?: snowflake.Binds) =>
    new Promise<Row[]>((resolve, reject) => {
      connection.execute({
        sqlText,
        ...(binds && binds.length ? { binds } : {}),
        complete(error, _statement, rows) {
          if (error) reject(error);
          else resolve((rows ?? []).map((row: Record<string, unknown>) => lowerKeys(row)));
        },
      });
    });

  for (const statement of [
    "ALTER SESSION SET TIMEZONE = 'UTC'",
    "ALTER SESSION SET TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_NTZ'",
  ]) {
    await execute(statement).catch(() => undefined); // an emulator may not know every session parameter
  }

  return {
    dialect: 'snowflake',
    location: `snowflake://${target.account}/${target.database}/${target.schema}`,
    all: (statement, params) => execute(statement, params as snowflake.Bind[]),
    async run(statement, params) {
      await execute(statement, params as snowflake.Bind[]);
    },
    async load(kind: StagingKind, rows) {
      await execute(clearStaging(kind));
      const width = STAGING[kind].columns.length;
      const perInsert = Math.max(1, Math.floor(MAX_BIND_VALUES / width));
      for (let index = 0; index < rows.length; index += perInsert) {
        const part = rows.slice(index, index + perInsert);
        // One multi-row VALUES list with flat binds: works on every Snowflake endpoint, including
        // emulators that do not implement array binding.
        await execute(insertStagingRow(kind, part.length), part.flat());
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        connection.destroy(() => resolve());
      }),
  };
}
