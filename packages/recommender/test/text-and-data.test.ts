import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchOf, tokenIds } from '../src/text/features.js';
import { sharedData } from './helpers.js';
import {
  foldText,
  fromCuratedOffer,
  fromFranceTravail,
  loadFranceTravailDir,
  parseSalaryLibelle,
  skillKey,
  stemFr,
  stripGenderMarkers,
  tokenize,
  Vocabulary,
  ngrams,
} from '../src/index.js';

describe('French normalisation', () => {
  it('folds accents and ligatures', () => {
    expect(foldText('Développeur')).toBe('developpeur');
    expect(tokenize('développeur')).toEqual(tokenize('developpeur'));
    expect(tokenize('Œnologue à Besançon')).toEqual(['oenologu', 'besancon']);
  });

  it('stems plural and feminine forms to one stem', () => {
    expect(tokenize('ingénieurs')).toEqual(tokenize('ingénieur'));
    expect(tokenize('ingénieure')).toEqual(tokenize('ingénieur'));
    expect(stemFr('conductrice')).toBe(stemFr('conducteur'));
    expect(stemFr('vendeuses')).toBe(stemFr('vendeur'));
    expect(tokenize('infirmière')).toEqual(tokenize('infirmier'));
    expect(stemFr(foldText('technicienne'))).toBe(stemFr('technicien'));
    expect(stemFr('administrative')).toBe(stemFr('administratif'));
    expect(stemFr('journaux')).toBe('journal');
  });

  it('keeps distinct professions apart', () => {
    expect(stemFr('boulanger')).not.toBe(stemFr('boulangerie'));
    expect(stemFr('comptable')).not.toBe(stemFr('compte'));
  });

  it('drops stop words, one-letter tokens and (H/F) markers', () => {
    expect(tokenize('Agent de propreté (H/F)')).toEqual(['agent', 'propret']);
    expect(stripGenderMarkers('Chauffeur F/H')).not.toMatch(/F\/H/);
    expect(tokenize("L'agent et la secrétaire")).toEqual(['agent', 'secretair']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(null)).toEqual([]);
  });

  it('gives one key to a skill whatever its accents, case and inflection', () => {
    expect(skillKey('Utilisation de matériels de nettoyage')).toBe(
      skillKey('utilisation du materiel de nettoyage'),
    );
  });
});

describe('France Travail adapter', () => {
  it('parses salaries into annual euros, re-reading mislabelled periods', () => {
    expect(parseSalaryLibelle('Mensuel de 1833.0 Euros à 2250.0 Euros sur 12.0 mois')).toEqual([
      21996, 27000,
    ]);
    expect(parseSalaryLibelle('Annuel de 35000.00 Euros à 50000.00 Euros sur 12 mois')).toEqual([
      35000, 50000,
    ]);
    expect(parseSalaryLibelle('Horaire de 12,00 Euros sur 12 mois')).toEqual([19284, 19284]);
    expect(parseSalaryLibelle('Mensuel de 40000.0 Euros à 45000.0 Euros sur 12.0 mois')).toEqual([
      40000, 45000,
    ]);
    expect(parseSalaryLibelle('Mensuel de 1710,00 Euros sur 13 mois')).toEqual([22230, 22230]);
    expect(parseSalaryLibelle('Selon profil')).toBeNull();
    expect(parseSalaryLibelle(null)).toBeNull();
  });

  it('maps contract, seniority, skills and location, and never throws on junk', () => {
    const view = fromFranceTravail({
      id: 'X1',
      intitule: 'Aide-soignant (H/F)',
      typeContrat: 'MIS',
      experienceExige: 'E',
      experienceLibelle: '3 An(s)',
      lieuTravail: { libelle: '2A - Ajaccio', latitude: '41.9', longitude: 8.7 },
      competences: [
        { code: '1', libelle: 'Réaliser des soins', exigence: 'E' },
        { code: '2' },
        'junk',
      ],
      salaire: [{ libelle: 'Mensuel de 2000 Euros' }],
      romeCode: 'j1501',
    });
    expect(view).toMatchObject({
      id: 'X1',
      contractType: 'INTERIM',
      seniority: 'CONFIRME',
      departementCode: '2A',
      latitude: 41.9,
      longitude: 8.7,
      romeCode: 'J1501',
      salaryAnnualMinEur: 24000,
    });
    expect(view?.skills).toEqual([{ id: '1', label: 'Réaliser des soins', required: true }]);
    expect(
      fromFranceTravail({
        id: 5,
        lieuTravail: 'nowhere',
        competences: {},
        dateCreation: 'not a date',
      }),
    ).toMatchObject({
      id: '5',
      title: '',
      createdAt: null,
      latitude: null,
      skills: [],
    });
    expect(fromFranceTravail(null)).toBeNull();
    expect(fromFranceTravail({ intitule: 'no id' })).toBeNull();
  });

  it('loads JSONL and envelopes recursively, dedupes by id keeping the latest update, skips foreign records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reco-load-'));
    mkdirSync(join(dir, 'nested'));
    const offer = (id: string, updated: string, title: string) => ({
      id,
      intitule: title,
      dateActualisation: updated,
      romeCode: 'K1302',
    });
    writeFileSync(
      join(dir, 'a.jsonl'),
      [
        JSON.stringify(offer('A', '2025-01-01', 'old')),
        'not json',
        JSON.stringify({ id: '9', title: 'adzuna', created: 'x' }),
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'nested', 'b.json'),
      JSON.stringify({
        resultats: [offer('A', '2025-02-01', 'new'), offer('B', '2025-01-01', 'b')],
      }),
    );
    writeFileSync(join(dir, 'nested', 'c.json'), JSON.stringify({ resultats: null }));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { offers, report } = loadFranceTravailDir(dir);
    expect(offers.map((o) => [o.id, o.title])).toEqual([
      ['A', 'new'],
      ['B', 'b'],
    ]);
    expect(report).toMatchObject({ files: 3, offers: 2, duplicates: 1 });
    expect(report.skipped).toBeGreaterThanOrEqual(2);
  });
});

