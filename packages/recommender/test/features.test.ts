import { describe, expect, it } from 'vitest';
import {
  matchSkills,
  OfferColumns,
  pairFeatureFiller,
  prepareProfile,
  skillEntries,
  PAIR_FEATURES,
} from '../src/model/features.js';
import type { CandidateProfile, OfferView } from '../src/index.js';
import { sharedData } from './helpers.js';

describe('pair features', () => {
  it('skill features equal the full matching for every real offer (the token prefilter changes nothing)', () => {
    const offers = sharedData().offers.filter((o) => o.skills.length > 0);
    const profiles: CandidateProfile[] = [
      { skills: (offers[0] as OfferView).skills.slice(0, 2).map((s) => ({ label: s.label })) },
      {
        skills: [
          { label: 'Nettoyer des locaux' },
          { label: 'Accueillir une clientèle', level: 3 },
          { label: 'Conduite de chariot' },
        ],
      },
      {
        skills: [
          { id: (offers[3] as OfferView).skills[0]?.id ?? null, label: 'libellé différent' },
        ],
      },
    ];
    const F = PAIR_FEATURES.length;
    for (const profile of profiles) {
      const prepared = prepareProfile(profile);
      const fill = pairFeatureFiller(prepared);
      const out = new Float32Array(F);
      for (const offer of offers) {
        const entries = skillEntries(offer.skills);
        fill(offer, entries, out, 0);
        const full = matchSkills(prepared, entries);
        expect(out[3]).toBeCloseTo(full.coverage, 6);
        expect(out[4]).toBeCloseTo(full.missingRequiredFraction, 6);
      }
    }
  });

  it('reads preferences only when both sides state them', () => {
    const offer = {
      contractType: 'CDD',
      seniority: 'SENIOR',
      salaryAnnualMinEur: 20000,
      salaryAnnualMaxEur: 30000,
      remote: 'NONE',
      latitude: 48.85,
      longitude: 2.35,
    } as OfferView;
    const F = PAIR_FEATURES.length;
    const out = new Float32Array(F);
    pairFeatureFiller(prepareProfile({}))(offer, [], out, 0);
    expect(Array.from(out)).toEqual(new Array(F).fill(0));
    pairFeatureFiller(
      prepareProfile({
        location: { latitude: 45.76, longitude: 4.84, radiusKm: 100 },
        contractTypes: ['CDI'],
        seniority: 'JUNIOR',
        minAnnualSalaryEur: 40000,
        remote: 'FULL',
      }),
    )(offer, [], out, 0);
    const f = Object.fromEntries(PAIR_FEATURES.map((name, i) => [name, out[i] as number]));
    expect(f.log_distance).toBeGreaterThan(0.8);
    expect(f.outside_radius).toBeGreaterThan(0.9);
    expect(f.contract_match).toBe(-1);
    expect(f.seniority_gap).toBeCloseTo(2 / 3, 6);
    expect(f.salary_shortfall).toBeCloseTo(0.25, 6);
    expect(f.remote_mismatch).toBe(1);
  });
});

describe('offer columns', () => {
  it('compute exactly the pair features of the per-offer path, for all of the real sample', () => {
    const offers = sharedData().offers;
    const columns = new OfferColumns();
    columns.ensureCapacity(offers.length);
    const entries = offers.map((o) => skillEntries(o.skills));
    offers.forEach((o, row) =>
      columns.set(row, o, entries[row] as ReturnType<typeof skillEntries>),
    );
    const withSkills = offers.find((o) => o.skills.length > 2) as OfferView;
    const profiles: CandidateProfile[] = [
      {},
      {
        location: { latitude: 46.2, longitude: 5.22, radiusKm: 25 },
        contractTypes: ['CDI', 'INTERIM'],
        seniority: 'JUNIOR',
        minAnnualSalaryEur: 26000,
        remote: 'PARTIAL',
      },
      {
        skills: withSkills.skills.map((s, i) => ({
          label: s.label,
          level: ((i % 3) + 1) as 1 | 2 | 3,
        })),
        location: { latitude: 40.7, longitude: -74 },
      },
      {
        skills: [
          { label: 'Nettoyer des locaux' },
          { id: withSkills.skills[0]?.id ?? null, label: 'autre libellé' },
        ],
      },
    ];
    const F = PAIR_FEATURES.length;
    for (const profile of profiles) {
      const prepared = prepareProfile(profile);
      const fast = new Float32Array(offers.length * F);
      columns.fill(prepared, null, offers.length, fast);
      const slow = new Float32Array(offers.length * F);
      const fill = pairFeatureFiller(prepared);
      offers.forEach((o, row) =>
        fill(o, entries[row] as ReturnType<typeof skillEntries>, slow, row * F),
      );
      expect(Array.from(fast)).toEqual(Array.from(slow));
      const rows = Int32Array.from([5, 3, 100]);
      const some = new Float32Array(rows.length * F);
      columns.fill(prepared, rows, rows.length, some);
      expect(Array.from(some.subarray(F, 2 * F))).toEqual(Array.from(slow.subarray(3 * F, 4 * F)));
    }
  });
});
