import { describe, expect, it } from 'vitest';
import {
  EMPTY_SEARCH,
  activeFilterCount,
  pageCount,
  parseSearchQuery,
  searchText,
  toOfferFilter,
  toSearchQuery,
  toSearchVariables,
  toggleValue,
  updateSearch,
  type SearchState,
} from '../../src/lib/searchState';

const full: SearchState = {
  ...EMPTY_SEARCH,
  q: 'développeur java',
  titleWords: 'senior',
  company: 'Acme',
  cities: ['Lyon', 'Saint-Étienne'],
  departements: ['69', '2A'],
  regions: ['84'],
  near: { commune: '69123', radiusKm: 30, label: 'Lyon' },
  contracts: ['CDI', 'CDD'],
  domains: ['M18'],
  romes: ['M1805'],
  seniorities: ['CONFIRME'],
  skills: ['s1', 's2'],
  allSkills: true,
  minSalary: 40000,
  remote: ['PARTIAL'],
  publishedWithinDays: 7,
  sources: ['ADZUNA'],
  sort: 'DISTANCE',
  page: 3,
  pageSize: 50,
  after: 'b2Zmc2V0OjQw',
  view: 'cards',
};

describe('search state ↔ URL', () => {
  it('round-trips every field through the URL query', () => {
    expect(parseSearchQuery(toSearchQuery(full))).toEqual(full);
  });

  it('writes only what differs from the defaults, in French', () => {
    expect(toSearchQuery(EMPTY_SEARCH)).toEqual({});
    expect(
      toSearchQuery({ ...EMPTY_SEARCH, q: 'infirmier', contracts: ['CDI', 'CDD'], sort: 'DATE' }),
    ).toEqual({
      q: 'infirmier',
      contrat: 'CDI,CDD',
      tri: 'date',
    });
    const query = toSearchQuery(full);
    expect(query).toMatchObject({
      autour: '69123',
      rayon: '30',
      autour_nom: 'Lyon',
      tri: 'distance',
      page: '3',
      apres: 'b2Zmc2V0OjQw',
      par_page: '50',
      vue: 'cartes',
    });
  });

  it('drops invalid and unknown values instead of failing', () => {
    const state = parseSearchQuery({
      contrat: 'CDI,NOPE,cdd',
      departement: ['69', 'xx', '2a'],
      rome: 'M1805,123',
      domaine: 'Z99,M18',
      seniorite: 'SENIOR,GURU',
      salaire_min: '-5',
      publie_depuis: '99999',
      par_page: '33',
      tri: 'random',
      autour: 'paris',
      rayon: '20',
      q: 'x'.repeat(500),
    });
    expect(state.contracts).toEqual(['CDI', 'CDD']);
    expect(state.departements).toEqual(['69', '2A']);
    expect(state.romes).toEqual(['M1805']);
    expect(state.domains).toEqual(['M18']);
    expect(state.seniorities).toEqual(['SENIOR']);
    expect(state.minSalary).toBeNull();
    expect(state.publishedWithinDays).toBeNull();
    expect(state.pageSize).toBe(20);
    expect(state.sort).toBe('RELEVANCE');
    expect(state.near).toBeNull();
    expect(state.q).toHaveLength(200);
  });

  it('goes back to page 1 when a page number comes without its cursor', () => {
    expect(parseSearchQuery({ page: '4' })).toMatchObject({ page: 1, after: null });
    expect(parseSearchQuery({ page: '4', apres: 'abc' })).toMatchObject({ page: 4, after: 'abc' });
    expect(parseSearchQuery({ page: '1', apres: 'abc' })).toMatchObject({ page: 1, after: null });
  });

  it('accepts repeated parameters as well as comma-separated lists, without duplicates', () => {
    expect(parseSearchQuery({ contrat: ['CDI', 'CDD,CDI'] }).contracts).toEqual(['CDI', 'CDD']);
  });

  it('resets paging when a filter changes, not when paging or the view does', () => {
    const paged = { ...EMPTY_SEARCH, page: 2, after: 'c' };
    expect(updateSearch(paged, { contracts: ['CDI'] })).toMatchObject({
      page: 1,
      after: null,
      contracts: ['CDI'],
    });
    expect(updateSearch(paged, { view: 'cards' })).toMatchObject({ page: 2, after: 'c' });
    expect(updateSearch(paged, { page: 3, after: 'd' })).toMatchObject({ page: 3, after: 'd' });
  });

  it('falls back to relevance when sorting by distance without a place', () => {
    expect(
      updateSearch(
        {
          ...EMPTY_SEARCH,
          sort: 'DISTANCE',
          near: { commune: '69123', radiusKm: 10, label: 'Lyon' },
        },
        { near: null },
      ).sort,
    ).toBe('RELEVANCE');
  });

  it('builds the OfferFilter and variables the graph takes', () => {
    expect(toOfferFilter(EMPTY_SEARCH)).toEqual({});
    expect(toOfferFilter(full)).toEqual({
      cities: ['Lyon', 'Saint-Étienne'],
      departementCodes: ['69', '2A'],
      regionCodes: ['84'],
      near: { communeCode: '69123', radiusKm: 30 },
      contractTypes: ['CDI', 'CDD'],
      domainCodes: ['M18'],
      romeCodes: ['M1805'],
      seniorities: ['CONFIRME'],
      skillsAll: ['s1', 's2'],
      minSalary: 40000,
      remote: ['PARTIAL'],
      publishedWithinDays: 7,
      sources: ['ADZUNA'],
      company: 'Acme',
    });
    expect(toOfferFilter({ ...full, allSkills: false })).toMatchObject({ skillsAny: ['s1', 's2'] });
    expect(toSearchVariables(full)).toMatchObject({
      query: 'développeur java senior',
      first: 50,
      after: 'b2Zmc2V0OjQw',
      sort: 'DISTANCE',
    });
    expect(toSearchVariables(EMPTY_SEARCH)).toMatchObject({ query: null, after: null });
    expect(searchText({ ...EMPTY_SEARCH, q: '  ' })).toBeNull();
  });

  it('counts pages and active filters, toggles values', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(72, 10)).toBe(8);
    expect(pageCount(160, 20)).toBe(8);
    expect(activeFilterCount(EMPTY_SEARCH)).toBe(0);
    expect(activeFilterCount(full)).toBe(19);
    expect(toggleValue(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggleValue(['a'], 'b')).toEqual(['a', 'b']);
  });
});
