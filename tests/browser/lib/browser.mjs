// Launch the system Chromium (never a downloaded one) with a fresh profile, and
// make sure nothing a page does can leave the machine.
//
// Offline guard: Chromium is pointed at a "black-hole" proxy on 127.0.0.1 that
// refuses every request (plain HTTP gets a 403, HTTPS/WSS CONNECT is refused), and
// its resolver maps every host but 127.0.0.1 to NOTFOUND. Loopback bypasses the
// proxy, so the local test server is reached directly. This costs nothing per
// request (unlike Playwright request interception); the crawler reports non-local
// requests from the page's 'request' events and the proxy keeps its own log.
import { chromium } from 'playwright-core';
import http from 'node:http';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** True for URLs the site may load: its own files, the local test server, and inline schemes. */
export function isLocalUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['file:', 'data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  if (['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname === '127.0.0.1') return true;
  return false;
}

/** A proxy that refuses everything and remembers what was asked of it. */
async function startBlackHoleProxy() {
  const blocked = [];
  const server = http.createServer((req, res) => {
    blocked.push(req.url);
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('blocked by the Waymark test harness: the site must work offline\n');
  });
  server.on('connect', (req, socket) => {
    blocked.push(`CONNECT ${req.url}`);
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    blocked,
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/**
 * Start Chromium with a throwaway --user-data-dir. Returns
 * { context, blocked, newPage(), close() }; `blocked` lists every request the
 * black-hole proxy refused.
 */
export async function launchBrowser({ viewport = { width: 1280, height: 800 }, serviceWorkers = 'block' } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH} (install the Debian package 'chromium' or set CHROMIUM=/path/to/chromium)`,
    );
  }
  const proxy = await startBlackHoleProxy();
  const userDataDir = mkdtempSync(join(tmpdir(), 'waymark-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      // Loopback bypasses a proxy by default in Chromium, so only non-local traffic hits it.
      args: [...ARGS, `--proxy-server=${proxy.url}`],
      viewport,
      // Blocked for every check but the offline one, which needs the site's worker.
      serviceWorkers,
      acceptDownloads: false,
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
  } catch (err) {
    await proxy.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  // A persistent context opens with one blank tab; close it so page counts stay honest.
  for (const p of context.pages()) await p.close().catch(() => {});
  return {
    context,
    blocked: proxy.blocked,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close().catch(() => {});
      await proxy.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
