import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@jobmarket/telemetry';

/**
 * The contract between `npm run bench:graph` (gateway/src/bench) and a subgraph's benchmark
 * scenarios: a subgraph that ships `dist/bench/scenario.js` exporting
 * `prepareBench(options: BenchSubgraphOptions): Promise<BenchSubgraph>` is started by the bench
 * with its data loaded, put behind a gateway, and each scenario is measured through the gateway,
 * directly, and as store work alone.
 */
export interface BenchSubgraphOptions {
  engine: 'pglite' | 'postgres';
  /** The PostgreSQL server (create a scratch database on it) when engine is postgres. */
  serverUrl?: string;
  /** Offers to load (100 000 by default): scale the real sample up to this. */
  offers: number;
  internalAuthSecret: string;
  /** Access tokens the gateway will verify are HS256 with this secret. */
  jwtSecret: string;
  logger: Logger;
}

export interface BenchScenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Run as this signed-in user (a token through the gateway, signed headers directly). */
  userId?: string;
  /** The store work the resolvers do for this operation, to time it alone. */
  store?: () => Promise<unknown>;
}

export interface BenchSubgraph {
  /** The subgraph's name (its folder name). */
  name: string;
  /** Its /graphql URL, already listening. */
  url: string;
  schema: GraphQLSchema;
  scenarios: BenchScenario[];
  close(): Promise<void>;
}
