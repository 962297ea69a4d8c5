import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { sendJson, type Route } from '@jobmarket/subgraph-kit';
import { sendFile } from './static.js';

/**
 * The offline GraphQL playground at `/playground`: GraphiQL 3 and React 18 from node_modules
 * (their UMD builds), served by the gateway itself, no CDN. It opens one tab per example
 * operation in gateway/playground/examples that is valid against the current supergraph, and
 * keeps the access token returned by `login`/`register`/`refresh` to send it on later requests.
 */

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const gatewayDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const EXAMPLES_DIR = join(gatewayDir, 'playground', 'examples');

const VENDOR: Record<string, () => string> = {
  'react.js': () => join(packageDir('react'), 'umd', 'react.production.min.js'),
  'react-dom.js': () => join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
  'graphiql.js': () => join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': () => join(packageDir('graphiql'), 'graphiql.min.css'),
};

export interface Example {
  name: string;
  query: string;
  variables?: string;
}

/** The example operations (`NN-name.graphql`, optional `NN-name.variables.json`), sorted by file name. */
export function readExamples(dir = EXAMPLES_DIR): Example[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const name = basename(file, '.graphql');
      const variablesFile = join(dir, `${name}.variables.json`);
      return {
        name,
        query: readFileSync(join(dir, file), 'utf8'),
        ...(existsSync(variablesFile) ? { variables: readFileSync(variablesFile, 'utf8') } : {}),
      };
    });
}

/** Examples whose operations are valid against `schema` (those of a subgraph not composed yet are left out). */
export function validExamples(schema: GraphQLSchema, examples = readExamples()): Example[] {
  return examples.filter((example) => {
    try {
      return validate(schema, parse(example.query)).length === 0;
    } catch {
      return false;
    }
  });
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>JobMarket GraphQL playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/playground/vendor/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script src="/playground/vendor/react.js"></script>
<script src="/playground/vendor/react-dom.js"></script>
<script src="/playground/vendor/graphiql.js"></script>
<script src="/playground/boot.js"></script>
</body>
</html>
`;

const BOOT = `(async function () {
  var TOKEN = 'jobmarket.playground.accessToken';
  var REFRESH = 'jobmarket.playground.refreshToken';
  async function fetcher(params, options) {
    var headers = Object.assign({ 'content-type': 'application/json' }, (options && options.headers) || {});
    var token = localStorage.getItem(TOKEN);
    var hasAuth = Object.keys(headers).some(function (h) { return h.toLowerCase() === 'authorization'; });
    if (token && !hasAuth) headers.authorization = 'Bearer ' + token;
    var response = await fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify(params) });
    var json = await response.json();
    var data = json && json.data;
    var session = data && (data.login || data.register || data.refresh);
    if (session && session.accessToken) {
      localStorage.setItem(TOKEN, session.accessToken);
      if (session.refreshToken) localStorage.setItem(REFRESH, session.refreshToken);
    }
    if (data && data.logout) { localStorage.removeItem(TOKEN); localStorage.removeItem(REFRESH); }
    if (json && json.errors && json.errors.some(function (e) { return e.extensions && e.extensions.reason === 'TOKEN_EXPIRED'; })) {
      localStorage.removeItem(TOKEN);
    }
    return json;
  }
  var examples = await (await fetch('/playground/examples.json')).json();
  var refresh = localStorage.getItem(REFRESH) || '';
  var tabs = examples.map(function (e) {
    return { query: e.query, variables: (e.variables || '').replace('"<refresh token>"', JSON.stringify(refresh || '<refresh token>')) };
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: tabs.length ? tabs : undefined,
    // GraphiQL 3 takes the first tab's variables from this prop, not from defaultTabs.
    variables: tabs.length ? tabs[0].variables : undefined,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: true,
  }));
})();
`;

/** Routes of the playground; `schema()` gives the API schema the examples are checked against. */
export function playgroundRoute(schema: () => GraphQLSchema | undefined): Route {
  let examplesCache: { schema: GraphQLSchema; examples: Example[] } | undefined;
  return ({ req, url }, res) => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (path === '/playground' || path === '/playground/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
      });
      res.end(PAGE);
      return true;
    }
    if (path === '/playground/boot.js') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-cache',
      });
      res.end(BOOT);
      return true;
    }
    if (path === '/playground/examples.json') {
      const current = schema();
      if (!current) {
        sendJson(res, 503, []);
        return true;
      }
      if (examplesCache?.schema !== current)
        examplesCache = { schema: current, examples: validExamples(current) };
      sendJson(res, 200, examplesCache.examples);
      return true;
    }
    const vendor = /^\/playground\/vendor\/([a-z-]+\.(?:js|css))$/.exec(path)?.[1];
    const locate = vendor ? VENDOR[vendor] : undefined;
    if (locate) {
      sendFile(res, locate(), { head: method === 'HEAD' });
      return true;
    }
    return false;
  };
}
