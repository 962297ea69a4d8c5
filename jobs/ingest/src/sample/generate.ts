/**
 * The sample generator: a replay directory shaped exactly like ../shared/data
 * (`francetravail/offers.jsonl`, `adzuna/jobs.jsonl` with `__CLASS__`, the `rome/` CSV files with
 * their real headers), deterministic for a seed. Two modes:
 * - `from`: scale a directory of real recorded payloads to `offers` offers, copying real records
 *   round-robin with new distinct ids (the benchmark's 100 k offers);
 * - without `from`: synthesise offers from a small built-in vocabulary (a clone outside this
 *   workplace, with no ../shared/data, still replays something realistic).
 * Nothing it writes is committed.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { randomGenerator, type Random } from './random.js';

export interface GenerateOptions {
  readonly out: string;
  /** Total offers, France Travail and Adzuna together (default 600). */
  readonly offers?: number;
  readonly seed?: number;
  /** A directory of real recorded payloads to scale; synthesised from the vocabulary when absent. */
  readonly from?: string;
  /** Share of France Travail offers (default: the real sample's, 612 / 2613). */
  readonly franceTravailShare?: number;
}

export interface GenerateResult {
  readonly dir: string;
  readonly francetravail: number;
  readonly adzuna: number;
  readonly mode: 'scaled' | 'synthetic';
}

const REAL_SHARE = 612 / 2613;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A France Travail-like id (3 digits, 4 letters: `183DSTK`), distinct for each index. */
export function franceTravailId(index: number): string {
  let rest = index % 26 ** 4;
  let letters = '';
  for (let position = 0; position < 4; position += 1) {
    letters = LETTERS[rest % 26] + letters;
    rest = Math.floor(rest / 26);
  }
  return `${900 + Math.floor(index / 26 ** 4)}${letters}`;
}

/** An Adzuna-like id (numeric string), distinct for each index. */
export function adzunaId(index: number): string {
  return String(9_000_000_000 + index);
}

async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value))
        out.push(value as Record<string, unknown>);
    } catch {
      // skip lines that are not JSON
    }
  }
  return out;
}

