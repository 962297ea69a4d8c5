/**
 * The Snowflake adapter without a Snowflake account: URL and credential handling, the generated
 * SQL, what the driver is sent (statements, binds, VARIANT as PARSE_JSON of text, chunked staging
 * loads) through a stand-in for snowflake-sdk's connection. The same warehouse contract as DuckDB
 * runs against a real account when SNOWFLAKE_ACCOUNT is set (snowflake-account.test.ts).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as sql from '../src/sql.js';
import {
  parseWarehouseUrl,
  snowflakeCredentialsFromEnv,
  openWarehouse,
  createWarehouse,
} from '../src/index.js';
import { payloadOf } from './contract.js';

interface Sent {
  sqlText: string;
  binds: unknown[] | undefined;
}
const sent: Sent[] = [];
let answer: (sqlText: string) => Record<string, unknown>[] = () => [];

vi.mock('snowflake-sdk', () => ({
  default: {
    configure: vi.fn(),
    createConnection: vi.fn((options: Record<string, unknown>) => ({
      options,
      connectAsync: vi.fn(async () => undefined),
      execute: ({
        sqlText,
        binds,
        complete,
      }: {
        sqlText: string;
        binds?: unknown[];
        complete: (e: unknown, s: unknown, rows: unknown[]) => void;
      }) => {
        sent.push({ sqlText, binds });
        setImmediate(() => complete(undefined, {}, answer(sqlText)));
      },
      destroy: (done: () => void) => done(),
    })),
  },
}));

beforeEach(() => {
  sent.length = 0;
  answer = () => [];
});

const target = parseWarehouseUrl(
  'snowflake://xy12345.eu-west-1/JOBMARKET/PUBLIC?warehouse=COMPUTE_WH&role=INGEST',
);

describe('Snowflake configuration', () => {
  it('reads account, database, schema, warehouse, role and an endpoint override from WAREHOUSE_URL', () => {
    expect(target).toEqual({
      kind: 'snowflake',
      account: 'xy12345.eu-west-1',
      database: 'JOBMARKET',
      schema: 'PUBLIC',
      warehouse: 'COMPUTE_WH',
      role: 'INGEST',
      accessUrl: undefined,
    });
    expect(
      parseWarehouseUrl('snowflake://acc/DB?host=127.0.0.1&port=8090&protocol=http'),
    ).toMatchObject({ schema: 'PUBLIC', accessUrl: 'http://127.0.0.1:8090' });
    expect(() => parseWarehouseUrl('snowflake:///DB')).toThrow(/no account/);
    expect(() => parseWarehouseUrl('postgres://x')).toThrow(/unknown scheme/);
  });

  it('takes a password or a key pair from the environment, never from the URL', async () => {
    const { connectionOptions } = await import('../src/snowflake.js');
    expect(() => snowflakeCredentialsFromEnv({})).toThrow(/SNOWFLAKE_USER is missing/);
    expect(() => snowflakeCredentialsFromEnv({ SNOWFLAKE_USER: 'u' })).toThrow(
      /SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_PATH is missing/,
    );
    const password = connectionOptions(
      target,
      snowflakeCredentialsFromEnv({ SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' }),
    );
    expect(password).toMatchObject({
      account: 'xy12345.eu-west-1',
      username: 'u',
      password: 'p',
      database: 'JOBMARKET',
      warehouse: 'COMPUTE_WH',
      role: 'INGEST',
    });
    expect(password).not.toHaveProperty('authenticator');
    const keyPair = connectionOptions(
      target,
      snowflakeCredentialsFromEnv({
        SNOWFLAKE_USER: 'u',
        SNOWFLAKE_PRIVATE_KEY_PATH: '/keys/rsa.p8',
        SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 's',
      }),
    );
    expect(keyPair).toMatchObject({
      authenticator: 'SNOWFLAKE_JWT',
      privateKeyPath: '/keys/rsa.p8',
      privateKeyPass: 's',
    });
    expect(keyPair).not.toHaveProperty('password');
  });
});

describe('Snowflake SQL', () => {
  it('uses VARIANT for payloads and PARSE_JSON / TO_JSON at the edges, never the JSON type', () => {
    const ddl = sql.bronzeDdl('snowflake').join('\n');
    expect(ddl).toContain('payload VARIANT NOT NULL');
    expect(ddl).toContain('message_value VARIANT NOT NULL');
    expect(ddl).not.toMatch(/\bJSON\b/);
    expect(sql.insertNewOffers('snowflake')).toContain('PARSE_JSON(s.payload)');
    expect(sql.updateReferentials('snowflake')).toContain('PARSE_JSON(s.payload)');
    expect(sql.insertIngestState('snowflake')).toContain('PARSE_JSON(CAST(? AS VARCHAR))');
    expect(sql.selectPendingOutbox('snowflake', 0)).toContain('TO_JSON(message_value)');
    expect(sql.bronzeDdl('duckdb').join('\n')).toContain('payload JSON NOT NULL');
    expect(sql.insertNewOffers('duckdb')).toContain('CAST(s.payload AS JSON)');
  });

  it('builds multi-row staging inserts with one placeholder per value', () => {
    const statement = sql.insertStagingRow('offers', 3);
    expect(statement.match(/\?/g)).toHaveLength(12);
    expect(statement).toMatch(
      /^INSERT INTO jm_stage_offers \(source, source_id, payload, payload_hash\) VALUES \(\?, \?, \?, \?\), /,
    );
  });
});

describe('Snowflake driver (snowflake-sdk stand-in)', () => {
  it('connects with the target, sets UTC, creates bronze and the temporary staging tables', async () => {
    const warehouse = await openWarehouse({
      url: 'snowflake://acc/DB/PUBLIC?warehouse=WH',
      env: { SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' },
    });
    const statements = sent.map((s) => s.sqlText);
    expect(statements[0]).toBe("ALTER SESSION SET TIMEZONE = 'UTC'");
    expect(statements).toContain('CREATE SCHEMA IF NOT EXISTS bronze');
    expect(
      statements.some((s) => s.startsWith('CREATE TEMPORARY TABLE IF NOT EXISTS jm_stage_offers')),
    ).toBe(true);
    expect(warehouse.dialect).toBe('snowflake');
    await warehouse.close();
  });

  it('lands offers in one transaction: staged as text in chunks, VARIANT through PARSE_JSON, timestamps as UTC text', async () => {
    const warehouse = await openWarehouse({
      url: 'snowflake://acc/DB/PUBLIC',
      env: { SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' },
    });
    sent.length = 0;
    const offers = Array.from({ length: 4_500 }, (_, i) => ({
      source: 'adzuna',
      sourceId: String(i),
      ...payloadOf({ id: String(i), t: 'é😀' }),
    }));
    answer = (text) =>
      text.startsWith('SELECT s.source')
        ? [
            {
              SOURCE: 'adzuna',
              SOURCE_ID: '1',
              PAYLOAD_HASH: offers[1]!.payloadHash,
              CHANGE: 'NEW',
            },
          ]
        : [];
    const result = await warehouse.landOffers({
      runId: 'r1',
      seenAt: new Date('2026-01-10T08:00:00.123Z'),
      offers,
    });
    expect(result).toMatchObject({ inserted: 1, new: 1, unchanged: 4_499 });
    const statements = sent.map((s) => s.sqlText);
    expect(statements[0]).toBe('BEGIN TRANSACTION');
    expect(statements.at(-1)).toBe('COMMIT');
    const inserts = sent.filter((s) => s.sqlText.startsWith('INSERT INTO jm_stage_offers'));
    expect(inserts.length).toBeGreaterThan(1); // 18,000 values: more than one statement
    for (const insert of inserts) {
      expect(insert.binds!.length).toBeLessThanOrEqual(16_000);
      expect(insert.binds!.every((value) => typeof value === 'string')).toBe(true);
    }
    expect(inserts.reduce((sum, insert) => sum + insert.binds!.length, 0)).toBe(4_500 * 4);
    const touch = sent.find((s) => s.sqlText.startsWith('UPDATE bronze.raw_offers'));
    expect(touch?.binds).toEqual(['2026-01-10 08:00:00.123', 'r1']);
    const insert = sent.find((s) => s.sqlText.startsWith('INSERT INTO bronze.raw_offers'));
    expect(insert?.sqlText).toContain('PARSE_JSON(s.payload)');
    await warehouse.close();
  });

  it('reads VARIANT columns back as JSON text and upper-case column names as lower case', async () => {
    const warehouse = await openWarehouse({
      url: 'snowflake://acc/DB/PUBLIC',
      env: { SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' },
    });
    answer = (text) =>
      text.includes('FROM bronze.offers_outbox')
        ? [
            {
              EVENT_ID: 'e1',
              TOPIC: 't',
              MESSAGE_KEY: 'k',
              MESSAGE_VALUE: '{"a":"é"}',
              HEADERS: null,
              RUN_ID: 'r',
              CREATED_AT: new Date('2026-01-10T08:00:00Z'),
              PUBLISHED_AT: null,
            },
          ]
        : [];
    const [message] = await warehouse.pendingOutbox(10);
    expect(message).toMatchObject({ eventId: 'e1', value: { a: 'é' }, publishedAt: null });
    expect(sent.at(-1)?.binds).toEqual([10]);
    await warehouse.close();
  });
});

describe('createWarehouse over any driver', () => {
  it('rolls back when the work throws', async () => {
    const statements: string[] = [];
    const warehouse = await createWarehouse({
      dialect: 'snowflake',
      location: 'test',
      all: async (statement) => (statements.push(statement), []),
      run: async (statement) => void statements.push(statement),
      load: async () => undefined,
      close: async () => undefined,
    });
    await expect(
      warehouse.transaction(async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(statements).toEqual(['BEGIN TRANSACTION', 'ROLLBACK']);
  });
});
