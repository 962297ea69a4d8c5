/* eslint-disable @typescript-eslint/no-explicit-any -- the tests build deliberately invalid values */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  EventValidationError,
  assertValidEvent,
  eventTopicKeys,
  exampleCuratedOffer,
  exampleDeadLetter,
  exampleInteraction,
  exampleModelPublished,
  exampleOfferIngested,
  exampleWarehouseRefreshed,
  topicKeys,
  topicName,
  topics,
  validateEvent,
  validateKey,
  type CuratedOffer,
  type EventValue,
  type OfferIngested,
  type TopicKey,
} from '../src/index.js';

const valid: { [K in TopicKey]: EventValue<K> } = {
  'jobmarket.offers.ingested.v1': exampleOfferIngested,
  'jobmarket.offers.curated.v1': exampleCuratedOffer,
  'jobmarket.warehouse.refreshed.v1': exampleWarehouseRefreshed,
  'jobmarket.models.published.v1': exampleModelPublished,
  'jobmarket.interactions.v1': exampleInteraction,
  'jobmarket.offers.ingested.v1.dlq': exampleDeadLetter,
  'jobmarket.offers.curated.v1.dlq': exampleDeadLetter,
  'jobmarket.warehouse.refreshed.v1.dlq': exampleDeadLetter,
  'jobmarket.models.published.v1.dlq': exampleDeadLetter,
  'jobmarket.interactions.v1.dlq': exampleDeadLetter,
};

/** Deep copy of the example curated offer with `change` applied. */
function curated(change: (offer: Record<string, any>) => void): unknown {
  const offer = structuredClone(exampleCuratedOffer) as Record<string, any>;
  change(offer);
  return offer;
}

function issuesOf(topic: TopicKey, value: unknown) {
  const result = validateEvent(topic, value);
  expect(result.valid).toBe(false);
  return result.valid ? [] : result.issues;
}

describe('registry', () => {
  it('has the five event topics, each with a DLQ that takes DeadLetter', () => {
    expect(eventTopicKeys).toEqual([
      'jobmarket.offers.ingested.v1',
      'jobmarket.offers.curated.v1',
      'jobmarket.warehouse.refreshed.v1',
      'jobmarket.models.published.v1',
      'jobmarket.interactions.v1',
    ]);
    expect(topicKeys).toHaveLength(10);
    for (const key of eventTopicKeys) {
      const dlq = topics[key].deadLetterTopic!;
      expect(dlq).toBe(`${key}.dlq`);
      expect(topics[dlq].deadLetterOf).toBe(key);
      expect(topics[dlq].valueType).toBe('DeadLetter');
    }
    for (const key of topicKeys) expect(topics[key].valueSchema.title).toBe(topics[key].valueType);
  });

  it('prefixes topic names with a dot unless the prefix ends with a separator', () => {
    expect(topicName('jobmarket.offers.curated.v1')).toBe('jobmarket.offers.curated.v1');
    expect(topicName('jobmarket.offers.curated.v1', 'staging')).toBe(
      'staging.jobmarket.offers.curated.v1',
    );
    expect(topicName('jobmarket.offers.curated.v1', 'ci-42-')).toBe(
      'ci-42-jobmarket.offers.curated.v1',
    );
  });

  it('configures the curated and models topics as compacted, the others with retention', () => {
    expect(topics['jobmarket.offers.curated.v1'].configs['cleanup.policy']).toBe('compact');
    expect(topics['jobmarket.models.published.v1'].configs['cleanup.policy']).toBe('compact');
    expect(topics['jobmarket.offers.ingested.v1'].configs['retention.ms']).toBe(
      String(7 * 86_400_000),
    );
    expect(topics['jobmarket.warehouse.refreshed.v1'].configs['retention.ms']).toBe(
      String(30 * 86_400_000),
    );
    expect(topics['jobmarket.offers.curated.v1.dlq'].configs['retention.ms']).toBe(
      String(30 * 86_400_000),
    );
  });
});

