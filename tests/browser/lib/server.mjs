// In-process static HTTP server that serves a built site under a sub-path
// (e.g. http://127.0.0.1:PORT/nested/waymark/) and answers 404 everywhere else,
// so that any link or asset reference that is not relative shows up as a failure.
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { join, extname, resolve, sep } from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Start serving `siteDir` at http://127.0.0.1:<port, random if 0><basePath>.
 * Resolves to { baseUrl, port, requests, close() }; `requests` logs every request seen.
 */
export async function startServer(siteDir, basePath = '/nested/waymark/', port = 0) {
  const root = resolve(siteDir);
  if (!basePath.startsWith('/') || !basePath.endsWith('/')) {
    throw new Error(`basePath must start and end with '/': ${basePath}`);
  }
  const requests = [];
  const server = http.createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      requests.push({ url: req.url, status: 400 });
      return send(400, 'bad request\n');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      requests.push({ url: req.url, status: 405 });
      return send(405, 'method not allowed\n');
    }
    if (!pathname.startsWith(basePath)) {
      requests.push({ url: req.url, status: 404 });
      return send(404, `not found (outside ${basePath})\n`);
    }
    let file = resolve(join(root, pathname.slice(basePath.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      requests.push({ url: req.url, status: 403 });
      return send(403, 'forbidden\n');
    }
    let st;
    try {
      st = statSync(file);
      if (st.isDirectory()) {
        // Behave like a typical static host; the crawler separately fails links that name a folder.
        file = join(file, 'index.html');
        st = statSync(file);
      }
    } catch {
      requests.push({ url: req.url, status: 404 });
      return send(404, 'not found\n');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] || 'application/octet-stream';
    requests.push({ url: req.url, status: 200 });
    res.writeHead(200, {
      'content-type': type,
      'content-length': st.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const bound = server.address().port;
  return {
    port: bound,
    baseUrl: `http://127.0.0.1:${bound}${basePath}`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
