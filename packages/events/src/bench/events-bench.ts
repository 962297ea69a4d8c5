/**
 * Benchmark of the event bus on the local broker: produce and consume N curated-offer-sized
 * events (3-5 kB of JSON each), with and without schema validation on both sides.
 *
 *   npm run bench:events -- --count 20000 --rate 1000
 *
 * Each mode runs twice (alternating, best kept): produce N flat out with a live consumer (produce
 * throughput, burst latency), replay them in a new group (consume throughput), then send 5 s worth
 * at --rate events/s (paced latency). Latency is receive time minus the timestamp set at send.
 * Prints progress, then one JSON line with every number. Each pass uses its own topic prefix and
 * deletes its topics at the end.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { commonEnv, loadConfigOrExit } from '@jobmarket/config';
import { createLogger } from '@jobmarket/telemetry';
import { createEventBus, type EventBus } from '../kafka/bus.js';
import type { OutgoingMessage } from '../kafka/producer.js';
import { exampleCuratedOffer } from '../examples.js';
import type { CuratedOffer } from '../schemas/index.js';
import { validateEvent } from '../validation.js';

const TOPIC = 'jobmarket.offers.curated.v1';
const BATCH = 500;

const DESCRIPTION = `Rejoignez une entreprise de taille intermédiaire reconnue dans le secteur de la logistique et du transport, implantée en Bretagne depuis plus de trente ans et comptant aujourd'hui près de 450 collaborateurs répartis sur six sites.

Au sein de la direction des systèmes d'information, vous intégrez une équipe de huit développeurs et vous participez à la conception, au développement et à la maintenance des applications métier utilisées chaque jour par nos équipes d'exploitation : suivi des expéditions, planification des tournées, facturation et portail client.

Vos missions principales :
- analyser les besoins exprimés par les utilisateurs et rédiger les spécifications techniques ;
- développer de nouvelles fonctionnalités en TypeScript (Node.js, Vue.js) et en Java ;
- concevoir et faire évoluer les API REST et GraphQL qui relient nos applications à celles de nos partenaires ;
- écrire les tests automatisés et participer aux revues de code ;
- contribuer à l'amélioration continue de la chaîne d'intégration et de déploiement (conteneurs, Kubernetes) ;
- assurer le support de niveau 3 et l'analyse des incidents en production, en lien avec l'équipe d'exploitation.

Profil recherché :
De formation Bac+3 à Bac+5 en informatique, vous justifiez d'une première expérience réussie de deux ans minimum en développement d'applications web. Vous maîtrisez JavaScript/TypeScript et les bases de données relationnelles (PostgreSQL). Une connaissance des architectures orientées événements (Kafka) serait un atout apprécié. Rigoureux, curieux et doté d'un bon relationnel, vous aimez travailler en équipe et comprendre le métier de vos utilisateurs.

Ce que nous offrons :
- un contrat à durée indéterminée, statut cadre, forfait jours ;
- une rémunération annuelle brute comprise entre 38 000 et 45 000 euros selon expérience, treizième mois et prime d'intéressement ;
- deux jours de télétravail par semaine après la période d'essai ;
- une mutuelle prise en charge à 70 %, des titres-restaurant et un comité social et économique actif ;
- un plan de formation individualisé et de réelles perspectives d'évolution.

Le poste est basé à Rennes (35), à proximité immédiate du métro. Les entretiens se déroulent en deux étapes : un échange avec la responsable du recrutement, puis un entretien technique avec l'équipe.`;

function curatedOffer(index: number): CuratedOffer {
  const id = `francetravail:BENCH${index.toString(36).toUpperCase().padStart(6, '0')}`;
  return {
    ...exampleCuratedOffer,
    id,
    title: 'Développeur / Développeuse full stack TypeScript (H/F)',
    description: DESCRIPTION,
    company: 'Transports et Logistique de l’Ouest',
    url: `https://candidat.francetravail.fr/offres/recherche/detail/${id.split(':')[1]}`,
    sources: [{ source: 'francetravail', sourceId: id.split(':')[1]!, url: null }],
    location: {
      label: '35 - RENNES',
      city: 'Rennes',
      postalCode: '35000',
      communeCode: '35238',
      departementCode: '35',
      departementName: 'Ille-et-Vilaine',
      regionCode: '53',
      regionName: 'Bretagne',
      latitude: 48.111339,
      longitude: -1.68002,
    },
    contract: {
      type: 'CDI',
      label: 'Contrat à durée indéterminée',
      durationMonths: null,
      workingTime: 'FULL_TIME',
    },
    rome: {
      code: 'M1805',
      label: 'Études et développement informatique',
      domainCode: 'M18',
      domainLabel: 'Systèmes d’information et de télécommunication',
      predicted: false,
    },
    seniority: 'CONFIRME',
    experienceMonths: 24,
    salary: {
      min: 38000,
      max: 45000,
      period: 'ANNUAL',
      annualMinEur: 38000,
      annualMaxEur: 45000,
      label: 'Annuel de 38000.0 Euros à 45000.0 Euros sur 13 mois',
      parsed: true,
    },
    remote: 'PARTIAL',
    hardSkills: [
      { id: 'typescript', label: 'TypeScript', required: true },
      { id: 'nodejs', label: 'Node.js', required: true },
      { id: 'vuejs', label: 'Vue.js', required: false },
      { id: 'postgresql', label: 'PostgreSQL', required: true },
      { id: 'kafka', label: 'Apache Kafka', required: false },
      { id: 'kubernetes', label: 'Kubernetes', required: false },
    ],
    softSkills: [
      {
        id: 'rigueur',
        label: 'Rigueur',
        description: 'Respecter les règles, les procédures et les délais.',
      },
      {
        id: 'travail-equipe',
        label: 'Travail en équipe',
        description: 'Partager les informations et coopérer.',
      },
      { id: 'curiosite', label: 'Curiosité', description: null },
    ],
    sector: 'Programmation informatique',
    qualification: 'Cadre',
    curatedAt: new Date().toISOString(),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function best(runs: readonly RunResult[]): RunResult {
  return {
    produceEventsPerSec: Math.max(...runs.map((r) => r.produceEventsPerSec)),
    consumeEventsPerSec: Math.max(...runs.map((r) => r.consumeEventsPerSec)),
    burstLatencyP50Ms: Math.min(...runs.map((r) => r.burstLatencyP50Ms)),
    burstLatencyP99Ms: Math.min(...runs.map((r) => r.burstLatencyP99Ms)),
    pacedLatencyP50Ms: Math.min(...runs.map((r) => r.pacedLatencyP50Ms)),
    pacedLatencyP99Ms: Math.min(...runs.map((r) => r.pacedLatencyP99Ms)),
  };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

interface RunResult {
  produceEventsPerSec: number;
  consumeEventsPerSec: number;
  /** Latency while producing flat out: mostly the time events wait behind the ones before. */
  burstLatencyP50Ms: number;
  burstLatencyP99Ms: number;
  /** Latency at a steady rate the consumer keeps up with: what a service sees normally. */
  pacedLatencyP50Ms: number;
  pacedLatencyP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `offers` while a consumer is running; latency = receive time - the timestamp set at send. */
