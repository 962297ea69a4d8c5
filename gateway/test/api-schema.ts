import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/** The client-facing schema of a supergraph SDL (what the gateway serves). */
export function buildApiSchemaFromSupergraph(sdl: string): GraphQLSchema {
  return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
}