describe('schemas', () => {
  it.each(topicKeys)('accepts the example value of %s', (topic) => {
    expect(validateEvent(topic, valid[topic])).toEqual({ valid: true, value: valid[topic] });
  });

  it('accepts nulls where the contract allows them', () => {
    const offer = curated((o) => {
      for (const field of [
        'description',
        'company',
        'url',
        'updatedAt',
        'seniority',
        'experienceMonths',
        'sector',
        'qualification',
      ])
        o[field] = null;
      for (const field of Object.keys(o.location)) o.location[field] = null;
      Object.assign(o.rome, {
        code: null,
        label: null,
        domainCode: null,
        domainLabel: null,
        predicted: true,
      });
      Object.assign(o.salary, {
        min: null,
        max: null,
        period: null,
        annualMinEur: null,
        annualMaxEur: null,
        label: null,
        parsed: false,
      });
      Object.assign(o.contract, { label: null, durationMonths: null, workingTime: null });
      o.hardSkills = [];
      o.softSkills = [];
    });
    expect(validateEvent('jobmarket.offers.curated.v1', offer).valid).toBe(true);
  });

  it.each([
    ['a missing required property', (o: any) => delete o.title, '/title', 'is required'],
    ['an unknown property', (o: any) => (o.salaire = 1), '/salaire', 'is not an allowed property'],
    [
      'an unknown nested property',
      (o: any) => (o.location.country = 'FR'),
      '/location/country',
      'is not an allowed property',
    ],
    ['a wrong type', (o: any) => (o.salary.min = '1500'), '/salary/min', 'must be number,null'],
    [
      'a value outside an enum',
      (o: any) => (o.contract.type = 'CDD_SENIOR'),
      '/contract/type',
      'must be equal to one of the allowed values',
    ],
    ['a pattern mismatch', (o: any) => (o.rome.code = 'm1805'), '/rome/code', 'must match pattern'],
    [
      'a malformed date-time',
      (o: any) => (o.createdAt = '23/10/2024'),
      '/createdAt',
      'must match format "date-time"',
    ],
    [
      'an empty array where one item is required',
      (o: any) => (o.sources = []),
      '/sources',
      'must NOT have fewer than 1 items',
    ],
    [
      'a number out of range',
      (o: any) => (o.location.latitude = 91),
      '/location/latitude',
      'must be <= 90',
    ],
    [
      'a fractional integer',
      (o: any) => (o.experienceMonths = 1.5),
      '/experienceMonths',
      'must be integer',
    ],
    [
      'an invalid array item',
      (o: any) => (o.hardSkills[0].required = 'yes'),
      '/hardSkills/0/required',
      'must be boolean',
    ],
    [
      'a missing nested property',
      (o: any) => delete o.sources[0].url,
      '/sources/0/url',
      'is required',
    ],
  ])('rejects %s, naming its path', (_name, change, path, message) => {
    const value = curated(change);
    const issues = issuesOf('jobmarket.offers.curated.v1', value);
    expect(issues).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message) }),
    );
    expect(() => assertValidEvent('jobmarket.offers.curated.v1', value)).toThrow(
      EventValidationError,
    );
    expect(() => assertValidEvent('jobmarket.offers.curated.v1', value)).toThrow(path);
  });

  it('rejects a payload hash that is not 64 lowercase hex characters', () => {
    const issues = issuesOf('jobmarket.offers.ingested.v1', {
      ...exampleOfferIngested,
      payloadHash: 'ABC',
    });
    expect(issues).toEqual([
      { path: '/payloadHash', message: 'must match pattern "^[0-9a-f]{64}$"', keyword: 'pattern' },
    ]);
  });

  it('rejects non-numeric metrics and a format other than onnx', () => {
    const issues = issuesOf('jobmarket.models.published.v1', {
      ...exampleModelPublished,
      format: 'pickle',
      metrics: { 'ndcg@10': 'high' },
    });
    expect(issues.map((issue) => issue.path)).toEqual(['/format', '/metrics/ndcg@10']);
  });

  it('takes only LIKE, DISLIKE and HIDE as interactions, each with its ids and time', () => {
    const issues = issuesOf('jobmarket.interactions.v1', {
      ...exampleInteraction,
      kind: 'LOVE',
      userId: '',
      occurredAt: 'yesterday',
      email: 'someone@example.org',
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      '/email',
      '/kind',
      '/occurredAt',
      '/userId',
    ]);
    expect(topics['jobmarket.interactions.v1'].configs['retention.ms']).toBe(
      String(365 * 86_400_000),
    );
    expect(validateKey('jobmarket.interactions.v1', exampleInteraction.userId)).toEqual([]);
    expectTypeOf<EventValue<'jobmarket.interactions.v1'>['kind']>().toEqualTypeOf<
      'LIKE' | 'DISLIKE' | 'HIDE'
    >();
  });

  it('reports every problem at once', () => {
    const issues = issuesOf('jobmarket.warehouse.refreshed.v1', {
      ...exampleWarehouseRefreshed,
      eventsConsumed: -1,
      tests: { passed: 1, failed: 0, warned: 0 },
      models: [{ name: 'silver_offers', status: 'ok', rows: 3 }],
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      '/eventsConsumed',
      '/models/0/status',
      '/tests/skipped',
    ]);
  });

  it('accepts tombstones on the curated topic only', () => {
    expect(validateEvent('jobmarket.offers.curated.v1', null)).toEqual({
      valid: true,
      value: null,
    });
    for (const topic of topicKeys.filter((key) => key !== 'jobmarket.offers.curated.v1')) {
      const issues = issuesOf(topic, null);
      expect(issues[0]?.message).toContain('does not accept tombstones');
    }
    expect(validateEvent('jobmarket.offers.curated.v1', undefined).valid).toBe(false);
  });

  it('checks keys', () => {
    expect(validateKey('jobmarket.offers.ingested.v1', 'adzuna:4711')).toEqual([]);
    expect(validateKey('jobmarket.offers.ingested.v1', '4711')[0]?.path).toBe('(key)');
    expect(validateKey('jobmarket.offers.curated.v1', '')).toHaveLength(1);
    expect(validateKey('jobmarket.offers.curated.v1', null)).toHaveLength(1);
    expect(validateKey('jobmarket.offers.curated.v1.dlq', null)).toEqual([]);
  });

  it('derives the TypeScript types from the schemas', () => {
    expectTypeOf<OfferIngested['change']>().toEqualTypeOf<'NEW' | 'CHANGED'>();
    expectTypeOf<CuratedOffer['contract']['workingTime']>().toEqualTypeOf<
      'FULL_TIME' | 'PART_TIME' | null
    >();
    expectTypeOf<CuratedOffer['location']['latitude']>().toEqualTypeOf<number | null>();
    expectTypeOf<EventValue<'jobmarket.offers.curated.v1'>>().toEqualTypeOf<CuratedOffer | null>();
    expectTypeOf<EventValue<'jobmarket.models.published.v1'>['metrics']>().toEqualTypeOf<{
      [name: string]: number;
    }>();
  });
});
