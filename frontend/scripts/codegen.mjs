#!/usr/bin/env node
/**
 * `npm run codegen`: the web app's typed GraphQL client, generated from the committed supergraph.
 *
 * 1. gateway/supergraph.graphql → its API schema (what the gateway serves to browsers).
 * 2. + graphql/planned.graphql: only what the supergraph lacks (types, fields, enum values), so the
 *    real schema always wins; every field taken from the plan is recorded.
 * 3. Every operation in src/graphql/*.graphql is validated against that schema, and typed with
 *    @graphql-codegen (typescript-operations + typed-document-node) into
 *    src/gql/graphql.ts: one `XxxDocument` per operation, typed data and variables.
 * 4. src/gql/capabilities.ts: the planned fields, and for each operation the planned fields it
 *    needs. The app does not send an operation that needs one (its page shows "bientôt
 *    disponible"), so pages light up by themselves when a subgraph lands and codegen runs again.
 *
 * `--check` writes nothing and exits 1 when the committed output is stale; `--verify` only checks
 * that every operation is valid against the current supergraph (+ plan), and writes nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import * as prettier from 'prettier';
import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import {
  Kind,
  Source,
  TypeInfo,
  extendSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
  parse,
  printSchema,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const root = resolve(frontend, '..');
const check = process.argv.includes('--check');
const verifyOnly = process.argv.includes('--verify');
const supergraphPath = process.env.SUPERGRAPH_PATH ?? join(root, 'gateway/supergraph.graphql');

const supergraphSdl = readFileSync(supergraphPath, 'utf8');
const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

// --- 2. merge the plan: only what is missing ------------------------------------------------
const plan = parse(readFileSync(join(frontend, 'graphql/planned.graphql'), 'utf8'));
const additions = [];
const plannedFields = [];
for (const definition of plan.definitions) {
  const name = definition.name.value;
  const existing = api.getType(name);
  if (!existing) {
    additions.push(definition);
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
      for (const field of definition.fields ?? [])
        plannedFields.push(`${name}.${field.name.value}`);
    }
    continue;
  }
  if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && isObjectType(existing)) {
    const have = existing.getFields();
    const fields = (definition.fields ?? []).filter((field) => !have[field.name.value]);
    if (fields.length > 0) {
      additions.push({ kind: Kind.OBJECT_TYPE_EXTENSION, name: definition.name, fields });
      for (const field of fields) plannedFields.push(`${name}.${field.name.value}`);
    }
  } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && isInputObjectType(existing)) {
    const have = existing.getFields();
    const fields = (definition.fields ?? []).filter((field) => !have[field.name.value]);
    if (fields.length > 0)
      additions.push({ kind: Kind.INPUT_OBJECT_TYPE_EXTENSION, name: definition.name, fields });
  } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION && isEnumType(existing)) {
    const have = new Set(existing.getValues().map((value) => value.name));
    const values = (definition.values ?? []).filter((value) => !have.has(value.name.value));
    if (values.length > 0)
      additions.push({ kind: Kind.ENUM_TYPE_EXTENSION, name: definition.name, values });
  }
}
const schema =
  additions.length > 0 ? extendSchema(api, { kind: Kind.DOCUMENT, definitions: additions }) : api;
const planned = new Set(plannedFields);

// --- 3. operations ------------------------------------------------------------------------
const documentsDir = join(frontend, 'src/graphql');
const files = readdirSync(documentsDir)
  .filter((file) => file.endsWith('.graphql'))
  .sort();
const documents = files.map((file) => {
  const location = join(documentsDir, file);
  const name = relative(frontend, location);
  return { location: name, document: parse(new Source(readFileSync(location, 'utf8'), name)) };
});
const allDefinitions = {
  kind: Kind.DOCUMENT,
  definitions: documents.flatMap(({ document }) => document.definitions),
};

let invalid = 0;
// Fragments are shared between files, so the operations are validated together.
for (const error of validate(schema, allDefinitions)) {
  invalid += 1;
  const where = error.locations?.[0];
  const file = error.nodes?.[0]?.loc?.source?.name ?? '';
  console.error(`${file}${where ? `:${where.line}:${where.column}` : ''}: ${error.message}`);
}
const operationNeeds = {};
const seen = new Map();
for (const { location, document } of documents) {
  // Fragments first, so an operation inherits what its fragments need.
  const needsOf = (node) => {
    const needs = new Set();
    const spreads = new Set();
    const typeInfo = new TypeInfo(schema);
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType();
          if (parent && planned.has(`${parent.name}.${field.name.value}`))
            needs.add(`${parent.name}.${field.name.value}`);
        },
        FragmentSpread(spread) {
          spreads.add(spread.name.value);
        },
      }),
    );
    return { needs, spreads };
  };
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OPERATION_DEFINITION &&
      definition.kind !== Kind.FRAGMENT_DEFINITION
    )
      continue;
    const name = definition.name?.value;
    if (!name) {
      invalid += 1;
      console.error(`${location}: every operation needs a name`);
      continue;
    }
    if (seen.has(name)) {
      invalid += 1;
      console.error(`${location}: ${name} is also defined in ${seen.get(name)}`);
    }
    seen.set(name, location);
    operationNeeds[name] = { ...needsOf(definition), kind: definition.kind };
  }
}
if (invalid > 0) {
  console.error(
    `codegen: ${invalid} error(s) in the operations (schema: ${relative(root, supergraphPath)} + planned.graphql)`,
  );
  process.exit(1);
}
if (verifyOnly) {
  console.log(
    JSON.stringify({
      verified: Object.keys(operationNeeds).length,
      supergraph: relative(root, supergraphPath),
    }),
  );
  process.exit(0);
}
const resolveNeeds = (name, stack = new Set()) => {
  const entry = operationNeeds[name];
  if (!entry || stack.has(name)) return new Set();
  stack.add(name);
  const all = new Set(entry.needs);
  for (const spread of entry.spreads) for (const need of resolveNeeds(spread, stack)) all.add(need);
  return all;
};
const operations = Object.fromEntries(
  Object.entries(operationNeeds)
    .filter(([, entry]) => entry.kind === Kind.OPERATION_DEFINITION)
    .map(([name]) => [name, [...resolveNeeds(name)].sort()])
    .sort(([a], [b]) => a.localeCompare(b)),
);

const header = (what) =>
  `/* eslint-disable */\n// Generated by \`npm run codegen\` (frontend/scripts/codegen.mjs) from gateway/supergraph.graphql\n// and frontend/graphql/planned.graphql: ${what}. Do not edit.\n`;

