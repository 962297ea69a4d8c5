#!/usr/bin/env node
import { resolve } from 'node:path';
import { writeModelDir } from '../onnx/artifact.js';
import { train } from '../model/train.js';
import { isEntryPoint, loadData, parseArgs, progressLogger, runCli, type CliIo } from './common.js';

const USAGE = `usage: node packages/recommender/dist/cli/train.js [--data DIR] [--rome DIR] [--seed N] --out DIR

Trains on every offer of DIR (no holdout) and writes DIR_OUT/model.onnx and DIR_OUT/metadata.json.
Ends with one JSON summary line.`;

export function trainMain(argv: string[], io?: CliIo): Promise<number> {
  return runCli(async ({ out, err }) => {
    const args = parseArgs(argv);
    if (args.help || !args.out) {
      out(USAGE);
      if (!args.out && !args.help) throw new Error('--out DIR is required');
      return;
    }
    const log = err;
    const data = loadData(args, log);
    const result = await train(data.offers, {
      seed: args.seed,
      referential: data.referential,
      onProgress: progressLogger(log),
    });
    const outDir = resolve(args.out);
    const paths = writeModelDir(outDir, result);
    out(
      JSON.stringify({
        job: 'train',
        modelVersion: result.metadata.modelVersion,
        onnx: paths.onnx,
        onnxBytes: result.onnxBytes.length,
        metadata: paths.metadata,
        offers: result.metrics.offers,
        seconds: Number(result.metrics.trainingSeconds.toFixed(1)),
      }),
    );
  }, io);
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await trainMain(process.argv.slice(2));
}
