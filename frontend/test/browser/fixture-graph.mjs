/**
 * A stand-in for the platform, for the browser journeys and `npm run bench:web` while the real
 * offers, skills and recommendations subgraphs are not in the supergraph yet: one HTTP server that
 * serves the built app (frontend/dist) at / like the gateway does (WEB_ROOT, SPA fallback), and
 * answers /graphql from the schema the app was generated against (src/gql/schema.graphql) over the
 * REAL recorded sample (../shared/data: France Travail + Adzuna payloads), mapped the way the
 * curated offer contract describes. Users, tokens (access + single-use refresh), saved offers and
 * applications live in memory. Search, facets and statistics are computed here with plain code:
 * the point is to drive the UI with real data and the planned shapes, not to re-implement the
 * offers subgraph; when `JOBMARKET_WEB_URL` is set the journeys run against the real platform.
 *
 *   node frontend/test/browser/fixture-graph.mjs [--port 4100]
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql } from 'graphql';

const here = fileURLToPath(new URL('.', import.meta.url));
const frontend = resolve(here, '../..');
const root = resolve(frontend, '..');
const dataDir = process.env.JOBMARKET_SAMPLE_DIR ?? resolve(root, '../shared/data');

// --- the sample, mapped to the curated shape ---------------------------------------------------
const DEPARTEMENTS = {
  '01': ['Ain', '84'],
  '02': ['Aisne', '32'],
  '03': ['Allier', '84'],
  '04': ['Alpes-de-Haute-Provence', '93'],
  '05': ['Hautes-Alpes', '93'],
  '06': ['Alpes-Maritimes', '93'],
  '07': ['Ardèche', '84'],
  '08': ['Ardennes', '44'],
  '09': ['Ariège', '76'],
  10: ['Aube', '44'],
  11: ['Aude', '76'],
  12: ['Aveyron', '76'],
  13: ['Bouches-du-Rhône', '93'],
  14: ['Calvados', '28'],
  15: ['Cantal', '84'],
  16: ['Charente', '75'],
  17: ['Charente-Maritime', '75'],
  18: ['Cher', '24'],
  19: ['Corrèze', '75'],
  21: ["Côte-d'Or", '27'],
  22: ["Côtes-d'Armor", '53'],
  23: ['Creuse', '75'],
  24: ['Dordogne', '75'],
  25: ['Doubs', '27'],
  26: ['Drôme', '84'],
  27: ['Eure', '28'],
  28: ['Eure-et-Loir', '24'],
  29: ['Finistère', '53'],
  '2A': ['Corse-du-Sud', '94'],
  '2B': ['Haute-Corse', '94'],
  30: ['Gard', '76'],
  31: ['Haute-Garonne', '76'],
  32: ['Gers', '76'],
  33: ['Gironde', '75'],
  34: ['Hérault', '76'],
  35: ['Ille-et-Vilaine', '53'],
  36: ['Indre', '24'],
  37: ['Indre-et-Loire', '24'],
  38: ['Isère', '84'],
  39: ['Jura', '27'],
  40: ['Landes', '75'],
  41: ['Loir-et-Cher', '24'],
  42: ['Loire', '84'],
  43: ['Haute-Loire', '84'],
  44: ['Loire-Atlantique', '52'],
  45: ['Loiret', '24'],
  46: ['Lot', '76'],
  47: ['Lot-et-Garonne', '75'],
  48: ['Lozère', '76'],
  49: ['Maine-et-Loire', '52'],
  50: ['Manche', '28'],
  51: ['Marne', '44'],
  52: ['Haute-Marne', '44'],
  53: ['Mayenne', '52'],
  54: ['Meurthe-et-Moselle', '44'],
  55: ['Meuse', '44'],
  56: ['Morbihan', '53'],
  57: ['Moselle', '44'],
  58: ['Nièvre', '27'],
  59: ['Nord', '32'],
  60: ['Oise', '32'],
  61: ['Orne', '28'],
  62: ['Pas-de-Calais', '32'],
  63: ['Puy-de-Dôme', '84'],
  64: ['Pyrénées-Atlantiques', '75'],
  65: ['Hautes-Pyrénées', '76'],
  66: ['Pyrénées-Orientales', '76'],
  67: ['Bas-Rhin', '44'],
  68: ['Haut-Rhin', '44'],
  69: ['Rhône', '84'],
  70: ['Haute-Saône', '27'],
  71: ['Saône-et-Loire', '27'],
  72: ['Sarthe', '52'],
  73: ['Savoie', '84'],
  74: ['Haute-Savoie', '84'],
  75: ['Paris', '11'],
  76: ['Seine-Maritime', '28'],
  77: ['Seine-et-Marne', '11'],
  78: ['Yvelines', '11'],
  79: ['Deux-Sèvres', '75'],
  80: ['Somme', '32'],
  81: ['Tarn', '76'],
  82: ['Tarn-et-Garonne', '76'],
  83: ['Var', '93'],
  84: ['Vaucluse', '93'],
  85: ['Vendée', '52'],
  86: ['Vienne', '75'],
  87: ['Haute-Vienne', '75'],
  88: ['Vosges', '44'],
  89: ['Yonne', '27'],
  90: ['Territoire de Belfort', '27'],
  91: ['Essonne', '11'],
  92: ['Hauts-de-Seine', '11'],
  93: ['Seine-Saint-Denis', '11'],
  94: ['Val-de-Marne', '11'],
  95: ["Val-d'Oise", '11'],
  971: ['Guadeloupe', '01'],
  972: ['Martinique', '02'],
  973: ['Guyane', '03'],
  974: ['La Réunion', '04'],
  976: ['Mayotte', '06'],
};
const REGIONS = {
  11: 'Île-de-France',
  24: 'Centre-Val de Loire',
  27: 'Bourgogne-Franche-Comté',
  28: 'Normandie',
  32: 'Hauts-de-France',
  44: 'Grand Est',
  52: 'Pays de la Loire',
  53: 'Bretagne',
  75: 'Nouvelle-Aquitaine',
  76: 'Occitanie',
  84: 'Auvergne-Rhône-Alpes',
  93: "Provence-Alpes-Côte d'Azur",
  94: 'Corse',
  '01': 'Guadeloupe',
  '02': 'Martinique',
  '03': 'Guyane',
  '04': 'La Réunion',
  '06': 'Mayotte',
};
const norm = (text) =>
  String(text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const words = (text) =>
  norm(text)
    .split(/[^a-z0-9+#]+/)
    .filter((word) => word.length > 1);
const stem = (word) => word.replace(/(euses|euse|eurs|eur|ices|ice|es|s)$/, '');
const depByName = new Map(Object.entries(DEPARTEMENTS).map(([code, [name]]) => [norm(name), code]));
const skillId = (label) => `s${createHash('sha1').update(norm(label)).digest('hex').slice(0, 10)}`;

function readLines(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

const romeLabels = new Map();
const romeCsv = join(dataDir, 'rome/rome_v4_60_officiel/unix_referentiel_code_rome_v460_utf8.csv');
if (existsSync(romeCsv)) {
  for (const line of readFileSync(romeCsv, 'utf8').split('\n').slice(1)) {
    const match = /^"([A-N]\d{4})","[^"]*","[^"]*","([^"]*)"/.exec(line);
    if (match) romeLabels.set(match[1], match[2]);
  }
}
const DOMAINS = {
  A: 'Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux',
  B: 'Arts et façonnage d’ouvrages d’art',
  C: 'Banque, assurance, immobilier',
  D: 'Commerce, vente et grande distribution',
  E: 'Communication, média et multimédia',
  F: 'Construction, bâtiment et travaux publics',
  G: 'Hôtellerie-restauration, tourisme, loisirs et animation',
  H: 'Industrie',
  I: 'Installation et maintenance',
  J: 'Santé',
  K: 'Services à la personne et à la collectivité',
  L: 'Spectacle',
  M: 'Support à l’entreprise',
  N: 'Transport et logistique',
};

function seniorityOf(raw) {
  if (raw.experienceExige === 'D') return 'DEBUTANT';
  const months = /(\d+)\s*(an|mois)/i.exec(raw.experienceLibelle ?? '');
  if (!months) return null;
  const total = Number(months[1]) * (/an/i.test(months[2]) ? 12 : 1);
  return total < 24 ? 'JUNIOR' : total < 60 ? 'CONFIRME' : 'SENIOR';
}
function salaryOf(label) {
  const match = /(Mensuel|Annuel|Horaire) de ([\d.]+)(?: Euros)?(?: à ([\d.]+))?/i.exec(
    label ?? '',
  );
  if (!match)
    return {
      min: null,
      max: null,
      period: null,
      annualMinEur: null,
      annualMaxEur: null,
      label: label ?? null,
      parsed: false,
    };
  const factor = /mensuel/i.test(match[1]) ? 12 : /horaire/i.test(match[1]) ? 1607 : 1;
  const min = Number(match[2]);
  const max = match[3] ? Number(match[3]) : min;
  const period = /mensuel/i.test(match[1])
    ? 'MONTHLY'
    : /horaire/i.test(match[1])
      ? 'HOURLY'
      : 'ANNUAL';
  return {
    min,
    max,
    period,
    annualMinEur: min * factor,
    annualMaxEur: max * factor,
    label,
    parsed: true,
  };
}
const CONTRACTS = {
  CDI: 'CDI',
  CDD: 'CDD',
  MIS: 'INTERIM',
  SAI: 'SAISONNIER',
  LIB: 'FREELANCE',
  FRA: 'FREELANCE',
};

const softByRome = new Map();
const offers = [];
for (const raw of readLines(join(dataDir, 'francetravail/offers.jsonl'))) {
  const dep = /^(\d{2,3}|2[AB])\s*-/.exec(raw.lieuTravail?.libelle ?? '')?.[1] ?? null;
  const [depName, region] = (dep && DEPARTEMENTS[dep]) || [null, null];
  const rome = raw.romeCode ?? null;
  const hard = (raw.competences ?? []).map((c) => ({
    id: skillId(c.libelle),
    name: c.libelle,
    kind: 'HARD',
    description: null,
    required: c.exigence === 'E',
  }));
  const soft = (raw.qualitesProfessionnelles ?? []).map((q) => ({
    id: skillId(q.libelle),
    name: q.libelle,
    kind: 'SOFT',
    description: q.description ?? null,
    required: false,
  }));
  if (rome) {
    const bucket = softByRome.get(rome) ?? new Map();
    for (const item of soft) bucket.set(item.id, item);
    softByRome.set(rome, bucket);
  }
  offers.push({
    id: `francetravail:${raw.id}`,
    title: raw.intitule,
    description: raw.description ?? null,
    company: raw.entreprise?.nom ?? null,
    url:
      raw.origineOffre?.urlOrigine ??
      `https://candidat.francetravail.fr/offres/recherche/detail/${raw.id}`,
    sources: [
      { source: 'FRANCETRAVAIL', sourceId: raw.id, url: raw.origineOffre?.urlOrigine ?? null },
    ],
    createdAt: raw.dateCreation,
    updatedAt: raw.dateActualisation ?? null,
    location: {
      label: raw.lieuTravail?.libelle ?? null,
      city: (raw.lieuTravail?.libelle ?? '').replace(/^[\dAB]{2,3}\s*-\s*/, '') || null,
      postalCode: raw.lieuTravail?.codePostal ?? null,
      communeCode: raw.lieuTravail?.commune ?? null,
      departementCode: dep,
      departementName: depName,
      regionCode: region,
      regionName: region ? REGIONS[region] : null,
      latitude: raw.lieuTravail?.latitude ?? null,
      longitude: raw.lieuTravail?.longitude ?? null,
    },
    contract: {
      type: CONTRACTS[raw.typeContrat] ?? (raw.alternance ? 'ALTERNANCE' : 'AUTRE'),
      label: raw.typeContratLibelle ?? null,
      durationMonths: null,
      workingTime: /partiel/i.test(raw.dureeTravailLibelleConverti ?? '')
        ? 'PART_TIME'
        : 'FULL_TIME',
    },
    rome: {
      code: rome,
      label: rome ? (romeLabels.get(rome) ?? raw.romeLibelle ?? null) : null,
      domainCode: rome?.slice(0, 3) ?? null,
      domainLabel: rome ? DOMAINS[rome[0]] : null,
      predicted: false,
    },
    seniority: seniorityOf(raw),
    experienceMonths: null,
    salary: salaryOf(raw.salaire?.libelle),
    remote: /t[ée]l[ée]travail/i.test(raw.description ?? '') ? 'PARTIAL' : 'NONE',
    sector: raw.secteurActiviteLibelle ?? null,
    qualification: raw.qualificationLibelle ?? null,
    skillItems: [...hard, ...soft],
  });
}
for (const raw of readLines(join(dataDir, 'adzuna/jobs.jsonl'))) {
  const area = raw.location?.area ?? [];
  const dep = depByName.get(norm(area[2] ?? '')) ?? null;
  const [depName, region] = (dep && DEPARTEMENTS[dep]) || [null, null];
  const annualMin = typeof raw.salary_min === 'number' ? raw.salary_min : null;
  const annualMax = typeof raw.salary_max === 'number' ? raw.salary_max : null;
  offers.push({
    id: `adzuna:${raw.id}`,
    title: String(raw.title ?? '').replace(/<[^>]+>/g, ''),
    description: String(raw.description ?? '').replace(/<[^>]+>/g, ''),
    company: raw.company?.display_name ?? null,
    url: raw.redirect_url ?? null,
    sources: [{ source: 'ADZUNA', sourceId: String(raw.id), url: raw.redirect_url ?? null }],
    createdAt: raw.created,
    updatedAt: null,
    location: {
      label: raw.location?.display_name ?? null,
      city: area[3] ?? area[2] ?? null,
      postalCode: null,
      communeCode: null,
      departementCode: dep,
      departementName: depName,
      regionCode: region,
      regionName: region ? REGIONS[region] : (area[1] ?? null),
      latitude: raw.latitude ?? null,
      longitude: raw.longitude ?? null,
    },
    contract: {
      type:
        raw.contract_type === 'permanent'
          ? 'CDI'
          : raw.contract_type === 'contract'
            ? 'CDD'
            : 'AUTRE',
      label: null,
      durationMonths: null,
      workingTime:
        raw.contract_time === 'part_time'
          ? 'PART_TIME'
          : raw.contract_time === 'full_time'
            ? 'FULL_TIME'
            : null,
    },
    rome: { code: null, label: null, domainCode: null, domainLabel: null, predicted: false },
    seniority: /senior/i.test(raw.title ?? '')
      ? 'SENIOR'
      : /junior/i.test(raw.title ?? '')
        ? 'JUNIOR'
        : null,
    experienceMonths: null,
    salary: {
      min: annualMin,
      max: annualMax,
      period: annualMin ? 'ANNUAL' : null,
      annualMinEur: annualMin,
      annualMaxEur: annualMax,
      label: null,
      parsed: annualMin !== null,
    },
    remote: /t[ée]l[ée]travail|remote/i.test(raw.description ?? '') ? 'PARTIAL' : 'NONE',
    sector: raw.category?.label && raw.category.label !== 'Unknown' ? raw.category.label : null,
    qualification: null,
    skillItems: [],
  });
}
// Communes known from the offers' own positions (like the offers subgraph's communes table).
const communes = new Map();
for (const offer of offers) {
  const l = offer.location;
  if (!l.city || l.latitude === null) continue;
  const code =
    l.communeCode ??
    `${l.departementCode ?? '00'}${String(communes.size).padStart(3, '0')}`.slice(0, 5);
  const key = norm(l.city);
  if (!communes.has(key)) {
    communes.set(key, {
      communeCode: /^\d{5}$|^2[AB]\d{3}$/.test(code)
        ? code
        : `99${String(communes.size).padStart(3, '0')}`,
      city: l.city,
      postalCode: l.postalCode,
      departementCode: l.departementCode,
      latitude: l.latitude,
      longitude: l.longitude,
    });
  }
}
const communeByCode = new Map([...communes.values()].map((c) => [c.communeCode, c]));
for (const offer of offers)
  offer.index = new Set([...words(offer.title), ...words(offer.company)].map(stem));
