// Ranking, tested as readers search: each realistic question of
// lib/search-questions.mjs (magistrates, probation officers, treatment
// providers, steering chairs) is typed into the real results page
// (search.html?q=…, from file://, the reader search.js over the bundled
// site's index), and the page that answers it must be among the first three
// results. A question may hold words the right page does not use, so a
// ranking that requires every word fails here.
import { makeRecorder, openSiteTab } from '../lib/interact.mjs';
import { QUESTIONS, answers } from '../lib/search-questions.mjs';

const TOP = 3;

export default {
  name: 'search-questions',
  order: 61,
  description: `${QUESTIONS.length} realistic questions each find their page in the top ${TOP} results`,
  async run(ctx) {
    const rec = makeRecorder();
    const tab = await openSiteTab(ctx, 'file');
    try {
      for (const { who, q, page: want } of QUESTIONS) {
        const rel = `search.html?q=${encodeURIComponent(q)}`;
        const { problems, where } = await tab.open(rel);
        await rec.step(where, `"${q}"`, async () => {
          await tab.page.waitForSelector('.wm-search-results > li, .wm-search-empty > *', { timeout: 5000 });
          const hrefs = await tab.page.$$eval('.wm-search-results > li .wm-search-result__link', (as) => as.map((a) => a.href));
          const pages = hrefs.map((h) => tab.variant.relOf(h.split('#')[0]));
          const rank = pages.findIndex((p) => p !== null && answers(want, p));
          rec.expect(rank >= 0 && rank < TOP, where,
            `${who}'s question "${q}" should find ${want} in the top ${TOP}; ` +
            (rank < 0 ? 'it is not on the first page of results' : `it is result ${rank + 1}`) +
            `; top ${TOP}: ${pages.slice(0, TOP).join(', ') || 'none'}`);
        });
        rec.problems(where, problems);
      }
    } finally {
      await tab.close();
    }
    return rec.failures;
  },
};
