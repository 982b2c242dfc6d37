// Lints the theme's browser scripts (themes/default/static/*.js and the parts
// of the scripts the build joins, static/parts/), the test helpers and, from
// scripts/test.sh, each joined script as the build writes it. Run by
// scripts/test.sh before the Rust tests. The theme's scripts are classic
// scripts (file:// allows no modules), so they are linted as such, for the
// browsers the site supports.
//
// A part (static/parts/X/*.js) is a fragment of one joined script X.js: the
// build (theme::JOINED_SCRIPTS) runs all of X's parts inside one function in
// strict mode. So a part is linted as strict code that may use what the other
// parts of its folder and of parts/shared/ declare at their top level (found
// by parsing them), and whose own top-level names are not globals. Unused
// names and names declared twice are caught in the joined output, linted as
// `joined/X.js`, where every part is in one scope.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
// ESLint's own parser (a dependency of eslint), to read what a part declares.
import * as espree from 'espree';

const STATIC = 'themes/default/static';
const PARTS = `${STATIC}/parts`;
const ECMA = 2020;

const common = {
  'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
  'no-var': 'off',
  eqeqeq: ['error', 'smart'],
  'no-implicit-globals': 'error',
};

/** The names a part declares at its top level: functions as read-only,
 * variables as writable (parts share state such as the loaded manifest). */
function declared(file) {
  const program = espree.parse(readFileSync(file, 'utf8'), { ecmaVersion: ECMA, sourceType: 'script' });
  const names = {};
  for (const node of program.body) {
    if (node.type === 'FunctionDeclaration') names[node.id.name] = 'readonly';
    if (node.type === 'VariableDeclaration') {
      for (const d of node.declarations) if (d.id.type === 'Identifier') names[d.id.name] = 'writable';
    }
  }
  return names;
}

function partFiles(folder) {
  const dir = join(PARTS, folder);
  return readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => `${dir}/${f}`);
}

/** One block per part: the browser's globals and what its siblings declare. */
function partBlocks() {
  const folders = readdirSync(PARTS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const byFile = {};
  for (const folder of folders) for (const file of partFiles(folder)) byFile[file] = declared(file);
  return folders.flatMap((folder) => {
    const siblings = folder === 'shared' ? partFiles('shared') : partFiles(folder).concat(partFiles('shared'));
    return partFiles(folder).map((file) => {
      const shared = {};
      for (const other of siblings) if (other !== file) Object.assign(shared, byFile[other]);
      return {
        files: [file],
        languageOptions: { globals: { ...globals.browser, ...shared } },
      };
    });
  });
}

export default [
  js.configs.recommended,
  {
    files: [`${STATIC}/**/*.js`, 'joined/*.js'],
    languageOptions: {
      ecmaVersion: ECMA,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
    rules: common,
  },
  {
    files: [`${PARTS}/**/*.js`],
    languageOptions: { parserOptions: { ecmaFeatures: { impliedStrict: true } } },
    rules: {
      // Top-level names stay inside the joined script's function; whether
      // each is used is checked there, across parts.
      'no-implicit-globals': 'off',
      'no-unused-vars': ['error', { vars: 'local', args: 'none', caughtErrors: 'none' }],
    },
  },
  ...partBlocks(),
  {
    files: ['tests/js/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
  },
];