const generated = await codegen({
  filename: 'graphql.ts',
  schema: parse(printSchema(schema)),
  documents,
  plugins: [{ typescriptOperations: {} }, { typedDocumentNode: {} }],
  pluginMap: { typescriptOperations, typedDocumentNode },
  config: {
    scalars: { DateTimeISO: 'string', ID: 'string' },
    enumsAsTypes: true,
    onlyOperationTypes: true,
    preResolveTypes: true,
    skipTypename: false,
    nonOptionalTypename: false,
    avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
    useTypeImports: true,
    dedupeFragments: true,
  },
});

const supergraphHash = createHash('sha256').update(supergraphSdl).digest('hex').slice(0, 16);
const capabilities = `${header('what the app may ask the gateway for')}
/** sha-256 (16 hex) of the supergraph this client was generated from. */
export const SUPERGRAPH_HASH = '${supergraphHash}';

/** Fields the app uses that the supergraph does not have yet (from graphql/planned.graphql). */
export const PLANNED_FIELDS: readonly string[] = ${JSON.stringify([...planned].sort(), null, 2)};

/** For each operation, the planned fields it needs: an operation listed with any is not sent. */
export const OPERATION_NEEDS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(operations, null, 2)};
`;

const outputs = {
  'src/gql/graphql.ts': `${header('typed operations')}${generated}`,
  'src/gql/capabilities.ts': capabilities,
  'src/gql/schema.graphql': `# Generated by \`npm run codegen\`: the supergraph's API schema + the planned parts the app uses.\n# Do not edit.\n\n${printSchema(schema)}\n`,
};

// Formatted like the rest of the repository, so `prettier --check .` holds for generated files too.
for (const [path, content] of Object.entries(outputs)) {
  const filepath = join(frontend, path);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  outputs[path] = await prettier.format(content, { ...options, filepath });
}

let stale = 0;
for (const [path, content] of Object.entries(outputs)) {
  const target = join(frontend, path);
  let current = null;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = null;
  }
  if (current === content) continue;
  stale += 1;
  if (check) {
    console.error(`codegen: ${path} is stale; run npm run codegen`);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
const unavailable = Object.entries(operations).filter(([, needs]) => needs.length > 0);
console.log(
  JSON.stringify({
    supergraph: supergraphHash,
    operations: Object.keys(operations).length,
    plannedFields: planned.size,
    operationsWaitingForTheGraph: unavailable.map(([name]) => name),
    changed: check ? 0 : stale,
    stale: check ? stale : 0,
  }),
);
if (check && stale > 0) process.exit(1);