async function live(
  bus: EventBus,
  tag: string,
  offers: readonly CuratedOffer[],
  validate: boolean,
  ratePerSecond: number | null,
): Promise<{ produceSeconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = bus.consumer({
    groupId: `bench-live-${tag}`,
    topics: [TOPIC],
    fromBeginning: false,
    validate,
    handler(event) {
      if (event.headers['x-bench'] !== tag) return;
      latencies.push(Date.now() - Number(event.timestamp));
      if (latencies.length === offers.length) done();
    },
  });
  await consumer.run();
  await sleep(1_000); // let the group settle on the end offsets before anything is sent
  const producer = bus.producer({ validate });
  await producer.connect();
  // Paced: small batches every 50 ms; flat out: batches of BATCH back to back.
  const batch = ratePerSecond === null ? BATCH : Math.max(1, Math.round(ratePerSecond / 20));
  const started = performance.now();
  for (let offset = 0; offset < offers.length; offset += batch) {
    const messages: OutgoingMessage<typeof TOPIC>[] = offers
      .slice(offset, offset + batch)
      .map((offer) => ({ key: offer.id, value: offer, headers: { 'x-bench': tag } }));
    await producer.send(TOPIC, messages);
    if (ratePerSecond !== null) {
      const due = started + ((offset + batch) / ratePerSecond) * 1000;
      await sleep(Math.max(0, due - performance.now()));
    }
  }
  const produceSeconds = (performance.now() - started) / 1000;
  await finished;
  await Promise.all([consumer.stop(), producer.disconnect()]);
  return { produceSeconds, latencies: latencies.sort((a, b) => a - b) };
}

/** A new group reads the topic from the beginning: consumption alone. */
async function replay(
  bus: EventBus,
  tag: string,
  count: number,
  validate: boolean,
): Promise<number> {
  let replayed = 0;
  let firstAt = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = bus.consumer({
    groupId: `bench-replay-${tag}`,
    topics: [TOPIC],
    fromBeginning: true,
    validate,
    handler() {
      if (firstAt === 0) firstAt = performance.now();
      if (++replayed === count) done();
    },
  });
  await consumer.run();
  await finished;
  const seconds = (performance.now() - firstAt) / 1000;
  await consumer.stop();
  return seconds;
}

