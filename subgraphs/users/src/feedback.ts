/**
 * Feedback on recommendations: 👍 LIKE, 👎 DISLIKE, HIDE (migrations/0002).
 *
 * - `recommendationFeedback(offerId, feedback)` stores the latest feedback per offer and, in the
 *   same transaction, an interaction in the outbox; the publisher then sends it on
 *   `jobmarket.interactions.v1` (key: the user id) and marks it published. Kafka being down delays
 *   the event, never the answer. The same feedback twice is one interaction.
 * - `User.recommendationExclusions` (@inaccessible: not in the public API) lists the offers the
 *   user hid or has an application for; the recommendations subgraph @requires it to leave them
 *   out of `User.recommendations`.
 */
import { randomUUID } from 'node:crypto';
import {
  Arg,
  Ctx,
  Directive,
  FieldResolver,
  ID,
  Mutation,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { forbidden, parseId, requireUser, type Store } from '@jobmarket/subgraph-kit';
import type { Logger } from '@jobmarket/telemetry';
import type { UsersContext } from './context.js';
import { SESSION_USER, User } from './types.js';

export enum RecommendationFeedback {
  LIKE = 'LIKE',
  DISLIKE = 'DISLIKE',
  HIDE = 'HIDE',
}
registerEnumType(RecommendationFeedback, {
  name: 'RecommendationFeedback',
  description: '👍 LIKE, 👎 DISLIKE, or HIDE (never recommend this offer to me again).',
});

/** The value of `jobmarket.interactions.v1` (the events package's Interaction). */
export interface InteractionEvent {
  interactionId: string;
  userId: string;
  offerId: string;
  kind: 'LIKE' | 'DISLIKE' | 'HIDE';
  occurredAt: string;
}

/** Where interactions go: the interactions topic (main.ts wires the event bus). */
export interface InteractionSink {
  send(messages: Array<{ key: string; value: InteractionEvent }>): Promise<void>;
}

/** Most exclusions a user can have (the newest are kept). */
const MAX_EXCLUSIONS = 5_000;

/** Drains the outbox to the sink: now (after a feedback) and every `intervalMs` (retries). */
export class InteractionPublisher {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      store: Store;
      sink: InteractionSink;
      logger: Logger;
      batchSize?: number;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
    void this.flush();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Publishes what is pending; one flush at a time (a call during a flush runs one more after). */
  flush(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'interactions not published yet; retrying later');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.flush();
        }
      });
    return this.running;
  }

  private async drain(): Promise<number> {
    const { store, sink } = this.options;
    const limit = this.options.batchSize ?? 500;
    let published = 0;
    for (;;) {
      const { rows } = await store.query<{
        interaction_id: string;
        user_id: string;
        offer_id: string;
        kind: InteractionEvent['kind'];
        occurred_at: Date | string;
      }>(
        `select interaction_id, user_id, offer_id, kind, occurred_at from interaction_outbox
         where published_at is null order by occurred_at, interaction_id limit $1`,
        [limit],
      );
      if (rows.length === 0) return published;
      await sink.send(
        rows.map((row) => ({
          key: row.user_id,
          value: {
            interactionId: row.interaction_id,
            userId: row.user_id,
            offerId: row.offer_id,
            kind: row.kind,
            occurredAt: new Date(row.occurred_at).toISOString(),
          },
        })),
      );
      await store.query(
        'update interaction_outbox set published_at = now() where interaction_id = any($1::uuid[])',
        [rows.map((row) => row.interaction_id)],
      );
      published += rows.length;
      if (rows.length < limit) return published;
    }
  }
}

type FeedbackContext = UsersContext & { interactions?: InteractionPublisher | null };

/** The caller's own id, checked against the user being read. */
function ownUser(context: UsersContext, user: User): string {
  if (user[SESSION_USER]) return user.id;
  const userId = requireUser(context);
  if (user.id !== userId) throw forbidden('You can only read your own account.');
  return userId;
}

@Resolver()
export class FeedbackResolver {
  @Mutation(() => Boolean, {
    description:
      'Says what the signed-in user thinks of an offer (👍 LIKE, 👎 DISLIKE, HIDE: never recommend it again); the latest feedback per offer counts. Published on jobmarket.interactions.v1 for later models.',
  })
  async recommendationFeedback(
    @Arg('offerId', () => ID) offerId: string,
    @Arg('feedback', () => RecommendationFeedback) feedback: RecommendationFeedback,
    @Ctx() context: FeedbackContext,
  ): Promise<boolean> {
    const userId = requireUser(context);
    const id = parseId(offerId, { argument: 'offerId' });
    const stored = await context.users.store.transaction(async (tx) => {
      const { rows } = await tx.query<{ feedback: string }>(
        `insert into recommendation_feedback (user_id, offer_id, feedback) values ($1, $2, $3)
         on conflict (user_id, offer_id) do update set feedback = excluded.feedback, updated_at = now()
         where recommendation_feedback.feedback is distinct from excluded.feedback
         returning feedback`,
        [userId, id, feedback],
      );
      if (rows.length === 0) return false; // the same feedback again: nothing new happened
      await tx.query(
        'insert into interaction_outbox (interaction_id, user_id, offer_id, kind) values ($1, $2, $3, $4)',
        [randomUUID(), userId, id, feedback],
      );
      return true;
    });
    if (stored) void context.interactions?.flush();
    return true;
  }
}

@Resolver(() => User)
export class UserExclusionsResolver {
  @Directive('@inaccessible')
  @FieldResolver(() => [ID], {
    description:
      'Offers the user hid or has an application for (for the recommendations subgraph, through @requires; not in the public API).',
  })
  async recommendationExclusions(
    @Root() user: User,
    @Ctx() context: UsersContext,
  ): Promise<string[]> {
    const userId = ownUser(context, user);
    const { rows } = await context.users.store.query<{ offer_id: string }>(
      `select offer_id from (
         select offer_id, updated_at from recommendation_feedback where user_id = $1 and feedback = 'HIDE'
         union all
         select offer_id, updated_at from applications where user_id = $1
       ) as excluded
       group by offer_id order by max(updated_at) desc limit $2`,
      [userId, MAX_EXCLUSIONS],
    );
    return rows.map((row) => row.offer_id);
  }
}