describe('curated offer adapter', () => {
  it('produces the same view as the France Travail adapter for the same offer', () => {
    const ft = fromFranceTravail({
      id: 'C1',
      intitule: 'Plombier chauffagiste (H/F)',
      description: 'Installation et dépannage',
      dateCreation: '2025-08-21T10:00:00.000Z',
      lieuTravail: {
        libelle: '01 - Bourg',
        latitude: 46.2,
        longitude: 5.22,
        commune: '01053',
        codePostal: '01000',
      },
      romeCode: 'F1603',
      romeLibelle: 'Plombier',
      typeContrat: 'CDI',
      experienceExige: 'D',
      competences: [{ code: '7', libelle: 'Poser des sanitaires', exigence: 'E' }],
      salaire: { libelle: 'Annuel de 30000 Euros à 36000 Euros' },
    });
    const curated = fromCuratedOffer({
      id: 'C1',
      title: 'Plombier chauffagiste (H/F)',
      description: 'Installation et dépannage',
      createdAt: '2025-08-21T10:00:00.000Z',
      location: { latitude: 46.2, longitude: 5.22, communeCode: '01053', departementCode: '01' },
      rome: { code: 'F1603', label: 'Plombier', domainCode: 'F16', predicted: false },
      contract: { type: 'CDI' },
      seniority: 'DEBUTANT',
      salary: { annualMinEur: 30000, annualMaxEur: 36000 },
      remote: null,
      hardSkills: [{ id: '7', label: 'Poser des sanitaires', required: true }],
      softSkills: [],
      company: { name: 'ACME' },
      unknownField: { anything: true },
    });
    expect(curated).toEqual({ ...ft, appellation: null });
  });

  it('tolerates missing and malformed curated fields', () => {
    const view = fromCuratedOffer({
      id: 'Z',
      contract: { type: 'WHATEVER' },
      seniority: 'GURU',
      location: { latitude: 999, longitude: 2 },
      hardSkills: [{ label: '' }],
    });
    expect(view).toMatchObject({
      id: 'Z',
      title: '',
      contractType: null,
      seniority: null,
      latitude: null,
      skills: [],
    });
  });
});

describe('featurisation', () => {
  it('reads the same token ids in one pass as tokenize does, on every real text', () => {
    const { offers } = sharedData();
    const docs = offers.flatMap((o) => [o.title, o.description, ...o.skills.map((s) => s.label)]);
    docs.push(
      'Œnologue (H/F) — Développeur·se F/H/X, İstanbul, ß, ﬁnance, e\u0301lectricien, 7,5 t',
    );
    const vocab = Vocabulary.build(docs.map((d) => ngrams(d)));
    const scratch = scratchOf(vocab);
    for (const text of docs) {
      expect(tokenIds(scratch, vocab, text)).toEqual(
        tokenize(text).map((t) => vocab.index.get(t) ?? 0),
      );
    }
  });
});
