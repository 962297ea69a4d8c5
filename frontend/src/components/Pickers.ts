/**
 * The look-ups the forms use (ROME codes, skills, communes): the suggestions for a text, from the
 * skills and offers subgraphs, debounced; `available` is false while the graph lacks the field.
 */
import { computed, type Ref } from 'vue';
import {
  LocationSearchDocument,
  RomeCodeSearchDocument,
  SkillSearchDocument,
  type SkillKind,
} from '../gql/graphql';
import { useGraphQuery } from '../lib/graph';
import type { Suggestion } from '../lib/suggest';

export interface CommuneSuggestion extends Suggestion {
  latitude: number;
  longitude: number;
  communeCode: string;
}

export function useRomeSuggestions(text: Ref<string>) {
  const query = useGraphQuery(
    RomeCodeSearchDocument,
    () => ({ search: text.value.trim(), first: 10 }),
    { enabled: () => text.value.trim().length >= 2, debounce: 200 },
  );
  const suggestions = computed<Suggestion[]>(() =>
    (query.data.value?.romeCodes ?? []).map((rome) => ({
      value: rome.code,
      label: `${rome.code} – ${rome.label}`,
      detail: rome.matchedAppellation ?? rome.domainLabel,
    })),
  );
  return {
    suggestions,
    loading: query.loading,
    available: computed(() => !query.unavailable.value),
  };
}

export function useSkillSuggestions(text: Ref<string>, kind: SkillKind | null = null) {
  const query = useGraphQuery(
    SkillSearchDocument,
    () => ({ search: text.value.trim(), kind, first: 10 }),
    { enabled: () => text.value.trim().length >= 2, debounce: 200 },
  );
  const suggestions = computed<Suggestion[]>(() =>
    (query.data.value?.skills ?? []).map((skill) => ({ value: skill.id, label: skill.name })),
  );
  return {
    suggestions,
    loading: query.loading,
    available: computed(() => !query.unavailable.value),
  };
}

/** Communes known from the offers (offers subgraph `locations`), with their position. */
export function useCommuneSuggestions(text: Ref<string>) {
  const query = useGraphQuery(
    LocationSearchDocument,
    () => ({ search: text.value.trim(), first: 20 }),
    { enabled: () => text.value.trim().length >= 2, debounce: 200 },
  );
  const suggestions = computed<CommuneSuggestion[]>(() =>
    (query.data.value?.locations ?? [])
      .filter(
        (place) => place.kind === 'COMMUNE' && place.latitude !== null && place.longitude !== null,
      )
      .slice(0, 10)
      .map((place) => ({
        value: place.code,
        label: place.label,
        detail: [place.departementCode, `${place.offers}`].filter(Boolean).join(' · '),
        latitude: place.latitude as number,
        longitude: place.longitude as number,
        communeCode: place.code,
      })),
  );
  return {
    suggestions,
    loading: query.loading,
    available: computed(() => !query.unavailable.value),
  };
}
