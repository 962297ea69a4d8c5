/** Small helpers to show an offer. */
import type { OfferSummaryFragment } from '../gql/graphql';

export function hardSkills(offer: Pick<OfferSummaryFragment, 'hardSkills'>): string[] {
  return (offer.hardSkills ?? []).map((skill) => skill.label);
}

export function cityOf(offer: Pick<OfferSummaryFragment, 'location'>): string {
  const location = offer.location;
  if (!location) return '';
  if (location.city && location.departementCode)
    return `${location.city} (${location.departementCode})`;
  return location.city ?? location.departementName ?? location.regionName ?? '';
}

export function offerPath(id: string): string {
  return `/offres/${encodeURIComponent(id)}`;
}
