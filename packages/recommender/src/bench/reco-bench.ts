#!/usr/bin/env node
/**
 * `npm run bench:reco:model -- [--data DIR] [--offers 100000] [--profiles 200] [--threads N] [--model DIR]`
 *
 * Trains a model on the real sample (or loads `--model DIR` with model.onnx + metadata.json), loads
 * it with onnxruntime-node, builds an index of N offers (the real offers resampled with new ids and
 * jittered locations), and measures: training time and peak memory, ONNX size, re-embedding
 * throughput (offers/s, one ONNX call per batch of 512), and top-20 latency per profile (p50/p99).
 * Ends with one JSON summary line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { CandidateProfile, OfferView } from '../data/types.js';
import { loadModel } from '../onnx/artifact.js';
import type { ModelMetadata } from '../onnx/metadata.js';
import { train } from '../model/train.js';
import { Rng } from '../random.js';
import {
  isEntryPoint,
  loadData,
  parseArgs,
  progressLogger,
  runCli,
  type CliIo,
} from '../cli/common.js';

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function recoBenchMain(argv: string[], io?: CliIo): Promise<number> {
  return runCli(async ({ out, err }) => {
    const args = parseArgs(argv);
    const count = Number(args.rest.offers ?? 100_000);
    const profiles = Number(args.rest.profiles ?? 200);
    const threads = args.rest.threads ? Number(args.rest.threads) : undefined;
    const data = loadData(args, err);
    let onnxBytes: Uint8Array;
    let metadata: ModelMetadata;
    let trainingSeconds: number | null = null;
    let trainingPeakRssMb: number | null = null;
    if (args.rest.model) {
      onnxBytes = new Uint8Array(readFileSync(join(args.rest.model, 'model.onnx')));
      metadata = JSON.parse(
        readFileSync(join(args.rest.model, 'metadata.json'), 'utf8'),
      ) as ModelMetadata;
    } else {
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const started = performance.now();
      const result = await train(data.offers, {
        seed: args.seed,
        referential: data.referential,
        onProgress: progressLogger(err),
      });
      trainingSeconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
      trainingPeakRssMb = peak / 2 ** 20;
      onnxBytes = result.onnxBytes;
      metadata = result.metadata;
      await result.model.close();
    }
    const model = await loadModel(onnxBytes, metadata, {
      backend: 'onnx',
      ...(threads ? { intraOpThreads: threads } : {}),
    });
    const rng = new Rng(args.seed);
    const base = data.offers.length > 0 ? data.offers : metadata.probe.offers;
    if (base.length === 0 || (existsSync(args.data ?? '') && base.length === 0))
      throw new Error('no offers to resample');
    const views: OfferView[] = Array.from({ length: count }, (_, i) => {
      const o = base[i % base.length] as OfferView;
      const jitter = () => (rng.next() - 0.5) * 4;
      return {
        ...o,
        id: `bench-${i}`,
        latitude: o.latitude !== null ? o.latitude + jitter() : 43 + rng.next() * 7,
        longitude: o.longitude !== null ? o.longitude + jitter() : -1 + rng.next() * 7,
      };
    });
    err(`embedding ${count} offers…`);
    const embedStart = performance.now();
    const embedCpu = process.cpuUsage();
    const embeddings = await model.embedOffers(views);
    const embedSeconds = (performance.now() - embedStart) / 1000;
    const embedCpuUsage = process.cpuUsage(embedCpu);
    const embedCpuSeconds = (embedCpuUsage.user + embedCpuUsage.system) / 1e6;
    await model.indexOffers(views, embeddings);
    err(`embedded in ${embedSeconds.toFixed(1)} s (${Math.round(count / embedSeconds)} offers/s)`);
    const sources = base.filter((o) => o.latitude !== null);
    const queries: CandidateProfile[] = Array.from({ length: profiles }, (_, i) => {
      const o = sources[i % sources.length] as OfferView;
      const loc = {
        latitude: o.latitude as number,
        longitude: o.longitude as number,
        radiusKm: 30,
      };
      switch (i % 4) {
        case 0:
          return { desiredTitles: [o.appellation ?? o.title], location: loc };
        case 1:
          return {
            skills: o.skills.map((s) => ({ label: s.label, level: 2 as const })),
            desiredTitles: [o.title],
            location: loc,
            contractTypes: ['CDI'],
          };
        case 2:
          return {
            desiredRomeCodes: o.romeCode ? [o.romeCode] : [],
            location: loc,
            minAnnualSalaryEur: 25000,
            seniority: 'JUNIOR',
          };
        default:
          return {
            desiredTitles: [o.title],
            skills: o.skills.slice(0, 2).map((s) => ({ label: s.label })),
          };
      }
    });
    for (const q of queries.slice(0, 5)) await model.scoreProfile(q, { first: 20 });
    const latencies: number[] = [];
    const requestCpu = process.cpuUsage();
    for (const q of queries) {
      const t = performance.now();
      const recs = await model.scoreProfile(q, { first: 20 });
      latencies.push(performance.now() - t);
      if (recs.length !== Math.min(20, count))
        throw new Error(`expected 20 recommendations, got ${recs.length}`);
    }
    const requestCpuUsage = process.cpuUsage(requestCpu);
    latencies.sort((a, b) => a - b);
    await model.close();
    const summary = {
      bench: 'reco',
      offers: count,
      profiles,
      onnxBytes: onnxBytes.length,
      onnxMb: Number((onnxBytes.length / 2 ** 20).toFixed(2)),
      metadataMb: Number((JSON.stringify(metadata).length / 2 ** 20).toFixed(2)),
      trainingSeconds: trainingSeconds === null ? null : Number(trainingSeconds.toFixed(1)),
      trainingPeakRssMb: trainingPeakRssMb === null ? null : Math.round(trainingPeakRssMb),
      embedSeconds: Number(embedSeconds.toFixed(2)),
      embedOffersPerSecond: Math.round(count / embedSeconds),
      top20LatencyMs: {
        p50: Number(percentile(latencies, 0.5).toFixed(1)),
        p99: Number(percentile(latencies, 0.99).toFixed(1)),
        max: Number((latencies.at(-1) as number).toFixed(1)),
      },
      /** CPU time (all threads) per request and for the embedding: what a quiet machine would need. */
      cpuMsPerRequest: Number(
        ((requestCpuUsage.user + requestCpuUsage.system) / 1000 / queries.length).toFixed(1),
      ),
      embedCpuSeconds: Number(embedCpuSeconds.toFixed(1)),
      embedOffersPerCpuSecond: Math.round(count / embedCpuSeconds),
      /** 1-minute load average at the end: this machine's 2 cores are shared. */
      loadAverage: Number((loadavg()[0] as number).toFixed(1)),
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
    out(
      `ONNX ${summary.onnxMb} MiB; training ${summary.trainingSeconds ?? 'n/a'} s (peak RSS ${summary.trainingPeakRssMb ?? 'n/a'} MiB); ` +
        `embedding ${count} offers ${summary.embedSeconds} s = ${summary.embedOffersPerSecond} offers/s; ` +
        `top-20 over ${count} offers p50 ${summary.top20LatencyMs.p50} ms, p99 ${summary.top20LatencyMs.p99} ms`,
    );
    out(JSON.stringify(summary));
  }, io);
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await recoBenchMain(process.argv.slice(2));
}
