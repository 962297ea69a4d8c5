/** Consumer-group lag from the cluster's point of view: committed offsets vs. high watermarks. */
import type { TopicKey } from '../topics.js';
import { kafkaCall, type KafkaContext } from './client.js';

export interface PartitionLag {
  readonly topic: TopicKey;
  readonly partition: number;
  /** The group's committed offset (the next one it will read), or null if it never committed. */
  readonly committedOffset: string | null;
  readonly highWatermark: string;
  readonly lag: number;
}

export interface ConsumerLag {
  readonly partitions: readonly PartitionLag[];
  readonly total: number;
  /** True when no partition has messages the group has not committed past. */
  readonly caughtUp: boolean;
}

/** Where a group resumes on each partition: its committed offset, or the start/end when it has none. */
export interface PartitionPosition {
  readonly topic: TopicKey;
  readonly partition: number;
  readonly committed: bigint | null;
  readonly low: bigint;
  readonly high: bigint;
  readonly start: bigint;
}

export async function partitionPositions(
  kafka: KafkaContext,
  groupId: string,
  topicKeys: readonly TopicKey[],
  fromBeginning: boolean,
): Promise<PartitionPosition[]> {
  const admin = await kafka.admin();
  const names = topicKeys.map((key) => kafka.topicName(key));
  const committed = await kafkaCall('fetch committed offsets', () =>
    admin.fetchOffsets({ groupId, topics: names }),
  );
  const positions: PartitionPosition[] = [];
  for (const key of topicKeys) {
    const name = kafka.topicName(key);
    const watermarks = await kafkaCall(`fetch offsets of ${name}`, () =>
      admin.fetchTopicOffsets(name),
    );
    const groupOffsets = committed.find((entry) => entry.topic === name)?.partitions ?? [];
    for (const { partition, low, high } of watermarks) {
      const raw = groupOffsets.find((entry) => entry.partition === partition)?.offset;
      const offset = raw === undefined || raw === '-1' ? null : BigInt(raw);
      const lowOffset = BigInt(low);
      const highOffset = BigInt(high);
      const start =
        offset === null
          ? fromBeginning
            ? lowOffset
            : highOffset
          : offset < lowOffset
            ? lowOffset
            : offset;
      positions.push({
        topic: key,
        partition,
        committed: offset,
        low: lowOffset,
        high: highOffset,
        start,
      });
    }
  }
  return positions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export async function partitionLag(
  kafka: KafkaContext,
  groupId: string,
  topicKeys: readonly TopicKey[],
  fromBeginning: boolean,
): Promise<ConsumerLag> {
  const positions = await partitionPositions(kafka, groupId, topicKeys, fromBeginning);
  const partitions = positions.map((position) => ({
    topic: position.topic,
    partition: position.partition,
    committedOffset: position.committed === null ? null : position.committed.toString(),
    highWatermark: position.high.toString(),
    lag: Number(position.high > position.start ? position.high - position.start : 0n),
  }));
  const total = partitions.reduce((sum, partition) => sum + partition.lag, 0);
  return { partitions, total, caughtUp: total === 0 };
}
