import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalRecoMain } from '../src/cli/eval-reco.js';
import { evalRomeMain } from '../src/cli/eval-rome.js';
import { Rng } from '../src/index.js';

/**
 * A synthetic, deliberately messy payload directory: JSONL and an envelope, offers with missing
 * or wrongly typed fields, no dates on some, foreign (Adzuna-like) records and broken lines.
 */
function syntheticDir(): { data: string; emptyRome: string } {
  const dir = mkdtempSync(join(tmpdir(), 'reco-cli-'));
  const emptyRome = mkdtempSync(join(tmpdir(), 'reco-norome-'));
  const rng = new Rng(3);
  const jobs = [
    ['K1302', 'Aide à domicile', 'Accompagner les personnes âgées'],
    ['J1501', 'Aide-soignant', 'Réaliser les soins d’hygiène'],
    ['G1602', 'Cuisinier', 'Préparer les plats'],
    ['N1103', 'Préparateur de commandes', 'Préparer les commandes en entrepôt'],
    ['M1607', 'Secrétaire', 'Accueillir et gérer le courrier'],
  ] as const;
  const lines: string[] = [];
  for (let i = 0; i < 90; i++) {
    const [rome, title, skill] = jobs[i % jobs.length] as (typeof jobs)[number];
    const offer: Record<string, unknown> = {
      id: `S${i}`,
      intitule: `${title} (H/F)`,
      description: `${skill}. Poste à pourvoir rapidement.`,
      dateCreation:
        i % 17 === 0 ? undefined : new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
      romeCode: i % 23 === 0 ? null : rome,
      appellationlibelle: i % 3 === 0 ? title : undefined,
      lieuTravail:
        i % 11 === 0 ? 'nowhere' : { latitude: 45 + rng.next(), longitude: 4 + rng.next() },
      competences: i % 2 === 0 ? [{ libelle: skill, exigence: 'E' }, { code: 'x' }] : 'none',
      typeContrat: ['CDI', 'MIS', 42, null][i % 4],
      salaire: i % 5 === 0 ? { libelle: 'Mensuel de 1900 Euros' } : [],
    };
    lines.push(JSON.stringify(offer));
  }
  lines.push(
    '{broken json',
    JSON.stringify({ id: '1', title: 'adzuna job', created: '2025-01-01' }),
  );
  writeFileSync(join(dir, 'offers.jsonl'), lines.join('\n'));
  mkdirSync(join(dir, 'more'));
  writeFileSync(
    join(dir, 'more', 'envelope.json'),
    JSON.stringify({
      resultats: [{ id: 'E1', intitule: 'Cuisinier', romeCode: 'G1602' }],
      filtresPossibles: [],
    }),
  );
  return { data: dir, emptyRome };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('CLIs on a synthetic directory', () => {
  it('eval:reco prints a table per task and ends with one JSON line', async () => {
    const { data, emptyRome } = syntheticDir();
    const c = capture();
    const code = await evalRecoMain(
      ['--data', data, '--rome', emptyRome, '--resamples', '50'],
      c.io,
    );
    expect(code, c.err.join('\n')).toBe(0);
    const text = c.out.join('\n');
    for (const method of ['random', 'popularity', 'bm25', 'skills', 'model'])
      expect(text).toContain(method);
    const summary = JSON.parse(c.out.at(-1) as string);
    expect(summary.evaluation).toBe('recommendations');
    expect(Object.keys(summary.tasks)).toEqual(['skills', 'title', 'freetext']);
  });

  it('eval:reco --json prints the documented shape', async () => {
    const { data, emptyRome } = syntheticDir();
    const c = capture();
    expect(
      await evalRecoMain(
        ['--data', data, '--rome', emptyRome, '--json', '--resamples', '50'],
        c.io,
      ),
    ).toBe(0);
    expect(c.out).toHaveLength(1);
    const result = JSON.parse(c.out[0] as string);
    const bm25 = result.tasks.title.methods.bm25;
    expect(bm25['ndcg@10'].mean).toBeTypeOf('number');
    expect(bm25['ndcg@10'].ci).toHaveLength(2);
    expect(result.tasks.title.methods.model['recall@50']).toBeDefined();
    expect(result.tasks.skills.methods.model.mrr).toBeDefined();
  });

  it('eval:rome prints top-1/top-5 and a JSON line; a bad directory gives a JSON error line', async () => {
    const { data, emptyRome } = syntheticDir();
    const c = capture();
    expect(
      await evalRomeMain(['--data', data, '--rome', emptyRome, '--resamples', '50'], c.io),
    ).toBe(0);
    const summary = JSON.parse(c.out.at(-1) as string);
    expect(summary.top5).toBeGreaterThanOrEqual(summary.top1);
    const bad = capture();
    expect(await evalRomeMain(['--data', join(data, 'missing')], bad.io)).toBe(1);
    expect(JSON.parse(bad.out.at(-1) as string)).toMatchObject({ ok: false });
  });
});
