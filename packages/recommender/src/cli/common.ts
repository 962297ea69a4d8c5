import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadFranceTravailDir, resolveSharedDataDir, type LoadReport } from '../data/load.js';
import { loadRomeReferential, type RomeReferential } from '../data/rome.js';
import type { OfferView } from '../data/types.js';
import type { TrainingProgress } from '../model/train.js';

export interface CliArgs {
  data: string | null;
  rome: string | null;
  json: boolean;
  seed: number;
  resamples: number;
  out: string | null;
  help: boolean;
  rest: Record<string, string>;
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    data: null,
    rome: null,
    json: false,
    seed: 42,
    resamples: 1000,
    out: null,
    help: false,
    rest: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--data':
        args.data = value();
        break;
      case '--rome':
        args.rome = value();
        break;
      case '--json':
        args.json = true;
        break;
      case '--seed':
        args.seed = Number.parseInt(value(), 10);
        if (!Number.isFinite(args.seed)) throw new Error('--seed expects an integer');
        break;
      case '--resamples':
        args.resamples = Number.parseInt(value(), 10);
        if (!(args.resamples > 0)) throw new Error('--resamples expects a positive integer');
        break;
      case '--out':
        args.out = value();
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        if (flag.startsWith('--')) {
          const next = argv[i + 1];
          args.rest[flag.slice(2)] =
            inline ?? (next !== undefined && !next.startsWith('--') ? (i++, next) : 'true');
        } else throw new Error(`unexpected argument ${arg}`);
    }
  }
  return args;
}

export interface LoadedData {
  dataDir: string;
  offers: OfferView[];
  report: LoadReport;
  referential: RomeReferential;
  romeDir: string | null;
}

/**
 * Offers from `--data DIR` (default: the shared data directory), and the ROME referential from
 * `--rome DIR`, else from DIR when it holds `rome/`, else from the shared data directory.
 */
export function loadData(args: CliArgs, log: (line: string) => void): LoadedData {
  const dataDir = resolveSharedDataDir(args.data);
  const { offers, report } = loadFranceTravailDir(dataDir);
  let romeDir: string | null = args.rome;
  if (!romeDir) {
    if (existsSync(join(dataDir, 'rome'))) romeDir = dataDir;
    else {
      try {
        const shared = resolveSharedDataDir(null);
        if (existsSync(join(shared, 'rome'))) romeDir = shared;
      } catch {
        romeDir = null;
      }
    }
  }
  const referential = loadRomeReferential(romeDir);
  log(
    `data ${dataDir}: ${report.files} files, ${report.offers} offers (${report.duplicates} duplicates, ${report.skipped} records skipped); ROME referential ${
      romeDir
        ? `${romeDir} (${referential.codes.size} codes, ${referential.appellations.length} titles)`
        : 'none'
    }`,
  );
  return { dataDir, offers, report, referential, romeDir };
}

export function progressLogger(log: (line: string) => void): (p: TrainingProgress) => void {
  return (p) => {
    const eta = p.etaSeconds !== undefined ? `, ETA ${Math.ceil(p.etaSeconds)} s` : '';
    log(`[${p.elapsedSeconds.toFixed(1)} s] ${p.message}${eta}`);
  };
}

export function fmt(x: number): string {
  return x.toFixed(3);
}

export interface CliIo {
  /** Results (stdout). */
  out: (line: string) => void;
  /** Progress and diagnostics (stderr). */
  err: (line: string) => void;
}

export const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** True when the module is the process entry point (not imported by a test). */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return !!entry && moduleUrl === pathToFileURL(realpathSync(entry)).href;
}

/**
 * Runs a CLI body: any error ends with a message on stderr, a one-line JSON summary
 * `{"ok":false,"error":…}` on stdout (the project's last-line convention) and exit code 1.
 */
export async function runCli(
  body: (io: CliIo) => Promise<void>,
  io: CliIo = processIo,
): Promise<number> {
  try {
    await body(io);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`error: ${message}`);
    io.out(JSON.stringify({ ok: false, error: message }));
    return 1;
  }
}
