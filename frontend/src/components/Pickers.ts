/**
 * The look-ups the forms use (ROME codes, skills, communes): the suggestions for a text, from the
 * skills and offers subgraphs, debounced; `available` is false while the graph lacks the field.
 */
import { computed, type Ref } from 'vue';
import {
  CommuneSearchDocument,
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
      detail: rome.domainLabel,
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

export function useCommuneSuggestions(text: Ref<string>) {
  const query = useGraphQuery(
    CommuneSearchDocument,
    () => ({ search: text.value.trim(), first: 10 }),
    { enabled: () => text.value.trim().length >= 2, debounce: 200 },
  );
  const suggestions = computed<CommuneSuggestion[]>(() =>
    (query.data.value?.communes ?? []).map((commune) => ({
      value: commune.communeCode,
      label: commune.city,
      detail: [commune.postalCode, commune.departementCode].filter(Boolean).join(' · '),
      latitude: commune.latitude,
      longitude: commune.longitude,
      communeCode: commune.communeCode,
    })),
  );
  return {
    suggestions,
    loading: query.loading,
    available: computed(() => !query.unavailable.value),
  };
}
