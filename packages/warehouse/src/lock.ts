/**
 * A cross-process lock for the embedded DuckDB file. DuckDB lets one process at a time open a
 * file for writing; a second one fails at once ("Could not set lock on file"). Jobs that share the
 * file (ingest, transform while dbt runs, retrain) take this lock first, so they wait for each
 * other instead of failing.
 *
 * Protocol (simple enough for any language to follow): the lock is the directory `<file>.lock`,
 * created atomically with mkdir; it holds `owner.json` ({pid, host, purpose, token, acquiredAt}).
 * The holder touches `owner.json` every few seconds. A waiter breaks the lock when the owner is a
 * dead process on this host, or when the heartbeat is older than `staleMs` (another host).
 */
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface LockLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface WarehouseLockOptions {
  /** Shown to waiters: who holds the lock and why, e.g. `ingest` or `transform (dbt run)`. */
  purpose?: string;
  logger?: LockLogger;
  /** Give up after this long (default: wait forever, logging every `logEveryMs`). */
  timeoutMs?: number;
  pollMs?: number;
  logEveryMs?: number;
  /** A lock whose heartbeat is older than this is broken (default 60 s). */
  staleMs?: number;
}

export interface WarehouseLock {
  readonly path: string;
  release(): Promise<void>;
}

interface Owner {
  pid: number;
  host: string;
  purpose: string;
  token: string;
  acquiredAt: string;
}

export class WarehouseLockTimeoutError extends Error {
  constructor(path: string, holder: string) {
    super(`timed out waiting for the warehouse lock ${path} (held by ${holder})`);
    this.name = 'WarehouseLockTimeoutError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(
  path: string,
): Promise<{ owner: Owner | undefined; ageMs: number } | undefined> {
  const file = join(path, 'owner.json');
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { owner: JSON.parse(text) as Owner, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // The directory may exist without owner.json for a moment (between mkdir and write).
      try {
        const info = await stat(path);
        return { owner: undefined, ageMs: Date.now() - info.mtimeMs };
      } catch {
        return undefined;
      }
    }
    if (error instanceof SyntaxError) return { owner: undefined, ageMs: 0 };
    throw error;
  }
}

function describe(owner: Owner | undefined): string {
  return owner
    ? `${owner.purpose} (pid ${owner.pid} on ${owner.host} since ${owner.acquiredAt})`
    : 'a process starting up';
}

/** Takes the lock for `databaseFile`, waiting while another process holds it. */
export async function acquireWarehouseLock(
  databaseFile: string,
  {
    purpose = 'warehouse writer',
    logger,
    timeoutMs,
    pollMs = 250,
    logEveryMs = 10_000,
    staleMs = 60_000,
  }: WarehouseLockOptions = {},
): Promise<WarehouseLock> {
  const path = `${databaseFile}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    purpose,
    token: randomBytes(8).toString('hex'),
    acquiredAt: '',
  };
  const started = Date.now();
  let lastLog = 0;
  for (;;) {
    try {
      await mkdir(path);
      me.acquiredAt = new Date().toISOString();
      await writeFile(join(path, 'owner.json'), JSON.stringify(me));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await readOwner(path);
    if (current === undefined) continue; // released between mkdir and read: try again now
    const { owner, ageMs } = current;
    const dead = owner && owner.host === me.host && !alive(owner.pid);
    const stale = ageMs > staleMs;
    if (dead || stale) {
      logger?.warn(
        {
          lock: path,
          holder: describe(owner),
          reason: dead
            ? 'holder process is gone'
            : `no heartbeat for ${Math.round(ageMs / 1000)} s`,
        },
        'breaking a stale warehouse lock',
      );
      // Re-read just before breaking so a lock taken meanwhile by someone else is not broken.
      const again = await readOwner(path);
      if (again?.owner?.token === owner?.token) {
        const aside = `${path}.stale-${me.token}`;
        try {
          await rename(path, aside);
          await rm(aside, { recursive: true, force: true });
        } catch {
          // someone else broke it first
        }
      }
      continue;
    }
    const waited = Date.now() - started;
    if (timeoutMs !== undefined && waited > timeoutMs) {
      throw new WarehouseLockTimeoutError(path, describe(owner));
    }
    if (Date.now() - lastLog >= logEveryMs) {
      lastLog = Date.now();
      logger?.info(
        { lock: path, holder: describe(owner), waitedMs: waited },
        'waiting for the warehouse lock (another job is using the DuckDB file)',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  const ownerFile = join(path, 'owner.json');
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      utimes(ownerFile, now, now).catch(() => undefined);
    },
    Math.max(1_000, Math.floor(staleMs / 4)),
  );
  heartbeat.unref();
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      const current = await readOwner(path).catch(() => undefined);
      if (current?.owner?.token !== me.token) return; // broken by someone else: not ours any more
      const aside = `${path}.released-${me.token}`;
      await rename(path, aside).catch(() => undefined);
      await rm(aside, { recursive: true, force: true });
    },
  };
}

/** Runs `work` while holding the lock of `databaseFile`; releases it however `work` ends. */
export async function withWarehouseLock<T>(
  databaseFile: string,
  work: () => Promise<T>,
  options: WarehouseLockOptions = {},
): Promise<T> {
  const lock = await acquireWarehouseLock(databaseFile, options);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

/**
 * Runs `work` holding the lock of the warehouse `url` points at (default `WAREHOUSE_URL`) when it
 * is a DuckDB file; on Snowflake (which has no single-writer limit) it just runs `work`. This is
 * what a job that spawns another DuckDB client (dbt-duckdb) wraps around it.
 */
export async function withWarehouseLockFor<T>(
  url: string | undefined,
  work: () => Promise<T>,
  options: WarehouseLockOptions = {},
): Promise<T> {
  const { parseWarehouseUrl } = await import('./url.js');
  const target = parseWarehouseUrl(url ?? process.env.WAREHOUSE_URL);
  if (target.kind !== 'duckdb' || target.path === ':memory:') return work();
  return withWarehouseLock(target.path, work, options);
}