for (const offer of offers) offer.body = new Set(words(offer.description).map(stem));
const latest = Math.max(...offers.map((offer) => Date.parse(offer.createdAt) || 0));

// --- search -------------------------------------------------------------------------------
function km(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
function center(near) {
  if (!near) return null;
  if (typeof near.latitude === 'number' && typeof near.longitude === 'number') return near;
  const commune = near.communeCode ? communeByCode.get(near.communeCode) : null;
  return commune ?? null;
}
const DIMENSIONS = {
  contractTypes: (o, f) => !f.contractTypes?.length || f.contractTypes.includes(o.contract.type),
  domains: (o, f) => !f.domainCodes?.length || f.domainCodes.includes(o.rome.domainCode),
  romeCodes: (o, f) => !f.romeCodes?.length || f.romeCodes.includes(o.rome.code),
  seniorities: (o, f) => !f.seniorities?.length || f.seniorities.includes(o.seniority),
  regions: (o, f) => !f.regionCodes?.length || f.regionCodes.includes(o.location.regionCode),
  departements: (o, f) =>
    !f.departementCodes?.length || f.departementCodes.includes(o.location.departementCode),
  cities: (o, f) => !f.cities?.length || f.cities.some((c) => norm(c) === norm(o.location.city)),
  skills: (o, f) => {
    const ids = new Set(o.skillItems.map((s) => s.id));
    if (f.skillsAll?.length && !f.skillsAll.every((id) => ids.has(id))) return false;
    if (f.skillsAny?.length && !f.skillsAny.some((id) => ids.has(id))) return false;
    return true;
  },
  remote: (o, f) => !f.remote?.length || f.remote.includes(o.remote),
  sources: (o, f) => !f.sources?.length || o.sources.some((s) => f.sources.includes(s.source)),
  publishedWithin: (o, f) =>
    !f.publishedWithinDays ||
    latest - Date.parse(o.createdAt) <= f.publishedWithinDays * 86_400_000,
  other: (o, f) => {
    if (f.company && !norm(o.company).includes(norm(f.company))) return false;
    if (f.minSalary && !((o.salary.annualMaxEur ?? o.salary.annualMinEur ?? -1) >= f.minSalary))
      return false;
    if (f.near) {
      const c = center(f.near);
      if (!c || o.location.latitude === null) return false;
      if (km(c, o.location) > f.near.radiusKm) return false;
    }
    return true;
  },
};
function score(offer, terms) {
  let total = 0;
  for (const term of terms) {
    if (offer.index.has(term)) total += 3;
    else if (offer.body.has(term)) total += 1;
    else return 0;
  }
  return total;
}
function matching(query, filter, except = null) {
  const terms = words(query).map(stem);
  const out = [];
  for (const offer of offers) {
    const s = terms.length ? score(offer, terms) : 1;
    if (!s) continue;
    let ok = true;
    for (const [name, test] of Object.entries(DIMENSIONS)) {
      if (name !== except && !test(offer, filter ?? {})) {
        ok = false;
        break;
      }
    }
    if (ok) out.push({ offer, score: s });
  }
  return out;
}
function countBy(list, valueOf, labelOf = () => null) {
  const counts = new Map();
  for (const item of list) {
    for (const value of [valueOf(item)].flat()) {
      if (value === null || value === undefined || value === '') continue;
      const entry = counts.get(value) ?? {
        value: String(value),
        label: labelOf(item, value),
        count: 0,
      };
      entry.count += 1;
      counts.set(value, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
function facetsOf(query, filter, size) {
  const of = (dim) => matching(query, filter, dim).map((m) => m.offer);
  const f = filter ?? {};
  const chosen = {
    contractTypes: f.contractTypes,
    domains: f.domainCodes,
    romeCodes: f.romeCodes,
    seniorities: f.seniorities,
    regions: f.regionCodes,
    departements: f.departementCodes,
    cities: f.cities,
    skills: [...(f.skillsAll ?? []), ...(f.skillsAny ?? [])],
    remote: f.remote,
    sources: f.sources,
    publishedWithinDays: f.publishedWithinDays ? [String(f.publishedWithinDays)] : [],
  };
  const facets = {
    contractTypes: countBy(of('contractTypes'), (o) => o.contract.type),
    domains: countBy(
      of('domains'),
      (o) => o.rome.domainCode,
      (o) => o.rome.domainLabel,
    ),
    romeCodes: countBy(
      of('romeCodes'),
      (o) => o.rome.code,
      (o) => o.rome.label,
    ),
    seniorities: countBy(of('seniorities'), (o) => o.seniority),
    regions: countBy(
      of('regions'),
      (o) => o.location.regionCode,
      (o) => o.location.regionName,
    ),
    departements: countBy(
      of('departements'),
      (o) => o.location.departementCode,
      (o) => o.location.departementName,
    ),
    cities: countBy(of('cities'), (o) => o.location.city),
    skills: countBy(
      of('skills'),
      (o) => o.skillItems.map((s) => s.id),
      (o, id) => o.skillItems.find((s) => s.id === id)?.name ?? null,
    ),
    remote: countBy(of('remote'), (o) => o.remote),
    sources: countBy(of('sources'), (o) => o.sources.map((s) => s.source)),
    publishedWithinDays: [1, 3, 7, 14, 31].map((days) => ({
      value: String(days),
      label: null,
      count: of('publishedWithin').filter(
        (o) => latest - Date.parse(o.createdAt) <= days * 86_400_000,
      ).length,
    })),
  };
  return Object.fromEntries(
    Object.entries(facets).map(([name, values]) => [
      name,
      values
        .slice(0, name === 'publishedWithinDays' ? 5 : size)
        .map((v) => ({ ...v, selected: (chosen[name] ?? []).includes(v.value) })),
    ]),
  );
}
const skillOffers = new Map();
for (const offer of offers)
  for (const s of offer.skillItems) skillOffers.set(s.id, (skillOffers.get(s.id) ?? 0) + 1);
function skillView(s) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    description: s.description,
    offers: skillOffers.get(s.id) ?? 0,
    relatedRomeCodes: () => [],
  };
}
function present(offer, filter) {
  const c = center(filter?.near);
  return {
    ...offer,
    distanceKm: c && offer.location.latitude !== null ? km(c, offer.location) : null,
    curatedAt: offer.createdAt,
    hardSkills: offer.skillItems
      .filter((s) => s.kind === 'HARD')
      .map((s) => ({ id: s.id, label: s.name, required: s.required })),
    softSkills: offer.skillItems
      .filter((s) => s.kind === 'SOFT')
      .map((s) => ({ id: s.id, label: s.name, description: s.description })),
    skills: ({ kind }) =>
      offer.skillItems
        .filter((s) => !kind || s.kind === kind)
        .map((s) => ({ kind: s.kind, required: s.required, skill: skillView(s) })),
    savedByMe: false,
    myApplication: null,
    similarOffers: ({ first }) =>
      offers
        .filter(
          (o) =>
            o.id !== offer.id &&
            ((offer.rome.code && o.rome.code === offer.rome.code) ||
              [...offer.index].some((w) => w.length > 4 && o.index.has(w))),
        )
        .slice(0, first ?? 6)
        .map((o) => present(o, null)),
  };
}
const badInput = (message) =>
  Object.assign(new Error(message), { extensions: { code: 'BAD_USER_INPUT' } });

function searchOffers({ query, filter, sort, first, after }) {
  const size = first ?? 20;
  if (size < 1 || size > 100) throw badInput('`first` must be between 1 and 100.');
  let offset = 0;
  if (after) {
    offset = Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^o:/, ''));
    if (!Number.isInteger(offset) || offset < 0) throw badInput('`after` is not a valid cursor.');
  }
  const list = matching(query, filter);
  const c = center(filter?.near);
  const salary = (o) => o.salary.annualMaxEur ?? o.salary.annualMinEur ?? -1;
  list.sort((a, b) => {
    if (sort === 'DATE')
      return (
        Date.parse(b.offer.createdAt) - Date.parse(a.offer.createdAt) ||
        a.offer.id.localeCompare(b.offer.id)
      );
    if (sort === 'SALARY')
      return salary(b.offer) - salary(a.offer) || a.offer.id.localeCompare(b.offer.id);
    if (sort === 'DISTANCE' && c)
      return (
        km(c, a.offer.location) - km(c, b.offer.location) || a.offer.id.localeCompare(b.offer.id)
      );
    return (
      b.score - a.score ||
      Date.parse(b.offer.createdAt) - Date.parse(a.offer.createdAt) ||
      a.offer.id.localeCompare(b.offer.id)
    );
  });
  const page = list.slice(offset, offset + size);
  const cursor = (index) => Buffer.from(`o:${index}`).toString('base64url');
  const nodes = page.map((m) => present(m.offer, filter));
  return {
    totalCount: list.length,
    edges: nodes.map((node, index) => ({
      cursor: cursor(offset + index + 1),
      node,
      score: page[index].score,
      distanceKm: node.distanceKm,
    })),
    nodes,
    pageInfo: {
      hasNextPage: offset + size < list.length,
      endCursor: page.length ? cursor(offset + page.length) : null,
    },
    facets: ({ size: facetSize }) => facetsOf(query, filter, facetSize ?? 10),
    center: c ? { latitude: c.latitude, longitude: c.longitude } : null,
  };
}
function quartiles(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (p) => {
    const i = (sorted.length - 1) * p;
    const lo = Math.floor(i);
    return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
  };
  return {
    min: sorted[0],
    q1: at(0.25),
    median: at(0.5),
    q3: at(0.75),
    max: sorted[sorted.length - 1],
  };
}
function marketStatistics({ filter, query }) {
  const list = matching(query, filter).map((m) => m.offer);
  const buckets = (items) =>
    items.map((c) => ({
      key: c.value,
      label: c.label,
      offers: c.count,
      share: list.length ? c.count / list.length : 0,
    }));
  const domains = countBy(
    list,
    (o) => o.rome.domainCode,
    (o) => o.rome.domainLabel,
  );
  return {
    totalOffers: list.length,
    offersWithoutDomain: list.filter((o) => !o.rome.domainCode).length,
    topDomains: ({ first }) => buckets(domains.slice(0, first ?? 10)),
    seniorities: buckets(countBy(list, (o) => o.seniority ?? 'UNKNOWN')),
    contractTypes: buckets(countBy(list, (o) => o.contract.type)),
    remoteModes: buckets(countBy(list, (o) => o.remote)),
    topCities: ({ first }) =>
      buckets(countBy(list, (o) => o.location.city).slice(0, first ?? 20)).map((b) => ({
        ...b,
        communeCode: null,
        departementCode: null,
      })),
    topDepartements: ({ first }) =>
      buckets(
        countBy(
          list,
          (o) => o.location.departementCode,
          (o) => o.location.departementName,
        ).slice(0, first ?? 20),
      ),
    topRegions: ({ first }) =>
      buckets(
        countBy(
          list,
          (o) => o.location.regionCode,
          (o) => o.location.regionName,
        ).slice(0, first ?? 20),
      ),
    salaryQuartiles: ({ first, minOffers }) =>
      domains
        .map((d) => {
          const values = list
            .filter((o) => o.rome.domainCode === d.value && o.salary.annualMinEur)
            .map(
              (o) => (o.salary.annualMinEur + (o.salary.annualMaxEur ?? o.salary.annualMinEur)) / 2,
            );
          return values.length > 0 && values.length >= (minOffers ?? 1)
            ? {
                keys: [{ dimension: 'DOMAIN', value: d.value, label: d.label }],
                offers: values.length,
                ...quartiles(values),
              }
            : null;
        })
        .filter(Boolean)
        .slice(0, first ?? 20),
  };
}
function topSkills({ kind, filter, first }) {
  const list = matching(null, filter).map((m) => m.offer);
  const counts = countBy(
    list,
    (o) => o.skillItems.filter((s) => !kind || s.kind === kind).map((s) => s.id),
    (o, id) => o.skillItems.find((s) => s.id === id),
  );
  return counts.slice(0, first ?? 20).map((c) => ({
    offers: c.count,
    requiredOffers: list.filter((o) => o.skillItems.some((s) => s.id === c.value && s.required))
      .length,
    share: list.length ? c.count / list.length : 0,
    skill: skillView(c.label),
  }));
}

// --- users --------------------------------------------------------------------------------
const users = new Map();
const accessTokens = new Map();
const refreshTokens = new Map();
const PASSWORD_RULES = [
  ['MIN_LENGTH', 'at least 10 characters', (p) => [...p].length >= 10],
  ['MAX_LENGTH', 'at most 128 characters', (p) => [...p].length <= 128],
  ['LOWERCASE', 'a lowercase letter', (p) => /\p{Ll}/u.test(p)],
  ['UPPERCASE', 'an uppercase letter', (p) => /\p{Lu}/u.test(p)],
  ['DIGIT', 'a digit', (p) => /\p{Nd}/u.test(p)],
  ['SYMBOL', 'a symbol or punctuation mark (e.g. ! ? - _ #)', (p) => /[^\p{L}\p{N}\s]/u.test(p)],
];
const unauthenticated = (message = 'Sign in first.') =>
  Object.assign(new Error(message), { extensions: { code: 'UNAUTHENTICATED' } });
function issue(user) {
  const accessToken = randomUUID();
  const refreshToken = randomUUID();
  const now = Date.now();
  accessTokens.set(accessToken, { userId: user.id, expires: now + 15 * 60_000 });
  refreshTokens.set(refreshToken, user.id);
  return {
    accessToken,
    accessTokenExpiresAt: new Date(now + 15 * 60_000).toISOString(),
    refreshToken,
    refreshTokenExpiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    user: userView(user),
  };
}
function emptyProfile() {
  return {
    displayName: null,
    desiredRomeCodes: [],
    desiredJobTitles: [],
    skills: [],
    location: null,
    radiusKm: null,
    contractTypes: [],
    seniority: null,
    minSalary: null,
    remoteModes: [],
    updatedAt: new Date().toISOString(),
  };
}
function applyProfile(profile, input) {
  for (const [key, value] of Object.entries(input ?? {}))
    if (value !== undefined) profile[key] = value ?? (Array.isArray(profile[key]) ? [] : null);
  profile.updatedAt = new Date().toISOString();
  return profile;
}
function offerRef(id, user) {
  const offer = offers.find((o) => o.id === id);
  if (!offer) return null;
  const view = present(offer, null);
  view.savedByMe = user ? user.saved.has(id) : false;
  view.myApplication = user
    ? ([...user.applications.values()].find((a) => a.offerId === id) ?? null)
    : null;
  return view;
}
function recommend(profile, first, user) {
  const wanted = new Set(profile.skills?.map((s) => norm(s.name)) ?? []);
  const titles = (profile.desiredJobTitles ?? []).flatMap((t) => words(t).map(stem));
  const romes = new Set(profile.desiredRomeCodes ?? []);
  const scored = [];
  for (const offer of offers) {
    if (
      user &&
      (user.hidden.has(offer.id) ||
        [...user.applications.values()].some((a) => a.offerId === offer.id))
    )
      continue;
    const hard = offer.skillItems.filter((s) => s.kind === 'HARD');
    const matched = hard.filter((s) =>
      [...wanted].some((w) => norm(s.name).includes(w) || w.includes(norm(s.name))),
    );
    const rome = offer.rome.code && romes.has(offer.rome.code);
    const titleHits = titles.filter((t) => offer.index.has(t)).length;
    const distance =
      profile.location && offer.location.latitude !== null
        ? km(profile.location, offer.location)
        : null;
    if (!rome && !titleHits && !matched.length) continue;
    if (distance !== null && profile.radiusKm && distance > profile.radiusKm * 2) continue;
    const value =
      0.35 * (rome ? 1 : 0) +
      0.25 * Math.min(1, titleHits / Math.max(1, titles.length)) +
      0.3 * (hard.length ? matched.length / hard.length : 0) +
      0.1 * (distance === null ? 0.5 : Math.max(0, 1 - distance / 200));
    const reasons = [];
    if (rome)
      reasons.push({
        kind: 'ROME',
        label: `Métier recherché : ${offer.rome.label}`,
        positive: true,
      });
    if (distance !== null)
      reasons.push({
        kind: 'DISTANCE',
        label: `${Math.round(distance)} km de ${profile.location.label}`,
        positive: !profile.radiusKm || distance <= profile.radiusKm,
      });
    if (profile.contractTypes?.length)
      reasons.push({
        kind: 'CONTRACT',
        label: `Contrat ${offer.contract.type}`,
        positive: profile.contractTypes.includes(offer.contract.type),
      });
    if (profile.seniority && offer.seniority)
      reasons.push({
        kind: 'SENIORITY',
        label: `Séniorité ${offer.seniority}`,
        positive: profile.seniority === offer.seniority,
      });
    scored.push({
      offer,
      score: Math.min(1, value),
      matchedSkills: matched.map((s) => s.name),
      missingSkills: hard
        .filter((s) => !matched.includes(s))
        .slice(0, 5)
        .map((s) => s.name),
      distanceKm: distance,
      reasons,
    });
  }
  scored.sort((a, b) => b.score - a.score || a.offer.id.localeCompare(b.offer.id));
  return scored.slice(0, first ?? 20).map((r) => ({ ...r, offer: offerRef(r.offer.id, user) }));
}
function userView(user) {
  return {
    id: user.id,
    email: user.email,
    createdAt: user.createdAt,
    profile: user.profile,
    savedOffers: () => {
      const nodes = [...user.saved.entries()]
        .reverse()
        .map(([offerId, savedAt]) => ({ offerId, savedAt, offer: offerRef(offerId, user) }));
      return { nodes, totalCount: nodes.length, hasNextPage: false, endCursor: null };
    },
    applications: () => {
      const nodes = [...user.applications.values()]
        .reverse()
        .map((a) => ({ ...a, offer: offerRef(a.offerId, user) }));
      return { nodes, totalCount: nodes.length, hasNextPage: false, endCursor: null };
    },
    recommendations: ({ first }) => recommend(user.profile, first, user),
  };
}

const schema = buildSchema(readFileSync(join(frontend, 'src/gql/schema.graphql'), 'utf8'));
function rootFor(user) {
  const me = () => {
    if (!user) throw unauthenticated();
    return user;
  };
  return {
    offer: ({ id }) => offerRef(id, user),
    searchOffers: (args) => {
      const result = searchOffers(args);
      if (user) for (const edge of result.edges) edge.node.savedByMe = user.saved.has(edge.node.id);
      return result;
    },
    marketStatistics: marketStatistics,
    topSkills,
    softSkillsByRome: ({ romeCode }) => {
      if (!/^[A-N]\d{4}$/.test(romeCode)) throw badInput('`romeCode` is not a valid ROME code.');
      const withRome = offers.filter((o) => o.rome.code === romeCode);
      return [...(softByRome.get(romeCode)?.values() ?? [])]
        .map((s) => ({
          id: s.id,
          name: s.name,
          description: s.description,
          skill: skillView(s),
          offers: withRome.filter((o) => o.skillItems.some((x) => x.id === s.id)).length,
        }))
        .sort((a, b) => b.offers - a.offers || a.name.localeCompare(b.name))
        .map((s, index) => ({
          ...s,
          share: withRome.length ? s.offers / withRome.length : 0,
          rank: index + 1,
        }));
    },
    romeCodes: ({ search, first }) => {
      const q = norm(search);
      return [...romeLabels.entries()]
        .filter(([code, label]) => norm(code).startsWith(q) || norm(label).includes(q))
        .sort(
          ([a], [b]) =>
            (softByRome.has(b) ? 1 : 0) - (softByRome.has(a) ? 1 : 0) || a.localeCompare(b),
        )
        .slice(0, first ?? 10)
        .map(([code, label]) => ({
          code,
          label,
          domainCode: code.slice(0, 3),
          domainLabel: DOMAINS[code[0]],
          offers: offers.filter((o) => o.rome.code === code).length,
          matchedAppellation: null,
        }));
    },
    skills: ({ search, kind, first }) => {
      const q = norm(search);
      const seen = new Map();
      for (const o of offers)
        for (const s of o.skillItems)
          if ((!kind || s.kind === kind) && norm(s.name).includes(q)) seen.set(s.id, skillView(s));
      return [...seen.values()].slice(0, first ?? 10);
    },
    locations: ({ search, first }) => {
      const q = norm(search);
      return [...communes.values()]
        .filter((c) => norm(c.city).startsWith(q))
        .slice(0, first ?? 10)
        .map((c) => ({
          kind: 'COMMUNE',
          code: c.communeCode,
          label: c.city,
          departementCode: c.departementCode,
          regionCode: c.departementCode ? (DEPARTEMENTS[c.departementCode]?.[1] ?? null) : null,
          latitude: c.latitude,
          longitude: c.longitude,
          offers: offers.filter((o) => norm(o.location.city) === norm(c.city)).length,
        }));
    },
    recommendationsForProfile: ({ profile, first }) => recommend(profile, first, null),
    modelInfo: () => null,
    platformHealth: () => ({
      gateway: {
        name: 'fixture',
        status: 'ok',
        url: null,
        latencyMs: 0,
        message: 'fixture graph (frontend/test/browser/fixture-graph.mjs)',
      },
      subgraphs: [],
      consumers: [],
      lastRuns: [],
    }),
    me: () => userView(me()),
    passwordPolicy: () => ({
      minLength: 10,
      maxLength: 128,
      rules: [
        ...PASSWORD_RULES.map(([id, description]) => ({ id, description })),
        { id: 'NOT_EMAIL', description: 'not containing your email address' },
      ],
    }),
    register: ({ input }) => {
      const email = String(input.email).trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email))
        throw badInput('The email address is not valid.');
      if (users.has(email))
        throw badInput('An account with this email address already exists; sign in instead.');
      const broken = PASSWORD_RULES.filter(([, , ok]) => !ok(input.password));
      if (broken.length)
        throw badInput(`The password needs ${broken.map(([, d]) => d).join(', ')}.`);
      const created = {
        id: randomUUID(),
        email,
        password: input.password,
        createdAt: new Date().toISOString(),
        profile: applyProfile(emptyProfile(), input.profile),
        saved: new Map(),
        applications: new Map(),
        hidden: new Set(),
      };
      users.set(email, created);
      return issue(created);
    },
    login: ({ email, password }) => {
      const found = users.get(String(email).trim().toLowerCase());
      if (!found || found.password !== password)
        throw unauthenticated('Wrong email address or password.');
      return issue(found);
    },
    refresh: ({ refreshToken }) => {
      const userId = refreshTokens.get(refreshToken);
      if (!userId) throw unauthenticated('The refresh token is invalid or expired. Sign in again.');
      refreshTokens.delete(refreshToken);
      return issue([...users.values()].find((u) => u.id === userId));
    },
    logout: ({ refreshToken }) => refreshTokens.delete(refreshToken),
    logoutEverywhere: () => 0,
    updateProfile: ({ input }) => applyProfile(me().profile, input),
    saveOffer: ({ offerId }) => {
      const u = me();
      if (!u.saved.has(offerId)) u.saved.set(offerId, new Date().toISOString());
      return { offerId, savedAt: u.saved.get(offerId), offer: offerRef(offerId, u) };
    },
    unsaveOffer: ({ offerId }) => me().saved.delete(offerId),
    createApplication: ({ input }) => {
      const u = me();
      if ([...u.applications.values()].some((a) => a.offerId === input.offerId))
        throw badInput('You already have an application for this offer; update it instead.');
      const now = new Date().toISOString();
      const application = {
        id: randomUUID(),
        offerId: input.offerId,
        status: input.status ?? 'TO_APPLY',
        notes: input.notes ?? '',
        createdAt: now,
        updatedAt: now,
      };
      u.applications.set(application.id, application);
      return { ...application, offer: offerRef(input.offerId, u) };
    },
    updateApplication: ({ id, input }) => {
      const application = me().applications.get(id);
      if (!application)
        throw Object.assign(new Error('Not found.'), { extensions: { code: 'NOT_FOUND' } });
      Object.assign(
        application,
        Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)),
        { updatedAt: new Date().toISOString() },
      );
      return application;
    },
    deleteApplication: ({ id }) => me().applications.delete(id),
    recommendationFeedback: ({ offerId, feedback }) => {
      if (feedback === 'HIDE') me().hidden.add(offerId);
      else me();
      return true;
    },
  };
}

