import type { ContractType, OfferSkill, OfferView, RemoteMode, Seniority } from './types.js';

/**
 * France Travail "Offres d'emploi v2" offer → OfferView. The input is untrusted JSON: every field
 * is optional and may have the wrong type; nothing here throws on a malformed value, it yields
 * null instead (see docs/external-apis.md §1.7 and §4 for the value formats handled).
 */

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function asString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(',', '.'));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const ROME_CODE = /^[A-N]\d{4}$/;

/** Normalise a ROME code ("k1302 " → "K1302"); anything else → null. */
export function normaliseRomeCode(value: unknown): string | null {
  const text = asString(value)?.trim().toUpperCase();
  return text && ROME_CODE.test(text) ? text : null;
}

export function isoDate(value: unknown): string | null {
  const text = asString(value);
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** typeContrat / natureContrat / alternance → our contract enum. */
export function contractFromFranceTravail(offer: Json): ContractType | null {
  const nature = (asString(offer.natureContrat) ?? '').toLowerCase();
  if (offer.alternance === true || /apprentissage|professionnalisation/.test(nature)) {
    return 'ALTERNANCE';
  }
  const code = (asString(offer.typeContrat) ?? '').toUpperCase();
  switch (code) {
    case 'CDI':
    case 'DIN':
      return 'CDI';
    case 'CDD':
    case 'DDI':
      return 'CDD';
    case 'MIS':
    case 'TTI':
      return 'INTERIM';
    case 'SAI':
      return 'SAISONNIER';
    case 'LIB':
    case 'REP':
    case 'FRA':
      return 'FREELANCE';
    case '':
      return null;
    default:
      return 'AUTRE';
  }
}

/** experienceExige + experienceLibelle → seniority (D → DEBUTANT; <2 y JUNIOR; <5 y CONFIRME; else SENIOR). */
export function seniorityFromFranceTravail(offer: Json): Seniority | null {
  const exige = (asString(offer.experienceExige) ?? '').toUpperCase();
  const label = (asString(offer.experienceLibelle) ?? '').toLowerCase();
  if (exige === 'D' || /d[ée]butant/.test(label)) return 'DEBUTANT';
  let years: number | null = null;
  const y = /(\d+(?:[.,]\d+)?)\s*an/.exec(label);
  const m = /(\d+(?:[.,]\d+)?)\s*mois/.exec(label);
  if (y?.[1]) years = Number(y[1].replace(',', '.'));
  else if (m?.[1]) years = Number(m[1].replace(',', '.')) / 12;
  if (years === null) return exige === 'E' || exige === 'S' ? 'JUNIOR' : null;
  if (years < 2) return 'JUNIOR';
  if (years < 5) return 'CONFIRME';
  return 'SENIOR';
}

const SALARY =
  /(horaire|mensuel|annuel)\s+de\s+([\d\s.,]+?)\s*euros?(?:\s+[àa]\s+([\d\s.,]+?)\s*euros?)?(?:\s+sur\s+([\d.,]+)\s*mois)?/i;
/** Sanity bounds per period; values outside are re-read as another period or dropped. */
const BOUNDS = { horaire: [9, 200], mensuel: [500, 20000], annuel: [8000, 300000] } as const;

function parseAmount(text: string | undefined): number | null {
  if (!text) return null;
  const n = Number(text.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** `salaire.libelle` → annual gross euros [min, max] (hourly × 1607 h, monthly × months or 12). */
export function parseSalaryLibelle(libelle: string | null): [number, number] | null {
  if (!libelle) return null;
  const match = SALARY.exec(libelle);
  if (!match) return null;
  let period = (match[1] ?? '').toLowerCase() as keyof typeof BOUNDS;
  const low = parseAmount(match[2]);
  const high = parseAmount(match[3]) ?? low;
  const months = parseAmount(match[4]) ?? 12;
  if (low === null || high === null) return null;
  const inBounds = (p: keyof typeof BOUNDS, v: number) => v >= BOUNDS[p][0] && v <= BOUNDS[p][1];
  if (!inBounds(period, low)) {
    // Annual amounts labelled monthly ("Mensuel de 40000.0 Euros") are common: re-read them.
    const other = (['annuel', 'mensuel', 'horaire'] as const).find((p) => inBounds(p, low));
    if (!other) return null;
    period = other;
  }
  const factor =
    period === 'horaire' ? 1607 : period === 'mensuel' ? Math.min(Math.max(months, 12), 15) : 1;
  const min = Math.round(low * factor);
  const max = Math.round(Math.max(high, low) * factor);
  return [min, max];
}

function departementFrom(lieu: Json | null): string | null {
  const label = asString(lieu?.libelle);
  const prefix = label ? /^\s*(\d{2,3}|2[AB])\s*-/i.exec(label) : null;
  if (prefix?.[1]) return prefix[1].toUpperCase();
  const postal = asString(lieu?.codePostal);
  if (postal && /^\d{5}$/.test(postal))
    return postal.startsWith('97') ? postal.slice(0, 3) : postal.slice(0, 2);
  return null;
}

function remoteFromText(text: string): RemoteMode | null {
  const folded = text.toLowerCase();
  if (
    /t[ée]l[ée]travail\s+(complet|total|100)|full\s+remote|100\s*%\s*(en\s+)?t[ée]l[ée]travail/.test(
      folded,
    )
  ) {
    return 'FULL';
  }
  if (/t[ée]l[ée]travail|remote|hybride/.test(folded)) return 'PARTIAL';
  return null;
}

/** True when the JSON object looks like a France Travail offer. */
export function looksLikeFranceTravailOffer(value: unknown): value is Json {
  const o = asObject(value);
  return !!o && asString(o.id) !== null && (typeof o.intitule === 'string' || 'romeCode' in o);
}

export function fromFranceTravail(raw: unknown): OfferView | null {
  const offer = asObject(raw);
  const id = asString(offer?.id);
  if (!offer || !id) return null;
  const lieu = asObject(offer.lieuTravail);
  const latitude = asNumber(lieu?.latitude);
  const longitude = asNumber(lieu?.longitude);
  const validPoint =
    latitude !== null &&
    longitude !== null &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
  const salaireObj = asObject(offer.salaire) ?? asObject(asArray(offer.salaire)[0]);
  const salary = parseSalaryLibelle(asString(salaireObj?.libelle));
  const skills: OfferSkill[] = [];
  for (const item of asArray(offer.competences)) {
    const c = asObject(item);
    const label = asString(c?.libelle);
    if (!label) continue;
    skills.push({ id: asString(c?.code), label, required: asString(c?.exigence) === 'E' });
  }
  const softSkills = asArray(offer.qualitesProfessionnelles)
    .map((q) => asString(asObject(q)?.libelle))
    .filter((s): s is string => s !== null);
  const description = asString(offer.description) ?? '';
  const title = asString(offer.intitule) ?? '';
  const romeCode = normaliseRomeCode(offer.romeCode);
  return {
    id,
    title,
    description,
    createdAt: isoDate(offer.dateCreation),
    romeCode,
    romeLabel: asString(offer.romeLibelle),
    appellation: asString(offer.appellationlibelle) ?? asString(offer.appellationLibelle),
    romePredicted: false,
    latitude: validPoint ? latitude : null,
    longitude: validPoint ? longitude : null,
    communeCode: asString(lieu?.commune),
    departementCode: departementFrom(lieu),
    contractType: contractFromFranceTravail(offer),
    seniority: seniorityFromFranceTravail(offer),
    salaryAnnualMinEur: salary ? salary[0] : null,
    salaryAnnualMaxEur: salary ? salary[1] : null,
    remote: remoteFromText(`${title}\n${description}`),
    skills,
    softSkills,
  };
}
