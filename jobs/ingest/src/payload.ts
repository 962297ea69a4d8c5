/**
 * Raw payloads: the canonical JSON text that is landed and hashed, and identification (which
 * source id a payload belongs to, or why it cannot be identified).
 */
import { createHash } from 'node:crypto';

export type OfferSourceName = 'francetravail' | 'adzuna';

/** Adzuna's Perl class names (`"__CLASS__": "Adzuna::API::Response::Job"`), dropped at every depth. */
const DROPPED_KEYS: Record<OfferSourceName, ReadonlySet<string>> = {
  francetravail: new Set(),
  adzuna: new Set(['__CLASS__']),
};

function canonical(value: unknown, dropped: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item, dropped));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (dropped.has(key)) continue;
      out[key] = canonical((value as Record<string, unknown>)[key], dropped);
    }
    return out;
  }
  return value;
}

/**
 * The canonical JSON text of a payload: object keys sorted at every depth, no whitespace, the
 * source's dropped keys removed. String values are kept exactly (HTML, emoji, mojibake), so the
 * same payload always gives the same text and hash, whatever key order the API used.
 */
export function canonicalJson(value: unknown, source: OfferSourceName): string {
  return JSON.stringify(canonical(value, DROPPED_KEYS[source]));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type Identified =
  | { ok: true; source: OfferSourceName; sourceId: string; payload: string; payloadHash: string }
  | { ok: false; source: OfferSourceName; reason: string; payloadText: string };

function textOf(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

/**
 * Identifies one raw offer. Anything with an `id` (non-empty string, or a finite number as the
 * APIs sometimes send) is landed as it is, whatever its other fields look like; a payload that is
 * not an object or has no usable id is rejected with the reason.
 */
export function identify(raw: unknown, source: OfferSourceName): Identified {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const kind = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    return {
      ok: false,
      source,
      reason: `payload is ${kind}, not an object`,
      payloadText: textOf(raw),
    };
  }
  const id = (raw as Record<string, unknown>).id;
  let sourceId: string | undefined;
  if (typeof id === 'string' && id.trim() !== '') sourceId = id;
  else if (typeof id === 'number' && Number.isFinite(id)) sourceId = String(id);
  if (sourceId === undefined) {
    const reason =
      id === undefined
        ? 'payload has no id'
        : `payload id is not usable: ${textOf(id).slice(0, 100)}`;
    return { ok: false, source, reason, payloadText: textOf(raw) };
  }
  const payload = canonicalJson(raw, source);
  return { ok: true, source, sourceId, payload, payloadHash: sha256Hex(payload) };
}
