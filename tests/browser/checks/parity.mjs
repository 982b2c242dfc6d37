// The same pages must be reachable whether the site is opened from disk or from a server.
export default {
  name: 'file-http-parity',
  order: 30,
  description: 'file:// and http:// crawls reach the same pages with the same titles',
  async run(ctx) {
    const [f, h] = [await ctx.crawl('file'), await ctx.crawl('http')];
    const byRel = (r) => new Map(r.pages.map((p) => [p.rel, p]));
    const fm = byRel(f);
    const hm = byRel(h);
    const failures = [];
    for (const [rel, p] of fm) {
      if (!hm.has(rel)) failures.push({ page: p.url, message: 'reached from file:// but not from http://' });
      else if (hm.get(rel).title !== p.title) {
        failures.push({ page: p.url, message: `title differs: file "${p.title}" vs http "${hm.get(rel).title}"` });
      }
    }
    for (const [rel, p] of hm) {
      if (!fm.has(rel)) failures.push({ page: p.url, message: 'reached from http:// but not from file://' });
    }
    ctx.note(`${fm.size} file:// pages, ${hm.size} http:// pages`);
    return failures;
  },
};
