#!/usr/bin/env node
// Deploy-style copy of one npm workspace: the workspace's package.json and dist/, the workspaces
// it depends on (production dependencies only, followed through the links npm made), and exactly
// the node_modules packages their production dependency closure needs, resolved the way Node
// resolves them (nested node_modules first), read from package-lock.json. What `pnpm deploy` does,
// for npm workspaces: `npm prune --omit=dev` would keep every workspace's dependencies (DuckDB,
// onnxruntime, Snowflake...) in every image.
//
//   node deploy/docker/copy-workspace.mjs <workspace> <out> [extra path...] [--link]
//
// Run from the repository root after `npm ci` and the build. <workspace> is a folder
// (gateway, subgraphs/users, jobs/ingest); extra paths (files or folders, relative to the root)
// are copied as they are (gateway/supergraph.graphql, frontend/dist, dbt). --link hard-links
// files instead of copying them (the tests use it; images copy). Prints one JSON line.
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const link = args.includes('--link');
const [workspace, out, ...extras] = args.filter((arg) => arg !== '--link');
if (!workspace || !out) {
  console.error('usage: copy-workspace.mjs <workspace> <out> [extra path...] [--link]');
  process.exit(2);
}
const root = process.cwd();
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const entries = lock.packages ?? {};
const start = workspace.replace(/\/+$/, '');
if (!entries[start]) {
  console.error(`${start} is not a workspace in package-lock.json`);
  process.exit(2);
}

/** The lock location a package at `from` gets for `name`: nested node_modules first, then up. */
function resolveDependency(from, name) {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (entries[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : base.startsWith('node_modules/') ? '' : '';
  }
}

const packages = new Set(); // node_modules/... locations to copy
const links = new Map(); // node_modules/... link location -> workspace folder
const workspaces = new Set([start]);
const queue = [start];
const missingOptional = [];
while (queue.length > 0) {
  const location = queue.shift();
  const entry = entries[location];
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  const wanted = [
    ...Object.keys(entry.dependencies ?? {}).map((name) => [name, false]),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => [name, true]),
    ...Object.keys(entry.peerDependencies ?? {}).map((name) => [
      name,
      Boolean(optionalPeers[name]?.optional),
    ]),
  ];
  for (const [name, optional] of wanted) {
    const found = resolveDependency(location, name);
    if (!found || !existsSync(join(root, found))) {
      if (optional) {
        missingOptional.push(name);
        continue;
      }
      console.error(`${location} needs ${name}, which is not installed (run npm ci first)`);
      process.exit(1);
    }
    const target = entries[found];
    if (target.link) {
      links.set(found, target.resolved);
      if (!workspaces.has(target.resolved)) {
        workspaces.add(target.resolved);
        queue.push(target.resolved);
      }
    } else if (!packages.has(found)) {
      packages.add(found);
      queue.push(found);
    }
  }
}

let files = 0;
function place(source, destination) {
  mkdirSync(dirname(destination), { recursive: true });
  if (link) {
    try {
      linkSync(source, destination);
      files += 1;
      return;
    } catch (error) {
      if (error.code !== 'EXDEV') throw error;
    }
  }
  copyFileSync(source, destination);
  files += 1;
}

/** Copies a file or folder; `skip(relativePath, isDirectory)` leaves entries out. */
function copyTree(source, destination, skip = () => false, base = source) {
  const stat = lstatSync(source);
  if (stat.isSymbolicLink()) {
    mkdirSync(dirname(destination), { recursive: true });
    symlinkSync(readlinkSync(source), destination);
    return;
  }
  if (!stat.isDirectory()) {
    place(source, destination);
    return;
  }
  mkdirSync(destination, { recursive: true });
  for (const name of readdirSync(source)) {
    const from = join(source, name);
    const isDirectory = lstatSync(from).isDirectory();
    if (skip(relative(base, from), isDirectory)) continue;
    copyTree(from, join(destination, name), skip, base);
  }
}

const target = resolve(out);
mkdirSync(target, { recursive: true });
place(join(root, 'package.json'), join(target, 'package.json'));

// Nested node_modules are packages of their own in the lock: copied only when needed.
for (const location of packages) {
  copyTree(join(root, location), join(target, location), (path, isDirectory) => {
    return isDirectory && (path === 'node_modules' || path.endsWith('/node_modules'));
  });
}
for (const [location, folder] of links) {
  mkdirSync(dirname(join(target, location)), { recursive: true });
  symlinkSync(
    relative(dirname(join(target, location)), join(target, folder)),
    join(target, location),
  );
}
// A workspace at run time: its manifest, its build (without type declarations) and its SQL
// migrations when it has some.
for (const folder of workspaces) {
  place(join(root, folder, 'package.json'), join(target, folder, 'package.json'));
  for (const part of ['dist', 'migrations']) {
    if (!existsSync(join(root, folder, part))) continue;
    copyTree(join(root, folder, part), join(target, folder, part), (path, isDirectory) => {
      return !isDirectory && /\.d\.ts(\.map)?$|\.tsbuildinfo$/.test(path);
    });
  }
}
for (const extra of extras) {
  if (!existsSync(join(root, extra))) {
    console.error(`${extra} does not exist (build it first)`);
    process.exit(1);
  }
  copyTree(join(root, extra), join(target, extra));
}

console.log(
  JSON.stringify({
    workspace: start,
    workspaces: [...workspaces].sort(),
    packages: packages.size,
    files,
    skippedOptional: [...new Set(missingOptional)].sort().length,
  }),
);
