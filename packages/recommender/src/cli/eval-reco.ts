#!/usr/bin/env node
import { evaluateRecommendations, METHODS, type RecommendationEvaluation } from '../eval/run.js';
import { METRICS } from '../eval/metrics.js';
import {
  fmt,
  isEntryPoint,
  loadData,
  parseArgs,
  progressLogger,
  runCli,
  type CliIo,
} from './common.js';

const USAGE = `usage: npm run eval:reco -- [--data DIR] [--rome DIR] [--json] [--seed N] [--resamples N]

Time-split evaluation of the recommender on a directory of France Travail payloads (JSONL or
search envelopes; default: the shared recorded sample). Trains on the oldest 70 %, evaluates on the
newest 30 %. Prints one table per task (methods × NDCG@10, Recall@50, MRR with bootstrap 95 % CIs),
then one JSON summary line. With --json, prints only the full result as one JSON line.`;

function table(result: RecommendationEvaluation): string {
  const lines: string[] = [];
  for (const [task, t] of Object.entries(result.tasks)) {
    lines.push(
      '',
      `task ${task}: ${t.description} — ${t.queries} queries, ${t.candidates} candidates`,
    );
    lines.push(`  ${'method'.padEnd(12)}${METRICS.map((m) => m.padEnd(24)).join('')}`);
    for (const method of METHODS) {
      const m = t.methods[method];
      if (!m) continue;
      lines.push(
        `  ${method.padEnd(12)}${METRICS.map((k) => `${fmt(m[k].mean)} [${fmt(m[k].ci[0])}, ${fmt(m[k].ci[1])}]`.padEnd(24)).join('')}`,
      );
    }
    const d = t.modelMinusBm25;
    lines.push(
      `  ${'model−bm25'.padEnd(12)}${METRICS.map((k) => `${d[k].mean >= 0 ? '+' : ''}${fmt(d[k].mean)} [${fmt(d[k].ci[0])}, ${fmt(d[k].ci[1])}]`.padEnd(24)).join('')}`,
    );
  }
  return lines.join('\n');
}

export function evalRecoMain(argv: string[], io?: CliIo): Promise<number> {
  return runCli(async ({ out, err }) => {
    const args = parseArgs(argv);
    if (args.help) {
      out(USAGE);
      return;
    }
    const started = performance.now();
    const log = err;
    const data = loadData(args, log);
    const result = await evaluateRecommendations(data.offers, {
      seed: args.seed,
      resamples: args.resamples,
      referential: data.referential,
      onProgress: progressLogger(log),
    });
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const { perQuery: _perQuery, ...publicResult } = result;
    if (args.json) {
      out(JSON.stringify({ ...publicResult, dataDir: data.dataDir, seconds }));
      return;
    }
    out(
      `split ${result.split.rule}: train ${result.split.trainOffers} offers ${result.split.trainWindow.join(' → ')}, evaluation ${result.split.evaluationOffers} offers ${result.split.evaluationWindow.join(' → ')} (cutoff ${result.split.cutoff ?? 'n/a'})`,
    );
    out(table(result));
    const summary = {
      evaluation: 'recommendations',
      modelVersion: result.modelVersion,
      split: {
        rule: result.split.rule,
        cutoff: result.split.cutoff,
        train: result.split.trainOffers,
        evaluation: result.split.evaluationOffers,
      },
      tasks: Object.fromEntries(
        Object.entries(result.tasks).map(([task, t]) => [
          task,
          {
            queries: t.queries,
            ndcg10: Object.fromEntries(
              Object.entries(t.methods).map(([m, v]) => [m, Number(v['ndcg@10'].mean.toFixed(4))]),
            ),
          },
        ]),
      ),
      modelBeatsBm25: Object.values(result.tasks).every(
        (t) => (t.methods.model?.['ndcg@10'].mean ?? 0) > (t.methods.bm25?.['ndcg@10'].mean ?? 0),
      ),
      seconds,
    };
    out(JSON.stringify(summary));
  }, io);
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await evalRecoMain(process.argv.slice(2));
}
