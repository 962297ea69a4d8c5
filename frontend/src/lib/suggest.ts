/** One suggestion of an autocomplete. */
export interface Suggestion {
  value: string;
  label: string;
  detail?: string | null;
}

/** One value of a filter, with its facet count (null when the graph gave none). */
export interface FacetOption {
  value: string;
  label: string;
  count: number | null;
}
