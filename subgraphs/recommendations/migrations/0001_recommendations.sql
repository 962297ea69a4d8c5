-- The recommendations subgraph's read model: the curated offers of jobmarket.offers.curated.v1.
-- Every instance keeps an in-memory index of the active ones (model embeddings) and follows this
-- table by sequence: each write takes the next `reco_offer_seq` (under an advisory lock, so rows
-- commit in sequence order), a closed offer keeps its row with active = false.

create sequence reco_offer_seq;

create table reco_offers (
  id text primary key,
  -- the curated offer as published (null once closed)
  document jsonb,
  active boolean not null,
  seq bigint not null,
  updated_at timestamptz not null default now()
);

create index reco_offers_by_seq on reco_offers (seq);
