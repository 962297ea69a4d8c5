import 'reflect-metadata';
import {
  Ctx,
  Field,
  Float,
  GraphQLISODateTime,
  Int,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, serviceUnavailable } from '@jobmarket/subgraph-kit';
import type { PlatformProbe } from './probe.js';

/**
 * The `platform` subgraph: served by the gateway itself (a local data source, no network hop),
 * composed into the supergraph like the others, so the web app's health page asks the one graph.
 */
export const PLATFORM_SUBGRAPH = 'platform';

@ObjectType('ServiceHealth')
class ServiceHealth {
  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description: 'up (ready), degraded (answers but not ready) or down (unreachable).',
  })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Only shown in development.' })
  url!: string | null;

  @Field(() => Float, { nullable: true })
  latencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'What is failing, when something is.' })
  message!: string | null;
}

@ObjectType('ConsumerLag')
class ConsumerLag {
  @Field(() => String)
  service!: string;

  @Field(() => String)
  group!: string;

  @Field(() => String)
  topic!: string;

  @Field(() => Int)
  lag!: number;
}

@ObjectType('JobRun')
class JobRun {
  @Field(() => String)
  job!: string;

  @Field(() => String, { nullable: true })
  runId!: string | null;

  @Field(() => String)
  status!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;
}

@ObjectType('PlatformHealth')
class PlatformHealth {
  @Field(() => ServiceHealth)
  gateway!: ServiceHealth;

  @Field(() => [ServiceHealth])
  subgraphs!: ServiceHealth[];

  @Field(() => [ConsumerLag], {
    description: 'Read-model consumers and how many curated-offer messages they have not applied.',
  })
  consumers!: ConsumerLag[];

  @Field(() => [JobRun], {
    description: 'Last ingest and transform runs (not reported yet: empty).',
  })
  lastRuns!: JobRun[];
}

@Resolver()
class PlatformResolver {
  @Query(() => PlatformHealth, {
    description: 'Status of the gateway, every subgraph and the read-model consumers.',
  })
  async platformHealth(@Ctx() context: { platform?: PlatformProbe }): Promise<PlatformHealth> {
    if (!context.platform) throw serviceUnavailable('Platform health is not available here.');
    return context.platform.health();
  }
}

export function buildPlatformSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [PlatformResolver] });
}
