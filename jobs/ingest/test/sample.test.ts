import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveReplayDir, sharedDataDir } from '../src/replay-dir.js';
import { runIngest } from '../src/run.js';
import { replaySource } from '../src/sources/replay/source.js';
import { franceTravailId, generateSample } from '../src/sample/generate.js';
import { readRomeReferentials } from '../src/sources/replay/rome.js';
import { captureLogger, count, memoryPublisher, tempDir, tempWarehouse } from './helpers.js';

const tmp = tempDir('jm-sample-');
afterAll(() => tmp.remove());

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function keysOf(records: Record<string, unknown>[]): Set<string> {
  return new Set(records.flatMap((record) => Object.keys(record)));
}

describe('sample generator', () => {
  it('synthesises a replay directory shaped like the real one, the same for the same seed', async () => {
    const a = join(tmp.dir, 'a');
    const b = join(tmp.dir, 'b');
    expect(await generateSample({ out: a, offers: 200, seed: 7 })).toMatchObject({
      francetravail: 47,
      adzuna: 153,
      mode: 'synthetic',
    });
    await generateSample({ out: b, offers: 200, seed: 7 });
    for (const file of [
      'francetravail/offers.jsonl',
      'adzuna/jobs.jsonl',
      'rome/rome_v4_60_officiel/unix_referentiel_code_rome_v460_utf8.csv',
    ]) {
      expect(readFileSync(join(a, file), 'utf8')).toBe(readFileSync(join(b, file), 'utf8'));
    }
    const ft = lines(join(a, 'francetravail/offers.jsonl'));
    const adzuna = lines(join(a, 'adzuna/jobs.jsonl'));
    expect(new Set(ft.map((o) => o.id)).size).toBe(47);
    expect(new Set(adzuna.map((o) => o.id)).size).toBe(153);
    // Every synthetic field name is one the real payloads use.
    const realFt = keysOf(lines(join(sharedDataDir, 'francetravail/offers.jsonl')));
    const realAdzuna = keysOf(lines(join(sharedDataDir, 'adzuna/jobs.jsonl')));
    for (const key of keysOf(ft)) expect(realFt).toContain(key);
    for (const key of keysOf(adzuna)) expect(realAdzuna).toContain(key);
    for (const key of [
      'id',
      'intitule',
      'description',
      'dateCreation',
      'lieuTravail',
      'romeCode',
      'typeContrat',
      'origineOffre',
    ]) {
      expect(ft.every((o) => key in o)).toBe(true);
    }
    expect(adzuna.every((job) => job.__CLASS__ === 'Adzuna::API::Response::Job')).toBe(true);
    // The ROME files have the real headers: the replay reads every referential from them.
    const { rows, missing } = await readRomeReferentials(a);
    expect(missing).toEqual([]);
    expect(new Set(rows.map((row) => row.name))).toEqual(
      new Set([
        'metiers',
        'appellations',
        'metiersRomeV3',
        'appellationsRomeV3',
        'grandsDomaines',
        'domaines',
        'competences',
        'competencesOffres',
        'savoirEtre',
        'competencesTechniques',
      ]),
    );
    for (const folder of readdirSync(join(sharedDataDir, 'rome')))
      expect(readdirSync(join(a, 'rome'))).toContain(folder);
  });

  it('scales the real sample with distinct ids, mentions of the id included', async () => {
    const out = join(tmp.dir, 'scaled');
    expect(await generateSample({ out, offers: 5_000, from: sharedDataDir })).toMatchObject({
      mode: 'scaled',
      francetravail: 1_171,
      adzuna: 3_829,
    });
    const ft = lines(join(out, 'francetravail/offers.jsonl'));
    expect(new Set(ft.map((o) => o.id)).size).toBe(1_171);
    expect(ft[0]?.id).toBe(franceTravailId(0));
    const origin = ft[0]?.origineOffre as { urlOrigine?: string } | undefined;
    if (origin?.urlOrigine?.includes('/detail/'))
      expect(origin.urlOrigine).toContain(String(ft[0]?.id));
    const adzuna = lines(join(out, 'adzuna/jobs.jsonl'));
    expect(new Set(adzuna.map((o) => o.id)).size).toBe(3_829);
    expect(adzuna.every((job) => String(job.redirect_url).includes(String(job.id)))).toBe(true);
  });

  it('reads the real ROME files into every referential name', async () => {
    const { rows, missing } = await readRomeReferentials(sharedDataDir);
    expect(missing).toEqual([]);
    const count = (name: string) => rows.filter((row) => row.name === name).length;
    expect(count('metiers')).toBe(1_584);
    expect(count('appellations')).toBe(13_120);
    expect(count('competences')).toBe(4_930);
    expect(count('savoirEtre')).toBe(30);
    expect(count('domaines')).toBeGreaterThan(50);
    const m18 = rows.find((row) => row.name === 'domaines' && row.code === 'M18');
    expect(JSON.parse(m18!.payload)).toMatchObject({ grandDomaine: { code: 'M' } });
    const appellation = rows.find((row) => row.name === 'appellations');
    expect(JSON.parse(appellation!.payload)).toHaveProperty('code_rome');
  });
});

describe('replay directory', () => {
  it('is ../shared/data when it exists, else a sample generated once under the data dir, which replays', async () => {
    const { logger } = captureLogger();
    expect(await resolveReplayDir({ logger })).toBe(sharedDataDir);
    expect(await resolveReplayDir({ logger, dir: 'some/dir' })).toMatch(/some\/dir$/);
    const env = { JOBMARKET_DATA_DIR: join(tmp.dir, 'data') };
    const dir = await resolveReplayDir({ logger, env, sharedDir: join(tmp.dir, 'no-shared-data') });
    expect(dir).toBe(join(tmp.dir, 'data', 'sample'));
    const { open } = await tempWarehouse(tmp.dir, 'generated');
    const warehouse = await open();
    try {
      const summary = await runIngest({
        sources: [replaySource({ dir })],
        warehouse,
        publisher: memoryPublisher(),
        logger,
      });
      expect(summary).toMatchObject({
        status: 'succeeded',
        fetched: 600,
        landed: 600,
        published: 600,
        rejected: 0,
      });
      expect(
        await count(
          warehouse,
          "SELECT COUNT(*) AS n FROM bronze.raw_referentials WHERE name = 'metiers'",
        ),
      ).toBeGreaterThan(5);
    } finally {
      await warehouse.close();
    }
  });
});
