/**
 * The ROME referentials of a replay directory (`<dir>/rome/`), landed in bronze.raw_referentials
 * with source `rome`. Which file feeds which name is the table in docs/ingest.md; keep the two in step.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReferentialRow } from '@jobmarket/warehouse';
import { csvRecords } from '../../csv.js';

export const ROME_SOURCE = 'rome';

export interface RomeFile {
  /** Referential name in bronze.raw_referentials. */
  readonly name: string;
  /** Path under `<dir>/rome/`. */
  readonly file: string;
  readonly delimiter: string;
  readonly toRows: (
    records: Record<string, string>[],
    readOther: (file: string) => Promise<Record<string, string>[]>,
  ) => Promise<ReferentialRow[]> | ReferentialRow[];
}

const row = (
  name: string,
  code: string,
  label: string | null,
  payload: unknown,
): ReferentialRow => ({
  source: ROME_SOURCE,
  name,
  code,
  label,
  payload: JSON.stringify(payload),
});

const V4 = 'rome_v4_60_officiel';
const V3 = 'rome_v3_44_xml_converted';
const LBB = 'rome_v3_labonneboite';
const DERIVED = 'derived_from_offers';

export const ROME_FILES: readonly RomeFile[] = [
  {
    name: 'metiers',
    file: `${V4}/unix_referentiel_code_rome_v460_utf8.csv`,
    delimiter: ',',
    toRows: (records) =>
      records.map((r) => row('metiers', r.code_rome!, r.libelle_rome ?? null, r)),
  },
  {
    name: 'appellations',
    file: `${V4}/unix_referentiel_appellation_v460_utf8.csv`,
    delimiter: ',',
    toRows: (records) =>
      records.map((r) => row('appellations', r.code_ogr!, r.libelle_appellation_long ?? null, r)),
  },
  {
    name: 'metiersRomeV3',
    file: `${V3}/unix_referentiel_code_rome_v344.csv`,
    delimiter: ',',
    toRows: (records) =>
      records.map((r) => row('metiersRomeV3', r.code_rome!, r.libelle ?? null, r)),
  },
  {
    name: 'appellationsRomeV3',
    file: `${LBB}/ogr_labels.csv`,
    delimiter: '|',
    async toRows(records, readOther) {
      const mapping = new Map(
        (await readOther(`${LBB}/ogr_rome_mapping.csv`)).map((r) => [r.ogr_id, r.rome_id]),
      );
      return records.map((r) =>
        row('appellationsRomeV3', r.ogr_id!, r.ogr_label ?? null, {
          ...r,
          rome_id: mapping.get(r.ogr_id!) ?? null,
        }),
      );
    },
  },
  {
    name: 'domaines',
    file: `${LBB}/arbo_rome_ogr_202107.csv`,
    delimiter: ';',
    toRows(records) {
      const rows: ReferentialRow[] = [];
      const grand = new Map<string, string>();
      for (const r of records) {
        const [level1, level2, level3] = [
          r.Rome1?.trim() ?? '',
          r.Rome2?.trim() ?? '',
          r.Rome3?.trim() ?? '',
        ];
        const label = r.Intitule?.trim() ?? '';
        if (level1 && !level2 && !level3) {
          grand.set(level1, label);
          rows.push(row('grandsDomaines', level1, label, { code: level1, libelle: label }));
        } else if (level1 && level2 && !level3) {
          const code = `${level1}${level2}`;
          rows.push(
            row('domaines', code, label, {
              code,
              libelle: label,
              grandDomaine: { code: level1, libelle: grand.get(level1) ?? null },
            }),
          );
        }
      }
      return rows;
    },
  },
  {
    name: 'competences',
    file: `${V3}/unix_referentiel_competence_v344.csv`,
    delimiter: ',',
    toRows: (records) => records.map((r) => row('competences', r.code_ogr!, r.libelle ?? null, r)),
  },
  {
    name: 'competencesOffres',
    file: `${DERIVED}/competences_distinct.csv`,
    delimiter: ',',
    toRows: (records) =>
      records
        .filter((r) => r.code)
        .map((r) =>
          row('competencesOffres', r.code!, r.libelle ?? null, {
            ...r,
            nb_offres: Number(r.nb_offres),
          }),
        ),
  },
  {
    name: 'savoirEtre',
    file: `${DERIVED}/qualitesProfessionnelles_distinct.csv`,
    delimiter: ',',
    toRows: (records) =>
      records.map((r) =>
        row('savoirEtre', r.libelle!, r.libelle ?? null, { ...r, nb_offres: Number(r.nb_offres) }),
      ),
  },
  {
    name: 'competencesTechniques',
    file: `${DERIVED}/Nivrami_dim_competence.csv`,
    delimiter: ',',
    toRows: (records) =>
      records.map((r) =>
        row('competencesTechniques', r.code_competence!, r.libelle_competence ?? null, r),
      ),
  },
];

/** Reads every ROME file present under `<dir>/rome`; returns the rows and the files missing. */
export async function readRomeReferentials(
  dir: string,
): Promise<{ rows: ReferentialRow[]; missing: string[] }> {
  const root = join(dir, 'rome');
  const read = async (file: string, delimiter: string) =>
    csvRecords(await readFile(join(root, file), 'utf8'), delimiter);
  const rows: ReferentialRow[] = [];
  const missing: string[] = [];
  for (const spec of ROME_FILES) {
    if (!existsSync(join(root, spec.file))) {
      missing.push(spec.file);
      continue;
    }
    const records = await read(spec.file, spec.delimiter);
    const readOther = async (file: string) =>
      existsSync(join(root, file))
        ? read(file, file.endsWith('ogr_rome_mapping.csv') ? '|' : ',')
        : [];
    rows.push(...(await spec.toRows(records, readOther)));
  }
  // The same (name, code) twice in a file (it happens in the tree file) keeps the last one.
  const unique = new Map(rows.map((r) => [`${r.name}\u0000${r.code}`, r]));
  return { rows: [...unique.values()], missing };
}
