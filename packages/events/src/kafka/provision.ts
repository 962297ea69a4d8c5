/**
 * Creates every topic of the registry (and its DLQ) if missing, and brings existing ones to the
 * registry's configuration: configs are altered where they differ, partitions only ever grow.
 */
import kafkajs from 'kafkajs';
import { topicKeys, topics, type TopicKey } from '../topics.js';
import { EventsError } from '../errors.js';
import { kafkaCall, kafkaError, type KafkaContext } from './client.js';

const { ConfigResourceTypes } = kafkajs;

/** `configSource` of a config set on the topic itself (as opposed to a broker default). */
const DYNAMIC_TOPIC_CONFIG = 1;

export interface ProvisionOptions {
  /** Partition counts to use instead of the registry's (e.g. more for a big cluster). */
  readonly partitions?: Partial<Record<TopicKey, number>>;
  /** Replication factor of created topics (default: the broker's `default.replication.factor`). */
  readonly replicationFactor?: number;
}

export interface ProvisionReport {
  readonly created: TopicKey[];
  readonly configsAltered: TopicKey[];
  readonly partitionsIncreased: TopicKey[];
  readonly unchanged: TopicKey[];
}

export interface TopicDescription {
  readonly topic: TopicKey;
  readonly name: string;
  readonly partitions: number;
  /** Every config of the topic, defaults included. */
  readonly configs: Record<string, string>;
}

export async function provisionTopics(
  kafka: KafkaContext,
  options: ProvisionOptions = {},
): Promise<ProvisionReport> {
  const admin = await kafka.admin();
  const wanted = topicKeys.map((key) => ({
    key,
    name: kafka.topicName(key),
    partitions: options.partitions?.[key] ?? topics[key].partitions,
    configs: topics[key].configs,
  }));
  const existing = new Set(await kafkaCall('list topics', () => admin.listTopics()));
  const report: ProvisionReport = {
    created: [],
    configsAltered: [],
    partitionsIncreased: [],
    unchanged: [],
  };

  const missing = wanted.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await kafkaCall('create topics', () =>
      admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: options.replicationFactor ?? -1,
          configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
    report.created.push(...missing.map((topic) => topic.key));
    await waitUntilVisible(
      kafka,
      missing.map((topic) => topic.name),
    );
  }

  const present = wanted.filter((topic) => existing.has(topic.name));
  if (present.length > 0) {
    const metadata = await kafkaCall('fetch topic metadata', () =>
      admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) }),
    );
    const described = await kafkaCall('describe topic configs', () =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name })),
      }),
    );
    for (const topic of present) {
      let changed = false;
      const resource = described.resources.find((entry) => entry.resourceName === topic.name);
      const current = new Map(
        (resource?.configEntries ?? []).map((entry) => [entry.configName, entry]),
      );
      const differs = Object.entries(topic.configs).filter(
        ([name, value]) => current.get(name)?.configValue !== value,
      );
      if (differs.length > 0) {
        // AlterConfigs replaces the topic's whole dynamic config: keep what others set on it.
        const kept = [...current.values()]
          .filter(
            (entry) =>
              entry.configSource === DYNAMIC_TOPIC_CONFIG && !(entry.configName in topic.configs),
          )
          .map((entry) => ({ name: entry.configName, value: entry.configValue }));
        await kafkaCall(`alter configs of ${topic.name}`, () =>
          admin.alterConfigs({
            validateOnly: false,
            resources: [
              {
                type: ConfigResourceTypes.TOPIC,
                name: topic.name,
                configEntries: [
                  ...kept,
                  ...Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
                ],
              },
            ],
          }),
        );
        kafka.logger.info(
          { topic: topic.name, configs: Object.fromEntries(differs) },
          'topic configs fixed',
        );
        report.configsAltered.push(topic.key);
        changed = true;
      }
      const count =
        metadata.topics.find((entry) => entry.name === topic.name)?.partitions.length ?? 0;
      if (count < topic.partitions) {
        await kafkaCall(`create partitions of ${topic.name}`, () =>
          admin.createPartitions({
            topicPartitions: [{ topic: topic.name, count: topic.partitions }],
          }),
        );
        kafka.logger.info(
          { topic: topic.name, from: count, to: topic.partitions },
          'topic partitions increased',
        );
        report.partitionsIncreased.push(topic.key);
        changed = true;
      }
      if (!changed) report.unchanged.push(topic.key);
    }
  }
  if (report.created.length > 0) kafka.logger.info({ topics: report.created }, 'topics created');
  return report;
}

/** Waits until the broker serves metadata, with leaders, for freshly created topics. */
async function waitUntilVisible(
  kafka: KafkaContext,
  names: string[],
  timeoutMs = 15_000,
): Promise<void> {
  const admin = await kafka.admin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
      const ready = found.every(
        (topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0),
      );
      if (ready && found.length === names.length) return;
    } catch (error) {
      if (Date.now() > deadline) throw kafkaError('wait for created topics', error);
    }
    if (Date.now() > deadline)
      throw new EventsError(
        `created topics not visible after ${timeoutMs} ms: ${names.join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function describeTopics(
  kafka: KafkaContext,
  keys: readonly TopicKey[] = topicKeys,
): Promise<TopicDescription[]> {
  const admin = await kafka.admin();
  const names = keys.map((key) => kafka.topicName(key));
  const metadata = await kafkaCall('fetch topic metadata', () =>
    admin.fetchTopicMetadata({ topics: names }),
  );
  const described = await kafkaCall('describe topic configs', () =>
    admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    }),
  );
  return keys.map((key, index) => {
    const name = names[index]!;
    const resource = described.resources.find((entry) => entry.resourceName === name);
    return {
      topic: key,
      name,
      partitions: metadata.topics.find((entry) => entry.name === name)?.partitions.length ?? 0,
      configs: Object.fromEntries(
        (resource?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
      ),
    };
  });
}

export interface DeleteTopicsOptions {
  /** Required to delete topics when the bus has no prefix: those are the shared, real topics. */
  readonly confirmUnprefixed?: boolean;
}

/** Deletes this environment's topics (tests and benchmarks clean up with it); returns the names deleted. */
export async function deleteTopics(
  kafka: KafkaContext,
  options: DeleteTopicsOptions = {},
): Promise<string[]> {
  if (!kafka.topicPrefix && !options.confirmUnprefixed) {
    throw new EventsError(
      'refusing to delete the unprefixed topics every environment shares; pass { confirmUnprefixed: true } if you mean it',
    );
  }
  const admin = await kafka.admin();
  const existing = new Set(await kafkaCall('list topics', () => admin.listTopics()));
  const names = topicKeys.map((key) => kafka.topicName(key)).filter((name) => existing.has(name));
  if (names.length > 0)
    await kafkaCall('delete topics', () => admin.deleteTopics({ topics: names }));
  kafka.logger.info({ topics: names }, 'topics deleted');
  return names;
}
