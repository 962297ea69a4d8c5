/**
 * Benchmark of the event bus on the local broker: produce and consume N curated-offer-sized
 * events (3-5 kB of JSON each), with and without schema validation on both sides.
 *
 *   npm run bench:events -- --count 20000
 *
 * Prints progress, then one JSON line with every number. It uses its own topic prefix and deletes
 * its topics at the end.
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
    latencyP50Ms: Math.min(...runs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: Math.min(...runs.map((r) => r.latencyP99Ms)),
  };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

interface RunResult {
  produceEventsPerSec: number;
  consumeEventsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * One pass: a consumer is running while the events are produced (end-to-end latency = receive
 * time - the message's timestamp set at send); then a second group reads them all back from the
 * start, which measures consumption alone.
 */
async function run(
  bus: EventBus,
  label: string,
  offers: readonly CuratedOffer[],
  validate: boolean,
): Promise<RunResult> {
  await bus.provisionTopics();
  try {
    return await measure(bus, label, offers, validate);
  } finally {
    await bus.deleteTopics().catch(() => undefined);
    await bus.disconnect();
  }
}

async function measure(
  bus: EventBus,
  label: string,
  offers: readonly CuratedOffer[],
  validate: boolean,
): Promise<RunResult> {
  const count = offers.length;
  const tag = `${label}-${Date.now().toString(36)}`;
  const latencies: number[] = [];
  let live = 0;
  let liveDone!: () => void;
  const liveFinished = new Promise<void>((resolve) => (liveDone = resolve));
  const liveConsumer = bus.consumer({
    groupId: `bench-live-${tag}`,
    topics: [TOPIC],
    fromBeginning: false,
    validate,
    handler(event) {
      if (!event.headers['x-bench']?.startsWith(tag)) return;
      latencies.push(Date.now() - Number(event.timestamp));
      if (++live === count) liveDone();
    },
  });
  await liveConsumer.run();
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the live group settle on the end offsets

  const producer = bus.producer({ validate });
  await producer.connect();
  const started = performance.now();
  for (let offset = 0; offset < count; offset += BATCH) {
    const messages: OutgoingMessage<typeof TOPIC>[] = offers
      .slice(offset, offset + BATCH)
      .map((offer) => ({ key: offer.id, value: offer, headers: { 'x-bench': tag } }));
    await producer.send(TOPIC, messages);
  }
  const produceSeconds = (performance.now() - started) / 1000;
  await liveFinished;
  await liveConsumer.stop();
  await producer.disconnect();
  console.log(`${label}: produced ${count} in ${produceSeconds.toFixed(2)} s`);

  let replayed = 0;
  let firstAt = 0;
  let replayDone!: () => void;
  const replayFinished = new Promise<void>((resolve) => (replayDone = resolve));
  const replay = bus.consumer({
    groupId: `bench-replay-${tag}`,
    topics: [TOPIC],
    fromBeginning: true,
    validate,
    handler(event) {
      if (firstAt === 0) firstAt = performance.now();
      if (!event.headers['x-bench']?.startsWith(tag)) return;
      if (++replayed === count) replayDone();
    },
  });
  await replay.run();
  await replayFinished;
  const consumeSeconds = (performance.now() - firstAt) / 1000;
  await replay.stop();
  console.log(
    `${label}: consumed ${count} in ${consumeSeconds.toFixed(2)} s (replay from the beginning)`,
  );

  latencies.sort((a, b) => a - b);
  return {
    produceEventsPerSec: Math.round(count / produceSeconds),
    consumeEventsPerSec: Math.round(count / consumeSeconds),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
  };
}

async function main() {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' } } });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count <= 0) {
    throw new Error(`--count must be a positive integer, got ${values.count}`);
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

  await run(busFor('warm-up'), 'warm-up', offers.slice(0, Math.min(2_000, count)), true);
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
        await run(busFor(`${mode}-${pass}`), `${mode} #${pass}`, offers, mode === 'validated'),
      );
    }
  }
  const validated = best(results.validated);
  const unvalidated = best(results.unvalidated);
  const summary = {
    bench: 'events',
    count,
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