// --- HTTP ---------------------------------------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.json': 'application/json',
};

export function startFixtureGraph({
  port = 0,
  host = '127.0.0.1',
  webRoot = join(frontend, 'dist'),
  latencyMs = 0,
  failing = [],
} = {}) {
  const failingFields = new Set(failing);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/graphql' && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const { query, variables, operationName } = JSON.parse(body || '{}');
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        let user = null;
        if (token) {
          const entry = accessTokens.get(token);
          if (!entry || entry.expires < Date.now()) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                errors: [
                  {
                    message: 'The access token is invalid or expired.',
                    extensions: { code: 'UNAUTHENTICATED' },
                  },
                ],
              }),
            );
            return;
          }
          user = [...users.values()].find((u) => u.id === entry.userId) ?? null;
        }
        if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
        const rootValue = rootFor(user);
        for (const field of failingFields) {
          rootValue[field] = () => {
            throw Object.assign(new Error(`The ${field} service is unavailable.`), {
              extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: field },
            });
          };
        }
        const result = await graphql({
          schema,
          source: query,
          rootValue,
          variableValues: variables,
          operationName,
        });
        const errors = result.errors?.map((error) => ({
          message: error.message,
          path: error.path,
          extensions: {
            code:
              error.originalError?.extensions?.code ??
              (error.originalError ? 'INTERNAL_SERVER_ERROR' : 'GRAPHQL_VALIDATION_FAILED'),
            ...(error.originalError?.extensions ?? {}),
          },
        }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errors ? { ...result, errors } : result));
        return;
      }
      if (url.pathname === '/healthz')
        return json(res, 200, { status: 'ok', service: 'fixture-graph' });
      if (url.pathname === '/readyz') {
        return json(res, 200, {
          status: 'ready',
          service: 'fixture-graph',
          checks: { 'subgraph fixture': { ok: true, detail: { url: `http://${host}` } } },
        });
      }
      if (url.pathname === '/playground') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<!doctype html><title>Playground</title><h1>GraphQL playground (served by the gateway)</h1>',
        );
        return;
      }
      const base = resolve(webRoot);
      const file = normalize(join(base, decodeURIComponent(url.pathname)));
      if (file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': url.pathname.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        });
        createReadStream(file).pipe(res);
        return;
      }
      if (!extname(url.pathname) && existsSync(join(base, 'index.html'))) {
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
        createReadStream(join(base, 'index.html')).pipe(res);
        return;
      }
      json(res, 404, { error: 'not found' });
    } catch (error) {
      json(res, 500, {
        errors: [
          {
            message: String(error?.message ?? error),
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
    }
  });
  return new Promise((resolveStart) => {
    server.listen(port, host, () => {
      const address = server.address();
      resolveStart({
        url: `http://${host}:${address.port}`,
        offers: offers.length,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 4100);
  const started = await startFixtureGraph({ port });
  console.log(JSON.stringify({ fixtureGraph: started.url, offers: started.offers }));
}
