// Open the site from file:// (as someone double-clicking index.html would) and walk every page.
import { crawlCheck } from '../lib/crawl.mjs';

export default {
  name: 'crawl-file',
  order: 10,
  description: 'every page reachable from index.html works from file:// (links, #fragments, console, CSP, requests, offline)',
  run: (ctx) => crawlCheck(ctx, 'file'),
};
