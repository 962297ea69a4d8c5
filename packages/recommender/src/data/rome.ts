import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ROME referential the model learns job titles from (read from shared data, never copied). */
export interface RomeReferential {
  /** ROME code → label (ROME 4.0 v4.60). */
  codes: Map<string, string>;
  /** Appellation labels (long and short forms, deduplicated) → ROME code. */
  appellations: Array<{ label: string; code: string }>;
  /** Domain code (letter + 2 digits, e.g. "K13") → label, when the tree is available. */
  domains: Map<string, string>;
  /** Files actually read, for the metadata and the report. */
  sources: string[];
}

/** Splits one CSV line with quoted fields ("a,b" and "" escapes) on the given separator. */
export function parseCsvLine(line: string, separator = ','): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function readCsv(path: string, separator = ','): Array<Record<string, string>> {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = parseCsvLine(lines[0] ?? '', separator).map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line, separator);
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
}

const V4_DIR = 'rome/rome_v4_60_officiel';
const TREE = 'rome/rome_v3_labonneboite/arbo_rome_ogr_202107.csv';

export function emptyReferential(): RomeReferential {
  return { codes: new Map(), appellations: [], domains: new Map(), sources: [] };
}

/**
 * Loads the ROME referential from a shared data directory (`<dir>/rome/...`). Missing files give
 * an empty (or partial) referential, never an error: the model then learns from offers alone.
 */
export function loadRomeReferential(dataDir: string | null): RomeReferential {
  const ref = emptyReferential();
  if (!dataDir) return ref;
  const codesPath = join(dataDir, V4_DIR, 'unix_referentiel_code_rome_v460_utf8.csv');
  const appellationsPath = join(dataDir, V4_DIR, 'unix_referentiel_appellation_v460_utf8.csv');
  const treePath = join(dataDir, TREE);
  if (existsSync(codesPath)) {
    for (const row of readCsv(codesPath)) {
      const code = row.code_rome?.toUpperCase();
      if (code && /^[A-N]\d{4}$/.test(code) && row.libelle_rome)
        ref.codes.set(code, row.libelle_rome);
    }
    ref.sources.push(codesPath);
  }
  if (existsSync(appellationsPath)) {
    const seen = new Set<string>();
    for (const row of readCsv(appellationsPath)) {
      const code = row.code_rome?.toUpperCase();
      if (!code || !/^[A-N]\d{4}$/.test(code)) continue;
      for (const label of [row.libelle_appellation_long, row.libelle_appellation_court]) {
        if (!label) continue;
        const key = `${label}\u0000${code}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ref.appellations.push({ label, code });
      }
    }
    ref.sources.push(appellationsPath);
  }
  if (existsSync(treePath)) {
    for (const row of readCsv(treePath, ';')) {
      const letter = row.Rome1?.trim();
      const two = row.Rome2?.trim();
      const three = row.Rome3?.trim();
      if (letter && two && !three && row.Intitule) ref.domains.set(`${letter}${two}`, row.Intitule);
    }
    ref.sources.push(treePath);
  }
  return ref;
}

/** ROME domain (professional domain) of a code: letter + 2 digits ("K1302" → "K13"). */
export function romeDomain(code: string | null | undefined): string | null {
  return code && code.length >= 3 ? code.slice(0, 3) : null;
}