/** One pass on fresh topics: burst produce with a live consumer, replay, then paced latency. */
async function measure(
  bus: EventBus,
  label: string,
  offers: readonly CuratedOffer[],
  validate: boolean,
  pacedRate: number,
): Promise<RunResult> {
  const tag = `${label}-${Date.now().toString(36)}`;
  const burst = await live(bus, `${tag}-burst`, offers, validate, null);
  console.log(`${label}: produced ${offers.length} in ${burst.produceSeconds.toFixed(2)} s`);
  const consumeSeconds = await replay(bus, tag, offers.length, validate);
  console.log(
    `${label}: consumed ${offers.length} in ${consumeSeconds.toFixed(2)} s (replay from the beginning)`,
  );
  const pacedOffers = offers.slice(0, Math.min(offers.length, pacedRate * 5));
  const paced = await live(bus, `${tag}-paced`, pacedOffers, validate, pacedRate);
  console.log(
    `${label}: ${pacedOffers.length} events at ${pacedRate}/s, p50 ${percentile(paced.latencies, 50)} ms`,
  );
  return {
    produceEventsPerSec: Math.round(offers.length / burst.produceSeconds),
    consumeEventsPerSec: Math.round(offers.length / consumeSeconds),
    burstLatencyP50Ms: percentile(burst.latencies, 50),
    burstLatencyP99Ms: percentile(burst.latencies, 99),
    pacedLatencyP50Ms: percentile(paced.latencies, 50),
    pacedLatencyP99Ms: percentile(paced.latencies, 99),
  };
}

/** A pass on its own topics (created, then deleted), so a replay reads only that pass's events. */
async function run(
  bus: EventBus,
  label: string,
  offers: readonly CuratedOffer[],
  validate: boolean,
  pacedRate: number,
): Promise<RunResult> {
  await bus.provisionTopics();
  try {
    return await measure(bus, label, offers, validate, pacedRate);
  } finally {
    await bus.deleteTopics().catch(() => undefined);
    await bus.disconnect();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '20000' },
      rate: { type: 'string', default: '1000' },
    },
  });
  const count = Number(values.count);
  const pacedRate = Number(values.rate);
  if (!Number.isInteger(count) || count <= 0) {
    throw new Error(`--count must be a positive integer, got ${values.count}`);
  }
  if (!Number.isInteger(pacedRate) || pacedRate <= 0) {
    throw new Error(
      `--rate (events/s of the paced latency pass) must be a positive integer, got ${values.rate}`,
    );
  }
  const config = loadConfigOrExit({ kafkaBrokers: commonEnv.kafkaBrokers });
  const logger = createLogger({ service: 'events-bench', level: process.env.LOG_LEVEL ?? 'warn' });
  const prefix = `bench-${Date.now().toString(36)}`;
  // Each pass gets its own topics, so a replay reads only that pass's events.
  const busFor = (label: string) =>
    createEventBus({
      brokers: config.kafkaBrokers,
      clientId: 'events-bench',
      topicPrefix: `${prefix}-${label}`,
      logger,
    });

  const offers = Array.from({ length: count }, (_, index) => curatedOffer(index));
  const bytes = offers.map((offer) => Buffer.byteLength(JSON.stringify(offer)));
  const averageBytes = Math.round(bytes.reduce((sum, size) => sum + size, 0) / count);
  console.log(
    `${count} curated offers of ${averageBytes} bytes on average; brokers ${config.kafkaBrokers.join(',')}`,
  );

  // Pure validation cost, without Kafka.
  validateEvent(TOPIC, offers[0]);
  const validationStarted = performance.now();
  for (const offer of offers) {
    if (!validateEvent(TOPIC, offer).valid) throw new Error('invalid benchmark offer');
  }
  const validationMicros = ((performance.now() - validationStarted) * 1000) / count;

  await run(busFor('warm-up'), 'warm-up', offers.slice(0, Math.min(2_000, count)), true, pacedRate);
  // Two rounds, alternating, keeping each mode's best: one pass alone is noisy on a shared machine.
  const results: Record<'validated' | 'unvalidated', RunResult[]> = {
    validated: [],
    unvalidated: [],
  };
  for (const pass of [1, 2]) {
    for (const mode of pass === 1
      ? (['validated', 'unvalidated'] as const)
      : (['unvalidated', 'validated'] as const)) {
      results[mode].push(
        await run(
          busFor(`${mode}-${pass}`),
          `${mode} #${pass}`,
          offers,
          mode === 'validated',
          pacedRate,
        ),
      );
    }
  }
  const validated = best(results.validated);
  const unvalidated = best(results.unvalidated);
  const summary = {
    bench: 'events',
    count,
    pacedRatePerSecond: pacedRate,
    averageEventBytes: averageBytes,
    brokers: config.kafkaBrokers,
    validated,
    unvalidated,
    validationCost: {
      microsPerEvent: round(validationMicros, 2),
      // Throughput without validation / with validation: 1.0 means validation is free.
      produceRatio: round(unvalidated.produceEventsPerSec / validated.produceEventsPerSec, 3),
      consumeRatio: round(unvalidated.consumeEventsPerSec / validated.consumeEventsPerSec, 3),
    },
  };
  console.log(JSON.stringify(summary));
}

await main();
