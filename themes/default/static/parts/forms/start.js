/* Waymark forms: checking, saving, opening, CSV and printing, in the page.
 *
 * Why it is written this way:
 * - A classic script (no modules, fetch or workers), because pages are
 *   opened from file:// where browsers block those.
 * - Answers are personal data. They stay in this tab: this script never
 *   uses localStorage, sessionStorage, IndexedDB or cookies, which on
 *   file:// every local page shares. "Save to a file" is the only way to
 *   keep a draft, and the user chooses where the file goes.
 * - The page's CSP allows no inline script or style, and user text is only
 *   ever set with textContent or .value, never parsed as HTML.
 * - Without this script the page is a complete blank form to print: every
 *   conditional question is shown with its condition written out, and the
 *   buttons carry `hidden` until this script removes it.
 *
 * The theme keeps it in parts (static/parts/forms/ and the shared
 * download.js), joined into one forms.js at build, inside one function, by
 * theme.rs. A form's state while the page is open is a `FormPage`
 * (page.js); each part's functions take it.
 */

var MAX_FILE_BYTES = 1024 * 1024;

function each(list, fn) { Array.prototype.forEach.call(list, fn); }
