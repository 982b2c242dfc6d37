// Questions readers of the bundled site type into search, each with the page
// that must be among the first three results. Written as people ask them
// (whole questions, abbreviations, words the right page does not use), not
// as the pages' headings. Used by checks/search-questions.mjs.
export const QUESTIONS = [
  // Magistrates and legal advisers
  // "mhtr drr": the combinations page, or the magistrates' module on the same
  // rules (both set out which requirements go together).
  { who: 'magistrate', q: 'mhtr drr', page: ['cstr/combining-requirements.html', 'training/magistrates/04-combining-reviews-breach.html'] },
  { who: 'magistrate', q: 'can I combine an mhtr with a drr', page: ['cstr/combining-requirements.html', 'training/magistrates/04-combining-reviews-breach.html'] },
  { who: 'magistrate', q: 'maximum length of a treatment requirement', page: 'cstr/combining-requirements.html' },
  { who: 'magistrate', q: 'what is the longest a cstr can last', page: 'cstr/combining-requirements.html' },
  { who: 'magistrate', q: 'what is a pink slip for sentencers', page: 'practice/pink-slips.html' },
  { who: 'magistrate', q: 'who decides what happens after a breach', page: 'pathway/breach-and-non-compliance.html' },
  { who: 'magistrate', q: 'what are the statutory tests for an mhtr', page: 'cstr/eligibility.html' },
  { who: 'magistrate', q: 'is a previous breach a bar to a cstr', page: 'pathway/breach-and-non-compliance.html' },
  // Probation officers at court
  { who: 'probation officer', q: 'how do I screen someone at court for a cstr', page: 'pathway/identification-and-screening.html' },
  { who: 'probation officer', q: 'what should probation do before starting breach proceedings', page: 'pathway/breach-and-non-compliance.html' },
  { who: 'probation officer', q: 'reasons not to recommend a treatment requirement', page: 'pathway/sentencing.html' },
  { who: 'probation officer', q: 'how do I fill in a probation pink slip', page: 'practice/pink-slips.html' },
  { who: 'probation officer', q: 'what if someone withdraws their consent after sentence', page: 'cstr/consent.html' },
  // Treatment providers
  { who: 'treatment provider', q: 'how many therapy sessions does an mhtr include', page: ['pathway/mhtr-treatment.html', 'training/treatment-providers/02-delivering-treatment.html'] },
  { who: 'treatment provider', q: 'can mhtr sessions be delivered remotely by video', page: 'pathway/mhtr-treatment.html' },
  { who: 'treatment provider', q: 'who signs off an mhtr clinically', page: 'protocol/national-protocol/index.html' },
  { who: 'treatment provider', q: 'what counts as engagement and success', page: 'practice/engagement-and-success.html' },
  // Steering group chairs
  // Any site's agenda (generated: what that site must confirm) answers it.
  { who: 'steering chair', q: 'what does our site still have to confirm', page: /^embedding\// },
  { who: 'steering chair', q: 'when is a change embedded', page: 'steering/embedding-changes.html' },
  { who: 'steering chair', q: 'what should the steering group review each meeting', page: 'steering/review-agenda.html' },
  { who: 'steering chair', q: 'monthly data returns we must send', page: 'practice/data-returns.html' },
  { who: 'steering chair', q: 'cover when staff leave', page: 'roles/cover-and-continuity.html' },
  { who: 'steering chair', q: 'where does the funding for a site come from', page: 'onboarding/funding.html' },
];

/** True when `rel` (a result's page) answers a question that wants `want`
 * (a page, a list of pages, or a pattern). */
export function answers(want, rel) {
  if (want instanceof RegExp) return want.test(rel);
  return (Array.isArray(want) ? want : [want]).includes(rel);
}

/** A result link's page, relative to the site root, without its #fragment. */
export function pageOf(href, rootUrl) {
  const u = new URL(href);
  return decodeURIComponent(u.pathname).slice(decodeURIComponent(new URL(rootUrl).pathname).length);
}
