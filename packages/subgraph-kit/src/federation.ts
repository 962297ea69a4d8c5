import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

/** The Federation 2 spec version every subgraph links. */
export const FEDERATION_VERSION = 'v2.7';

const FEDERATION_IMPORTS = [
  '@key',
  '@shareable',
  '@external',
  '@requires',
  '@provides',
  '@override',
  '@inaccessible',
  '@tag',
  '@interfaceObject',
];

/** Resolvers added by hand, e.g. `{ User: { __resolveReference } }`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExtraResolvers = Record<string, Record<string, any>>;

export interface FederatedSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Types not reachable from a query or mutation that must still be in the schema (entities). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` of each entity this subgraph resolves. */
  referenceResolvers?: ExtraResolvers;
}

function mergeResolvers(base: ExtraResolvers, extra: ExtraResolvers = {}): ExtraResolvers {
  const merged: ExtraResolvers = { ...base };
  for (const [typeName, fields] of Object.entries(extra)) {
    merged[typeName] = { ...(merged[typeName] ?? {}), ...fields };
  }
  return merged;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql makes the schema
 * (keeping `@Directive('@key(fields: "id")')` and friends), its SDL is re-read by
 * `@apollo/subgraph` with the federation `@link`, and type-graphql's resolvers are attached back
 * together with the entity reference resolvers.
 *
 * Decorator metadata is not emitted by esbuild/oxc (vitest), so give every @Field/@Arg/@Query/
 * @Mutation/@FieldResolver an explicit type function.
 */
export async function buildFederatedSchema(
  options: FederatedSchemaOptions,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    skipCheck: true,
    validate: false,
  });
  const imports = FEDERATION_IMPORTS.map((name) => JSON.stringify(name)).join(', ');
  const typeDefs = parse(
    `extend schema @link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: [${imports}])\n` +
      printSchemaWithDirectives(schema),
  );
  const resolvers = mergeResolvers(
    createResolversMap(schema) as ExtraResolvers,
    options.referenceResolvers,
  );
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}

/** The subgraph SDL with federation directives, as `npm run compose` feeds it to composition. */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}
