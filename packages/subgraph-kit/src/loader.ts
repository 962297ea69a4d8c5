/**
 * Per-request batching: calls of `load(key)` made in the same tick become one `loadMany(keys)`
 * (one SQL query for the N entities of a federated `_entities` call instead of N). Create one per
 * request, in the context, so nothing is shared between users.
 */
export function createBatchLoader<K, V>(
  loadMany: (keys: K[]) => Promise<Map<K, V>>,
  { maxBatch = 500 }: { maxBatch?: number } = {},
): (key: K) => Promise<V | undefined> {
  let queue: {
    key: K;
    resolve: (value: V | undefined) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const flush = async (batch: typeof queue) => {
    try {
      const keys = [...new Set(batch.map((item) => item.key))];
      const results = new Map<K, V>();
      for (let start = 0; start < keys.length; start += maxBatch) {
        for (const [key, value] of await loadMany(keys.slice(start, start + maxBatch)))
          results.set(key, value);
      }
      for (const item of batch) item.resolve(results.get(item.key));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  };
  return (key: K) =>
    new Promise<V | undefined>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      if (queue.length === 1) {
        setImmediate(() => {
          const batch = queue;
          queue = [];
          void flush(batch);
        });
      }
    });
}
