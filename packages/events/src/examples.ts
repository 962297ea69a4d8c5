/**
 * One realistic, valid example per topic. They appear in the AsyncAPI document, the schema tests
 * check them, and services may use them in their own tests (copy and change what you test).
 */
import type {
  CuratedOffer,
  DeadLetter,
  Interaction,
  ModelPublished,
  OfferIngested,
  WarehouseRefreshed,
} from './schemas/index.js';

export const exampleOfferIngested: OfferIngested = {
  source: 'francetravail',
  sourceId: '183DSTK',
  payloadHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  runId: 'ingest-2025-08-21T04:00:00Z',
  fetchedAt: '2025-08-21T04:03:12.512Z',
  change: 'NEW',
};

export const exampleCuratedOffer: CuratedOffer = {
  id: 'francetravail:183DSTK',
  title: 'Agent des services logistiques (H/F)',
  description:
    "L'Agent des Services Logistiques est une fonction au cœur de nos résidences : entretien des locaux selon le protocole d'hygiène, préparation des chariots du petit déjeuner, aide aux résidents dans les actes de la vie quotidienne.",
  company: "MASSE TREVIDY RESIDENCE KERBORC'HIS",
  url: 'https://candidat.francetravail.fr/offres/recherche/detail/183DSTK',
  sources: [
    {
      source: 'francetravail',
      sourceId: '183DSTK',
      url: 'https://candidat.francetravail.fr/offres/recherche/detail/183DSTK',
    },
  ],
  createdAt: '2024-10-23T14:48:50.814Z',
  updatedAt: '2024-10-23T14:48:51.263Z',
  location: {
    label: '29 - Combrit',
    city: 'Combrit',
    postalCode: '29120',
    communeCode: '29037',
    departementCode: '29',
    departementName: 'Finistère',
    regionCode: '53',
    regionName: 'Bretagne',
    latitude: 47.888324,
    longitude: -4.157809,
  },
  contract: { type: 'CDI', label: 'CDI', durationMonths: null, workingTime: 'PART_TIME' },
  rome: {
    code: 'J1301',
    label: 'Agent / Agente de service hospitalier (ASH)',
    domainCode: 'J13',
    domainLabel: 'Personnel polyvalent des services hospitaliers',
    predicted: false,
  },
  seniority: 'DEBUTANT',
  experienceMonths: 0,
  salary: {
    min: 1569,
    max: 1569,
    period: 'MONTHLY',
    annualMinEur: 18828,
    annualMaxEur: 18828,
    label: 'Mensuel de 1569.0 Euros sur 12.0 mois',
    parsed: true,
  },
  remote: 'NONE',
  hardSkills: [
    { id: '100259', label: 'Utilisation de matériel de nettoyage', required: true },
    {
      id: '126384',
      label: "Nettoyer, désinfecter et ranger la chambre et l'installation sanitaire",
      required: true,
    },
  ],
  softSkills: [{ id: 'organisation', label: "Sens de l'organisation", description: null }],
  sector: 'Hébergement médicalisé pour personnes âgées',
  qualification: 'Employé non qualifié',
  curatedAt: '2025-08-21T04:20:00.000Z',
};

export const exampleWarehouseRefreshed: WarehouseRefreshed = {
  runId: 'transform-2025-08-21T04:15:00Z',
  startedAt: '2025-08-21T04:15:00.000Z',
  finishedAt: '2025-08-21T04:19:42.120Z',
  eventsConsumed: 1240,
  models: [
    { name: 'bronze_francetravail_offers', status: 'success', rows: 612 },
    { name: 'silver_offers', status: 'success', rows: 1180 },
    { name: 'gold_skill_demand', status: 'skipped', rows: null },
  ],
  tests: { passed: 48, failed: 0, warned: 2, skipped: 0 },
  counts: { silverOffers: 1180, activeOffers: 1102, curatedPublished: 1240, tombstones: 78 },
};

export const exampleModelPublished: ModelPublished = {
  modelName: 'offer-recommender',
  version: '7',
  runId: '3f2a9c0d1e6b4b1f9a0c2d3e4f5a6b7c',
  trainedAt: '2025-08-21T05:02:11.000Z',
  artifactUri: 'file:///var/lib/jobmarket/models/offer-recommender/7/model.onnx',
  format: 'onnx',
  metrics: { 'ndcg@10': 0.412, 'recall@20': 0.538 },
  champion: true,
};

export const exampleInteraction: Interaction = {
  interactionId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  userId: '0b9d7c1e-2f3a-4b5c-9d6e-7f8a9b0c1d2e',
  offerId: 'francetravail:183DSTK',
  kind: 'HIDE',
  occurredAt: '2025-08-21T09:12:45.301Z',
};

export const exampleDeadLetter: DeadLetter = {
  error: {
    kind: 'validation',
    message: '/payloadHash must match pattern "^[0-9a-f]{64}$"',
    attempts: 0,
  },
  source: {
    topic: 'jobmarket.offers.ingested.v1',
    partition: 2,
    offset: '1841',
    timestamp: '1755748992512',
  },
  payload:
    '{"source":"francetravail","sourceId":"183DSTK","payloadHash":"oops","runId":"ingest-2025-08-21T04:00:00Z","fetchedAt":"2025-08-21T04:03:12.512Z","change":"NEW"}',
  payloadEncoding: 'utf8',
  headers: {
    'content-type': 'application/json',
    'schema-version': '1',
    'event-type': 'jobmarket.offers.ingested.v1',
  },
  failedAt: '2025-08-21T04:16:03.004Z',
  consumerGroup: 'transform',
};
