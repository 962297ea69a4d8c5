#!/usr/bin/env node
import { evaluateRome, type RomeAccuracy } from '../eval/rome.js';
import {
  fmt,
  isEntryPoint,
  loadData,
  parseArgs,
  progressLogger,
  runCli,
  type CliIo,
} from './common.js';

const USAGE = `usage: npm run eval:rome -- [--data DIR] [--rome DIR] [--json] [--seed N] [--resamples N]

ROME classifier (title + description → ROME code) on the time split: trained on the ROME
referential titles and the oldest 70 % of the offers, tested on the newest 30 %. Prints top-1 and
top-5 accuracy with bootstrap 95 % CIs, then one JSON summary line (--json: the full result only).`;

export function evalRomeMain(argv: string[], io?: CliIo): Promise<number> {
  return runCli(async ({ out, err }) => {
    const args = parseArgs(argv);
    if (args.help) {
      out(USAGE);
      return;
    }
    const started = performance.now();
    const log = err;
    const data = loadData(args, log);
    const result = await evaluateRome(data.offers, {
      seed: args.seed,
      resamples: args.resamples,
      referential: data.referential,
      onProgress: progressLogger(log),
    });
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    if (args.json) {
      out(JSON.stringify({ ...result, dataDir: data.dataDir, seconds }));
      return;
    }
    out(
      `ROME classification on ${result.offers} evaluation offers (${result.unseenInTrainingOffers} with a code absent from the training offers)`,
    );
    out(`  ${'method'.padEnd(16)}${'top-1'.padEnd(24)}top-5`);
    const row = (name: string, a: RomeAccuracy) =>
      out(
        `  ${name.padEnd(16)}${`${fmt(a.top1.mean)} [${fmt(a.top1.ci[0])}, ${fmt(a.top1.ci[1])}]`.padEnd(24)}${fmt(a.top5.mean)} [${fmt(a.top5.ci[0])}, ${fmt(a.top5.ci[1])}]`,
      );
    row('model', result.methods.model);
    row('encoder only', result.methods.encoderOnly);
    row('title index', result.methods.titleIndexOnly);
    row('most frequent', result.methods.mostFrequent);
    out(
      JSON.stringify({
        evaluation: 'rome',
        offers: result.offers,
        top1: Number(result.methods.model.top1.mean.toFixed(4)),
        top1Ci: result.methods.model.top1.ci.map((x) => Number(x.toFixed(4))),
        top5: Number(result.methods.model.top5.mean.toFixed(4)),
        top5Ci: result.methods.model.top5.ci.map((x) => Number(x.toFixed(4))),
        seconds,
      }),
    );
  }, io);
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await evalRomeMain(process.argv.slice(2));
}
