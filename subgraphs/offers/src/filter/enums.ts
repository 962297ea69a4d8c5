import { registerEnumType } from 'type-graphql';

/**
 * Enums of the curated offer (packages/events, `offers.curated.v1`). ContractType, Seniority and
 * RemoteMode are also declared by the users subgraph (profile) and by skills (through the shared
 * OfferFilter): every subgraph must declare the same values, or composition fails.
 */

export enum ContractType {
  CDI = 'CDI',
  CDD = 'CDD',
  INTERIM = 'INTERIM',
  ALTERNANCE = 'ALTERNANCE',
  STAGE = 'STAGE',
  FREELANCE = 'FREELANCE',
  SAISONNIER = 'SAISONNIER',
  AUTRE = 'AUTRE',
}
registerEnumType(ContractType, {
  name: 'ContractType',
  description: 'Contract type of an offer (curated offer values).',
});

export enum Seniority {
  DEBUTANT = 'DEBUTANT',
  JUNIOR = 'JUNIOR',
  CONFIRME = 'CONFIRME',
  SENIOR = 'SENIOR',
}
registerEnumType(Seniority, {
  name: 'Seniority',
  description: 'Experience level (curated offer values).',
});

export enum RemoteMode {
  NONE = 'NONE',
  PARTIAL = 'PARTIAL',
  FULL = 'FULL',
}
registerEnumType(RemoteMode, {
  name: 'RemoteMode',
  description: 'Remote work: none, partial (hybrid) or full.',
});

/** The API an offer was fetched from; the GraphQL names are upper case, the stored values are not. */
export enum OfferSourceName {
  FRANCETRAVAIL = 'francetravail',
  ADZUNA = 'adzuna',
}
registerEnumType(OfferSourceName, {
  name: 'OfferSourceName',
  description: 'The API an offer was fetched from.',
});