async function writeJsonl(
  path: string,
  count: number,
  make: (index: number) => unknown,
): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  for (let index = 0; index < count; index += 1) {
    if (!stream.write(`${JSON.stringify(make(index))}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

/** A copy of `record` whose id (and every mention of it, e.g. in URLs) is `id`. */
export function withId(record: Record<string, unknown>, id: string): unknown {
  const old = String(record.id);
  const text = JSON.stringify(record).split(old).join(id);
  return JSON.parse(text) as unknown;
}

export async function generateSample(options: GenerateOptions): Promise<GenerateResult> {
  const total = options.offers ?? 600;
  const seed = options.seed ?? 42;
  const share = options.franceTravailShare ?? REAL_SHARE;
  const ftCount = Math.round(total * share);
  const adzunaCount = total - ftCount;
  const out = options.out;
  await mkdir(join(out, 'francetravail'), { recursive: true });
  await mkdir(join(out, 'adzuna'), { recursive: true });

  if (options.from) {
    const ft = await readJsonl(join(options.from, 'francetravail', 'offers.jsonl'));
    const adzuna = await readJsonl(join(options.from, 'adzuna', 'jobs.jsonl'));
    if (ft.length === 0 || adzuna.length === 0) {
      throw new Error(
        `${options.from} has no francetravail/offers.jsonl or adzuna/jobs.jsonl to scale`,
      );
    }
    const random = randomGenerator(seed);
    const offset = random.int(0, 1_000); // the seed picks where the round-robin starts
    await writeJsonl(join(out, 'francetravail', 'offers.jsonl'), ftCount, (index) =>
      withId(ft[(index + offset) % ft.length]!, franceTravailId(index)),
    );
    await writeJsonl(join(out, 'adzuna', 'jobs.jsonl'), adzunaCount, (index) =>
      withId(adzuna[(index + offset) % adzuna.length]!, adzunaId(index)),
    );
    if (existsSync(join(options.from, 'rome')))
      await cp(join(options.from, 'rome'), join(out, 'rome'), { recursive: true });
    return { dir: out, francetravail: ftCount, adzuna: adzunaCount, mode: 'scaled' };
  }

  const random = randomGenerator(seed);
  await writeJsonl(join(out, 'francetravail', 'offers.jsonl'), ftCount, (index) =>
    syntheticFranceTravail(index, random),
  );
  await writeJsonl(join(out, 'adzuna', 'jobs.jsonl'), adzunaCount, (index) =>
    syntheticAdzuna(index, random),
  );
  await writeRome(join(out, 'rome'));
  await writeFile(
    join(out, 'README.md'),
    `Generated by \`npm run generate:sample\` (seed ${seed}, ${total} offers). Synthetic: shaped like the real payloads, not real offers.\n`,
  );
  return { dir: out, francetravail: ftCount, adzuna: adzunaCount, mode: 'synthetic' };
}

// ---------------------------------------------------------------------------------------------
// The built-in vocabulary (values in the formats the real payloads use).

interface Metier {
  rome: string;
  libelle: string;
  appellation: string;
  ogr: string;
  domaine: string;
  naf: [string, string, string];
  competences: [string, string][];
  adzunaCategory: [string, string];
}

const METIERS: Metier[] = [
  {
    rome: 'M1805',
    libelle: 'Études et développement informatique',
    appellation: 'Développeur / Développeuse web',
    ogr: '38971',
    domaine: 'M18',
    naf: ['62.01Z', '62', 'Programmation informatique'],
    competences: [
      ['121567', 'Concevoir une application web'],
      ['300067', 'Développer une application en lien avec une base de données'],
    ],
    adzunaCategory: ['it-jobs', 'Emplois Informatique'],
  },
  {
    rome: 'M1811',
    libelle: 'Data engineer',
    appellation: 'Data engineer',
    ogr: '404278',
    domaine: 'M18',
    naf: ['62.02A', '62', 'Conseil en systèmes et logiciels informatiques'],
    competences: [
      ['300282', 'Concevoir et gérer des flux de données'],
      ['124167', 'Analyser des données'],
    ],
    adzunaCategory: ['it-jobs', 'Emplois Informatique'],
  },
  {
    rome: 'J1301',
    libelle: 'Agent / Agente de service hospitalier (ASH)',
    appellation: 'Agent / Agente des services hospitaliers',
    ogr: '11185',
    domaine: 'J13',
    naf: ['87.10A', '87', 'Hébergement médicalisé pour personnes âgées'],
    competences: [
      ['100259', 'Utilisation de matériel de nettoyage'],
      ['126384', "Nettoyer, désinfecter et ranger la chambre et l'installation sanitaire"],
    ],
    adzunaCategory: ['healthcare-nursing-jobs', 'Emplois Soins de santé et infirmiers'],
  },
  {
    rome: 'J1506',
    libelle: 'Infirmier / Infirmière',
    appellation: 'Infirmier / Infirmière de soins généraux',
    ogr: '16250',
    domaine: 'J15',
    naf: ['86.10Z', '86', 'Activités hospitalières'],
    competences: [
      ['117521', 'Réaliser des soins infirmiers'],
      ['123875', 'Surveiller l’état de santé du patient'],
    ],
    adzunaCategory: ['healthcare-nursing-jobs', 'Emplois Soins de santé et infirmiers'],
  },
  {
    rome: 'F1503',
    libelle: 'Charpentier / Charpentière',
    appellation: 'Charpentier / Charpentière',
    ogr: '12345',
    domaine: 'F15',
    naf: ['43.91A', '43', 'Travaux de charpente'],
    competences: [
      ['119935', 'Caractéristiques des charpentes'],
      ['300233', "Réaliser les travaux de montage, d'assemblage"],
    ],
    adzunaCategory: ['trade-construction-jobs', 'Emplois Commerce et Construction'],
  },
  {
    rome: 'N1103',
    libelle: 'Magasinage et préparation de commandes',
    appellation: 'Préparateur / Préparatrice de commandes',
    ogr: '20522',
    domaine: 'N11',
    naf: ['52.10B', '52', 'Entreposage et stockage non frigorifique'],
    competences: [
      ['119849', 'Charger des marchandises, des produits'],
      ['119848', 'Décharger des marchandises, des produits'],
    ],
    adzunaCategory: ['logistics-warehouse-jobs', 'Emplois Logistique et Entrepôt'],
  },
  {
    rome: 'G1602',
    libelle: 'Personnel de cuisine',
    appellation: 'Cuisinier / Cuisinière',
    ogr: '13237',
    domaine: 'G16',
    naf: ['56.10A', '56', 'Restauration traditionnelle'],
    competences: [
      ['120871', 'Préparer des plats'],
      ['300219', 'Respecter les règles d’hygiène'],
    ],
    adzunaCategory: ['hospitality-catering-jobs', 'Emplois Hospitalité et Restauration'],
  },
  {
    rome: 'D1106',
    libelle: 'Vente en alimentation',
    appellation: 'Vendeur / Vendeuse en alimentation générale',
    ogr: '20079',
    domaine: 'D11',
    naf: ['47.11F', '47', 'Hypermarchés'],
    competences: [
      ['122580', 'Conseiller un client'],
      ['100183', 'Encaisser un paiement'],
    ],
    adzunaCategory: ['sales-jobs', 'Emplois Commercial'],
  },
  {
    rome: 'K1302',
    libelle: 'Assistance auprès d’adultes',
    appellation: 'Auxiliaire de vie',
    ogr: '10934',
    domaine: 'K13',
    naf: ['88.10A', '88', 'Aide à domicile'],
    competences: [
      ['117235', 'Accompagner une personne dans les actes de la vie quotidienne'],
      ['300282', 'Entretenir, nettoyer un espace, un lieu, un local'],
    ],
    adzunaCategory: ['social-work-jobs', 'Emplois Travail social'],
  },
  {
    rome: 'M1607',
    libelle: 'Secrétariat',
    appellation: 'Secrétaire',
    ogr: '20697',
    domaine: 'M16',
    naf: ['82.11Z', '82', 'Services administratifs combinés de bureau'],
    competences: [
      ['123000', 'Accueillir une clientèle'],
      ['124165', 'Saisir des documents numériques'],
    ],
    adzunaCategory: ['admin-jobs', 'Emplois Administration'],
  },
];

const COMMUNES: {
  dept: string;
  commune: string;
  insee: string;
  cp: string;
  lat: number;
  lon: number;
  region: string;
  deptName: string;
}[] = [
  {
    dept: '75',
    commune: 'Paris 15e Arrondissement',
    insee: '75115',
    cp: '75015',
    lat: 48.8412,
    lon: 2.3003,
    region: 'Ile-de-France',
    deptName: 'Paris',
  },
  {
    dept: '69',
    commune: 'Lyon 7e Arrondissement',
    insee: '69387',
    cp: '69007',
    lat: 45.7456,
    lon: 4.8424,
    region: 'Auvergne-Rhône-Alpes',
    deptName: 'Rhône',
  },
  {
    dept: '33',
    commune: 'MERIGNAC',
    insee: '33281',
    cp: '33700',
    lat: 44.8386,
    lon: -0.6436,
    region: 'Nouvelle-Aquitaine',
    deptName: 'Gironde',
  },
  {
    dept: '34',
    commune: 'Montpellier',
    insee: '34172',
    cp: '34000',
    lat: 43.6109,
    lon: 3.8772,
    region: 'Occitanie',
    deptName: 'Hérault',
  },
  {
    dept: '59',
    commune: 'LILLE',
    insee: '59350',
    cp: '59000',
    lat: 50.6292,
    lon: 3.0573,
    region: 'Hauts-de-France',
    deptName: 'Nord',
  },
  {
    dept: '67',
    commune: 'BENFELD',
    insee: '67028',
    cp: '67230',
    lat: 48.3708,
    lon: 7.5931,
    region: 'Grand Est',
    deptName: 'Bas-Rhin',
  },
  {
    dept: '2A',
    commune: 'Ajaccio',
    insee: '2A004',
    cp: '20000',
    lat: 41.9192,
    lon: 8.7386,
    region: 'Corse',
    deptName: 'Corse-du-Sud',
  },
  {
    dept: '974',
    commune: 'LA POSSESSION',
    insee: '97408',
    cp: '97419',
    lat: -20.9253,
    lon: 55.3358,
    region: 'La Réunion',
    deptName: 'La Réunion',
  },
  {
    dept: '29',
    commune: 'Combrit',
    insee: '29037',
    cp: '29120',
    lat: 47.888324,
    lon: -4.157809,
    region: 'Bretagne',
    deptName: 'Finistère',
  },
  {
    dept: '13',
    commune: 'Marseille 8e Arrondissement',
    insee: '13208',
    cp: '13008',
    lat: 43.2553,
    lon: 5.3878,
    region: "Provence-Alpes-Côte d'Azur",
    deptName: 'Bouches-du-Rhône',
  },
];

const CONTRATS: [string, string, string][] = [
  ['CDI', 'Contrat à durée indéterminée', 'Contrat travail'],
  ['CDD', 'CDD - 6 Mois', 'Contrat travail'],
  ['MIS', 'Intérim - 2 Mois', 'Contrat travail'],
  ['CDI', 'CDI', 'Contrat apprentissage'],
  ['LIB', 'Profession libérale', 'Contrat travail'],
];

const SALAIRES = [
  'Mensuel de 1833.0 Euros à 2250.0 Euros sur 12.0 mois',
  'Horaire de 12.06 Euros sur 12.0 mois',
  'Annuel de 45000.0 Euros à 50000.0 Euros sur 12.0 mois',
  'Mensuel de 1710,00 Euros sur 12 mois',
  'Annuel de 55000.0 Euros à 65000.0 Euros',
];

const EXPERIENCES: [string, string][] = [
  ['D', 'Débutant accepté'],
  ['S', '1 An(s)'],
  ['E', '3 An(s)'],
  ['E', '6 Mois'],
];

const QUALITES: [string, string][] = [
  [
    'Faire preuve de rigueur et de précision',
    "Capacité à réaliser des tâches en suivant avec exactitude les règles, les procédures, les instructions qui ont été fournies, sans réaliser d'erreur et à transmettre clairement des informations. Se montrer ponctuel et respectueux des règles de savoir-vivre usuelles.",
  ],
  [
    "Faire preuve d'autonomie",
    "Capacité à prendre en charge son activité sans devoir être encadré de façon continue (le cas échéant, à solliciter les autres acteurs de l'entreprise).",
  ],
  [
    'Travailler en équipe',
    "Capacité à travailler et à se coordonner avec les autres au sein de l'entreprise pour réaliser les objectifs fixés.",
  ],
];

const ENTREPRISES = [
  'MASSE TREVIDY RESIDENCE',
  'Conserto',
  'Predictis',
  'BOULANGERIE DU CENTRE',
  'CLINIQUE SAINT-JEAN',
];

const DESCRIPTION_LINES = [
  "Au sein d'une PME, nous recherchons un(e) collaborateur(trice) motivé(e).",
  'Vous serez chargé(e) notamment de :\n- organiser votre activité,\n- respecter les consignes de sécurité,',
  "Les + de l'emploi proposé : \n Mutuelle employeur favorable\n Avantage CSE",
  'Poste à pourvoir rapidement — candidature par mail : ##########',
];

function syntheticFranceTravail(index: number, random: Random): Record<string, unknown> {
  const id = franceTravailId(index);
  const metier = random.pick(METIERS);
  const place = random.pick(COMMUNES);
  const [typeContrat, typeContratLibelle, natureContrat] = random.pick(CONTRATS);
  const [experienceExige, experienceLibelle] = random.pick(EXPERIENCES);
  const created = new Date(Date.UTC(2025, 7, 20) + random.int(0, 2 * 86_400_000)).toISOString();
  const offer: Record<string, unknown> = {
    id,
    intitule: `${metier.appellation} (H/F)`,
    description: `${random.pick(DESCRIPTION_LINES)}\n${random.pick(DESCRIPTION_LINES)}\n${random.pick(DESCRIPTION_LINES)}`,
    dateCreation: created,
    dateActualisation: created,
    lieuTravail: {
      libelle: `${place.dept} - ${place.commune}`,
      latitude: place.lat,
      longitude: place.lon,
      codePostal: place.cp,
      commune: place.insee,
    },
    romeCode: metier.rome,
    romeLibelle: metier.libelle,
    appellationlibelle: metier.appellation,
    entreprise: random.chance(0.6)
      ? { nom: random.pick(ENTREPRISES), entrepriseAdaptee: false }
      : { entrepriseAdaptee: false },
    typeContrat,
    typeContratLibelle,
    natureContrat,
    experienceExige,
    experienceLibelle,
    salaire: random.chance(0.7) ? { libelle: random.pick(SALAIRES), complement1: 'Primes' } : {},
    alternance: natureContrat === 'Contrat apprentissage',
    nombrePostes: random.int(1, 3),
    accessibleTH: random.chance(0.3),
    origineOffre: {
      origine: '1',
      urlOrigine: `https://candidat.francetravail.fr/offres/recherche/detail/${id}`,
    },
    contexteTravail: {
      horaires: random.chance(0.5) ? ['Travail en journée'] : [],
      conditionsExercice: [],
    },
    entrepriseAdaptee: false,
    employeurHandiEngage: false,
  };
  if (random.chance(0.6)) {
    offer.codeNAF = metier.naf[0];
    offer.secteurActivite = metier.naf[1];
    offer.secteurActiviteLibelle = metier.naf[2];
  }
  if (random.chance(0.5)) {
    offer.dureeTravailLibelle = '35H/semaine\nTravail en journée';
    offer.dureeTravailLibelleConverti = 'Temps plein';
  }
  if (random.chance(0.3)) {
    offer.competences = metier.competences.map(([code, libelle]) => ({
      code,
      libelle,
      exigence: random.pick(['E', 'S']),
    }));
  }
  if (random.chance(0.2)) {
    offer.qualitesProfessionnelles = [random.pick(QUALITES)].map(([libelle, description]) => ({
      libelle,
      description,
    }));
  }
  if (random.chance(0.5)) {
    offer.qualificationCode = String(random.int(5, 9));
    offer.qualificationLibelle = 'Employé qualifié';
  }
  return offer;
}

function syntheticAdzuna(index: number, random: Random): Record<string, unknown> {
  const id = adzunaId(index);
  const metier = random.pick(METIERS);
  const place = random.pick(COMMUNES);
  const company = random.pick(ENTREPRISES);
  const description =
    `${random.pick(DESCRIPTION_LINES)} ${random.pick(DESCRIPTION_LINES)} ${random.pick(DESCRIPTION_LINES)}`
      .replace(/\s+/g, ' ')
      .slice(0, 499);
  const job: Record<string, unknown> = {
    location: {
      __CLASS__: 'Adzuna::API::Response::Location',
      area: ['France', place.region, place.deptName, place.commune],
      display_name: `${place.commune}, ${place.deptName}`,
    },
    adref: `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ i: id })).toString('base64url')}.sample`,
    title: metier.appellation,
    company: { __CLASS__: 'Adzuna::API::Response::Company', display_name: company },
    category: {
      tag: metier.adzunaCategory[0],
      label: metier.adzunaCategory[1],
      __CLASS__: 'Adzuna::API::Response::Category',
    },
    description: `${description}…`,
    __CLASS__: 'Adzuna::API::Response::Job',
    created: new Date(Date.UTC(2026, 2, 1) + random.int(0, 6 * 86_400_000))
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    id,
    salary_is_predicted: '0',
    redirect_url: `https://www.adzuna.fr/land/ad/${id}?se=sample&utm_medium=api&utm_source=sample&v=0`,
  };
  if (random.chance(0.85)) {
    job.latitude = place.lat;
    job.longitude = place.lon;
  }
  if (random.chance(0.1)) {
    const salary = random.int(22, 60) * 1000;
    job.salary_min = salary;
    job.salary_max = salary;
  }
  if (random.chance(0.25)) job.contract_type = random.pick(['permanent', 'contract']);
  if (random.chance(0.15)) job.contract_time = random.pick(['full_time', 'part_time']);
  return job;
}

function csvLine(values: readonly (string | number)[], delimiter = ',', quoteAll = false): string {
  return values
    .map((value) => {
      const text = String(value);
      return quoteAll || /[",\n;|]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(delimiter);
}

/** The rome/ files with the real headers, for the vocabulary above. */
async function writeRome(dir: string): Promise<void> {
  const v4 = join(dir, 'rome_v4_60_officiel');
  const v3 = join(dir, 'rome_v3_44_xml_converted');
  const lbb = join(dir, 'rome_v3_labonneboite');
  const derived = join(dir, 'derived_from_offers');
  for (const folder of [v4, v3, lbb, derived]) await mkdir(folder, { recursive: true });
  const lines = (rows: string[]) => `${rows.join('\n')}\n`;
  await writeFile(
    join(v4, 'unix_referentiel_code_rome_v460_utf8.csv'),
    lines([
      csvLine(
        [
          'code_rome',
          'code_fiche_metier',
          'code_ogr',
          'libelle_rome',
          'transition_eco',
          'transition_num',
          'transition_demo',
          'emploi_reglemente',
          'emploi_cadre',
          'code_rome_parent',
        ],
        ',',
        true,
      ),
      ...METIERS.map((m, i) =>
        csvLine(
          [m.rome, String(100 + i), m.ogr, m.libelle, 'Emploi Blanc', '', '', '', '', m.rome],
          ',',
          true,
        ),
      ),
    ]),
  );
  await writeFile(
    join(v4, 'unix_referentiel_appellation_v460_utf8.csv'),
    lines([
      csvLine(
        [
          'code_ogr',
          'libelle_appellation_long',
          'libelle_appellation_court',
          'code_rome',
          'transition_eco',
          'transition_num',
          'transition_demo',
          'emploi_reglemente',
          'emploi_cadre',
          'classification',
          'origine',
          'code_rome_parent',
          'peu_usite',
        ],
        ',',
        true,
      ),
      ...METIERS.map((m) =>
        csvLine(
          [
            m.ogr,
            m.appellation,
            m.appellation,
            m.rome,
            'Emploi Blanc',
            '',
            '',
            '',
            '',
            'PRINCIPALE',
            '',
            m.rome,
            'N',
          ],
          ',',
          true,
        ),
      ),
    ]),
  );
  await writeFile(
    join(v3, 'unix_referentiel_code_rome_v344.csv'),
    lines([
      'code_ogr,code_rome,libelle,statut1',
      ...METIERS.map((m) => csvLine([m.ogr, m.rome, m.libelle, '1'])),
    ]),
  );
  await writeFile(
    join(v3, 'unix_referentiel_competence_v344.csv'),
    lines([
      'code_ogr,libelle_competence,libelle,statut1',
      ...METIERS.flatMap((m) =>
        m.competences.map(([code, libelle]) => csvLine([code, 'SAVOIR-FAIRE', libelle, '1'])),
      ),
    ]),
  );
  await writeFile(
    join(lbb, 'rome_labels.csv'),
    lines(['rome_id|rome_label', ...METIERS.map((m) => `${m.rome}|${m.libelle}`)]),
  );
  await writeFile(
    join(lbb, 'ogr_labels.csv'),
    lines(['ogr_id|ogr_label', ...METIERS.map((m) => `${m.ogr}|${m.appellation}`)]),
  );
  await writeFile(
    join(lbb, 'ogr_rome_mapping.csv'),
    lines(['ogr_id|rome_id', ...METIERS.map((m) => `${m.ogr}|${m.rome}`)]),
  );
  const domaines = new Map(METIERS.map((m) => [m.domaine, m.libelle]));
  const grands = new Map(
    [...domaines.keys()].map((code) => [code[0]!, `Grand domaine ${code[0]}`]),
  );
  await writeFile(
    join(lbb, 'arbo_rome_ogr_202107.csv'),
    lines([
      'Rome1;Rome2;Rome3;Intitule;OGR',
      ...[...grands].map(([code, label]) => `${code}; ; ;"${label}"; `),
      ...[...domaines].map(([code, label]) => `${code[0]};${code.slice(1)}; ;"${label}"; `),
      ...METIERS.map(
        (m) => `${m.rome[0]};${m.rome.slice(1, 3)};${m.rome.slice(3)};"${m.libelle}"; `,
      ),
    ]),
  );
  const competences = new Map(METIERS.flatMap((m) => m.competences));
  await writeFile(
    join(derived, 'competences_distinct.csv'),
    lines([
      'code,libelle,nb_offres',
      ...[...competences].map(([code, libelle]) => csvLine([code, libelle, 1])),
    ]),
  );
  await writeFile(
    join(derived, 'qualitesProfessionnelles_distinct.csv'),
    lines([
      'libelle,description,nb_offres',
      ...QUALITES.map(([libelle, description]) => csvLine([libelle, description, 1])),
    ]),
  );
  await writeFile(
    join(derived, 'Nivrami_dim_competence.csv'),
    lines([
      'id_competence,code_competence,libelle_competence,type_competence',
      '1,NLP_DICT_SQL,SQL,technique',
      '2,NLP_DICT_PYTHON,Python,technique',
    ]),
  );
}
