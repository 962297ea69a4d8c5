import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { Route } from '@jobmarket/subgraph-kit';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Streams a file with its content type; `immutable` for content-hashed assets. */
export function sendFile(
  res: ServerResponse,
  file: string,
  { immutable = false, head = false } = {},
): void {
  const stat = statSync(file);
  res.writeHead(200, {
    'content-type': contentType(file),
    'content-length': stat.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/**
 * Serves the web app's static build from `root` (WEB_ROOT) at `/`: files as they are, `assets/`
 * as immutable, and `index.html` for any other GET that accepts HTML (client-side routes). Paths
 * that escape the root are refused. Does nothing when the directory does not exist.
 */
export function webRootRoute(root: string | undefined): Route | undefined {
  if (!root) return undefined;
  const base = resolve(root);
  if (!existsSync(join(base, 'index.html'))) return undefined;
  return ({ req, url }, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return false;
    }
    if (path.includes('\0')) return false;
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return false;
    if (existsSync(file) && statSync(file).isFile()) {
      sendFile(res, file, { immutable: path.startsWith('/assets/'), head: method === 'HEAD' });
      return true;
    }
    const acceptsHtml = (req.headers.accept ?? '').includes('text/html');
    if (acceptsHtml && !extname(path)) {
      sendFile(res, join(base, 'index.html'), { head: method === 'HEAD' });
      return true;
    }
    return false;
  };
}
