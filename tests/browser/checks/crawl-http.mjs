// Serve the site under a sub-path (http://127.0.0.1:PORT/nested/waymark/) and walk every page.
import { crawlCheck } from '../lib/crawl.mjs';

export default {
  name: 'crawl-http',
  order: 20,
  description: 'every page reachable from index.html works from a static server under a sub-path',
  run: (ctx) => crawlCheck(ctx, 'http'),
};
