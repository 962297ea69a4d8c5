import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import { createLogger, handleShutdown } from '../src/index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with service, level word, ISO time and redacted secrets', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'ingest', destination });
    logger.info({ password: 'hunter2', source: 'adzuna' }, 'landed');
    expect(lines[0]).toMatchObject({
      service: 'ingest',
      level: 'info',
      msg: 'landed',
      source: 'adzuna',
      password: '[redacted]',
    });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lines[0]).not.toHaveProperty('trace_id');
  });

  it('carries the active trace and span ids', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'transform', destination });
    const spanContext = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    };
    // Services get a context manager from the OpenTelemetry SDK; here one is registered by hand
    // and a non-recording span stands in for a real one.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    context.with(trace.setSpan(context.active(), trace.wrapSpanContext(spanContext)), () =>
      logger.warn('inside'),
    );
    expect(lines[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
  });
});

describe('handleShutdown', () => {
  it('runs steps once, in reverse order, and exits 0; a failing step makes the exit code 1', async () => {
    const { destination } = capture();
    const logger = createLogger({ service: 'test', destination });
    const order: string[] = [];
    const codes: number[] = [];
    const shutdown = handleShutdown({
      logger,
      signals: ['SIGUSR2'],
      exit: (code) => codes.push(code),
    });
    shutdown.register('database', () => void order.push('database'));
    shutdown.register('http', async () => void order.push('http'));
    process.emit('SIGUSR2', 'SIGUSR2');
    await shutdown.shutdown('again');
    expect(order).toEqual(['http', 'database']);
    expect(codes).toEqual([0]);
    shutdown.dispose();

    const failing = handleShutdown({
      logger,
      signals: ['SIGUSR2'],
      exit: (code) => codes.push(code),
    });
    failing.register('broken', () => {
      throw new Error('boom');
    });
    await failing.shutdown('test');
    expect(codes).toEqual([0, 1]);
    failing.dispose();
  });
});
