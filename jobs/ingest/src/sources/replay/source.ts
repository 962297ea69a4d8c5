/**
 * Replay: recorded real payloads from a directory, for runs with no credentials.
 * Layout: `<dir>/francetravail/*.json[l]`, `<dir>/adzuna/*.json[l]`, `<dir>/rome/...` (the
 * layout of ../shared/data and of the generated sample). A `.jsonl` file holds one offer per
 * line; a `.json` file holds a search-response envelope (`resultats` for France Travail,
 * `results` for Adzuna), a list of offers, or one offer.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { OfferSourceName } from '../../payload.js';
import type { OfferSource, RawItem, SourceBatch, SourceContext } from '../types.js';
import { readRomeReferentials } from './rome.js';

const SOURCES: readonly OfferSourceName[] = ['francetravail', 'adzuna'];

export interface ReplayFile {
  readonly source: OfferSourceName;
  readonly path: string;
}

/** The payload files of a replay directory, in a stable order (JSONL first, then envelopes). */
export async function replayFiles(dir: string): Promise<ReplayFile[]> {
  const files: ReplayFile[] = [];
  for (const source of SOURCES) {
    const folder = join(dir, source);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) continue;
    const names = (await readdir(folder))
      .filter((name) => /\.jsonl?$/.test(name))
      .sort((a, b) => {
        const rank = (name: string) => (name.endsWith('.jsonl') ? 0 : 1);
        return rank(a) - rank(b) || a.localeCompare(b);
      });
    for (const name of names) files.push({ source, path: join(folder, name) });
  }
  return files;
}

/** Offers of a parsed `.json` file: an envelope, a list, or one offer. */
export function offersOfDocument(document: unknown, source: OfferSourceName): unknown[] {
  if (Array.isArray(document)) return document;
  if (document !== null && typeof document === 'object') {
    const envelope = document as Record<string, unknown>;
    const list = source === 'francetravail' ? envelope.resultats : envelope.results;
    if ('resultats' in envelope || 'results' in envelope) return Array.isArray(list) ? list : [];
  }
  return [document];
}

async function countLines(path: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) count += 1;
  }
  return count;
}

export interface ReplaySourceOptions {
  readonly dir: string;
  /** Items per yielded batch (default 1000). */
  readonly batchSize?: number;
  /** Land the ROME referentials of `<dir>/rome` (default true). */
  readonly referentials?: boolean;
}

export function replaySource({
  dir,
  batchSize = 1_000,
  referentials = true,
}: ReplaySourceOptions): OfferSource {
  return {
    name: 'replay',
    stateKey: 'replay',
    window: () => ({ start: null, end: null }),
    async *fetch(context: SourceContext): AsyncIterable<SourceBatch> {
      if (!existsSync(dir)) throw new Error(`replay directory ${dir} does not exist`);
      const files = await replayFiles(dir);
      if (files.length === 0)
        throw new Error(`no francetravail/ or adzuna/ payload files under ${dir}`);
      context.logger.info(
        { dir, files: files.map((file) => file.path) },
        'replaying recorded payloads',
      );
      if (referentials) {
        const { rows, missing } = await readRomeReferentials(dir);
        const landed = await context.referentials.land(rows);
        context.logger.info({ rows: landed, missing }, 'ROME referentials landed');
      }
      let expected = 0;
      for (const file of files)
        if (file.path.endsWith('.jsonl')) expected += await countLines(file.path);
      context.stats.expected = expected || undefined;

      let batch: RawItem[] = [];
      for (const file of files) {
        if (file.path.endsWith('.jsonl')) {
          const lines = createInterface({
            input: createReadStream(file.path, { encoding: 'utf8' }),
            crlfDelay: Infinity,
          });
          let number = 0;
          for await (const line of lines) {
            number += 1;
            if (line.trim() === '') continue;
            let raw: unknown;
            try {
              raw = JSON.parse(line);
            } catch {
              raw = line; // not JSON: identified as "not an object" and sent to the DLQ
              context.logger.warn({ file: file.path, line: number }, 'line is not JSON');
            }
            batch.push({ source: file.source, raw });
            if (batch.length >= batchSize) {
              yield { items: batch };
              batch = [];
            }
          }
        } else {
          const document = JSON.parse(await readFile(file.path, 'utf8')) as unknown;
          for (const raw of offersOfDocument(document, file.source)) {
            batch.push({ source: file.source, raw });
            if (batch.length >= batchSize) {
              yield { items: batch };
              batch = [];
            }
          }
        }
      }
      if (batch.length > 0) yield { items: batch };
    },
  };
}
