import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelId, channelMessages } from '../src/asyncapi.js';
import { renderAsyncApiYaml } from '../src/asyncapi-yaml.js';
import { topicKeys, topics } from '../src/index.js';

const file = fileURLToPath(new URL('../../../docs/events.asyncapi.yaml', import.meta.url));

/** The parser tags every schema with `x-parser-*` ids; without them a schema is what we wrote. */
function withoutParserTags(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParserTags);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('x-parser-'))
      .map(([key, inner]) => [key, withoutParserTags(inner)]),
  );
}

describe('docs/events.asyncapi.yaml', () => {
  const text = readFileSync(file, 'utf8');
  let document: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    expect(parsed).toBeDefined();
    document = parsed!;
  });

  it('is what `npm run asyncapi -w @jobmarket/events` generates today (not stale)', async () => {
    expect(text).toBe(await renderAsyncApiYaml());
  });

  it('is AsyncAPI 3.0.0 with one channel per topic, DLQs included', () => {
    expect(document.version()).toBe('3.0.0');
    expect(
      document
        .channels()
        .all()
        .map((channel) => channel.address())
        .sort(),
    ).toEqual([...topicKeys].sort());
  });

  it.each(topicKeys)(
    'documents %s with the payload and key schemas the code validates with',
    (key) => {
      const channel = document.channels().get(channelId(key))!;
      expect(channel.address()).toBe(key);
      const expected = channelMessages(key);
      expect(
        channel
          .messages()
          .all()
          .map((message) => message.id())
          .sort(),
      ).toEqual(expected.map((m) => m.id).sort());
      for (const { id, payload } of expected) {
        const message = channel.messages().get(id)!;
        expect(withoutParserTags(message.payload()!.json())).toStrictEqual(payload);
        const kafka = message.bindings().get('kafka')!.value() as { key: unknown };
        expect(withoutParserTags(kafka.key)).toStrictEqual(topics[key].keySchema);
        expect(message.headers()).toBeDefined();
      }
    },
  );

  it('has a send and a receive operation on every channel', () => {
    for (const key of topicKeys) {
      const operations = document.channels().get(channelId(key))!.operations().all();
      expect(operations.map((operation) => operation.action()).sort()).toEqual(['receive', 'send']);
    }
  });
});
