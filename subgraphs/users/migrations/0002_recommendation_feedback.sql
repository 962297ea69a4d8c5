-- A candidate's feedback on recommended offers (👍 LIKE, 👎 DISLIKE, HIDE), the latest per offer,
-- and the interactions waiting to be published on jobmarket.interactions.v1 (an outbox: the event
-- is written with the feedback in one transaction, published after, marked when Kafka took it).
-- Both go with the account (on delete cascade).

create table recommendation_feedback (
  user_id uuid not null references users (id) on delete cascade,
  offer_id text not null,
  feedback text not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, offer_id),
  constraint recommendation_feedback_kind check (feedback in ('LIKE', 'DISLIKE', 'HIDE'))
);
create index recommendation_feedback_hidden on recommendation_feedback (user_id) where feedback = 'HIDE';

create table interaction_outbox (
  interaction_id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  offer_id text not null,
  kind text not null,
  occurred_at timestamptz not null default now(),
  published_at timestamptz
);
create index interaction_outbox_pending on interaction_outbox (occurred_at) where published_at is null;
