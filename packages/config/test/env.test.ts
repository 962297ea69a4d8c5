import { describe, expect, it, vi } from 'vitest';
import { ConfigError, commonEnv, env, loadConfig, loadConfigOrExit } from '../src/index.js';

const spec = {
  port: env.port('PORT', { default: 4001 }),
  brokers: env.hostPorts('KAFKA_BROKERS'),
  warehouse: env.url('WAREHOUSE_URL', { optional: true, protocols: ['duckdb:', 'snowflake:'] }),
  mode: env.oneOf('MODE', ['development', 'production'], { default: 'development' }),
  verbose: env.boolean('VERBOSE', { default: false }),
};

describe('loadConfig', () => {
  it('returns typed values and applies defaults', () => {
    const config = loadConfig(spec, { KAFKA_BROKERS: 'a:9092, b:9093', VERBOSE: 'yes' });
    expect(config).toEqual({
      port: 4001,
      brokers: ['a:9092', 'b:9093'],
      warehouse: undefined,
      mode: 'development',
      verbose: true,
    });
  });

  it('fails on a missing variable with a message naming it and what it expected', () => {
    expect(() => loadConfig(spec, {})).toThrowError(
      /KAFKA_BROKERS is missing: expected a comma-separated list of host:port/,
    );
  });

  it('reports every problem at once', () => {
    try {
      loadConfig(spec, {
        PORT: '70000',
        KAFKA_BROKERS: 'nohost',
        WAREHOUSE_URL: 'http://x',
        MODE: 'prod',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(4);
      expect(problems[0]).toMatch(
        /^PORT is malformed: expected a TCP port between 1 and 65535, got "70000"/,
      );
      expect(problems[1]).toMatch(/^KAFKA_BROKERS is malformed: .*nohost is not host:port/);
      expect(problems[2]).toMatch(
        /^WAREHOUSE_URL is malformed: expected a URL with scheme duckdb: or snowflake:/,
      );
      expect(problems[3]).toMatch(
        /^MODE is malformed: expected one of development, production, got "prod"/,
      );
    }
  });

  it('treats an empty value as unset', () => {
    expect(() =>
      loadConfig({ secret: env.string('JWT_SECRET') }, { JWT_SECRET: '  ' }),
    ).toThrowError(/JWT_SECRET is missing/);
  });

  it('validates the shared topic prefix', () => {
    expect(loadConfig(commonEnv, { KAFKA_TOPIC_PREFIX: 'staging.' }).kafkaTopicPrefix).toBe(
      'staging.',
    );
    expect(() => loadConfig(commonEnv, { KAFKA_TOPIC_PREFIX: 'bad prefix' })).toThrowError(
      /KAFKA_TOPIC_PREFIX is malformed/,
    );
  });
});

describe('loadConfigOrExit', () => {
  it('stops the process with exit code 78 and the message on stderr', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => loadConfigOrExit({ port: env.port('PORT') }, {})).toThrowError('exit 78');
      expect(String(stderr.mock.calls[0]?.[0])).toContain(
        'PORT is missing: expected a TCP port between 1 and 65535',
      );
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });
});
