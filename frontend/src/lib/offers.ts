/** Small helpers to show an offer. */
import type { OfferSummaryFragment } from '../gql/graphql';

export function hardSkills(offer: Pick<OfferSummaryFragment, 'skills'>): string[] {
  return (offer.skills ?? [])
    .filter((item) => item.skill.kind === 'HARD')
    .map((item) => item.skill.name);
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
