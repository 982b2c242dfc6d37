// Lints the theme's browser scripts (themes/default/static/*.js) and the
// test helpers. Run by scripts/test.sh before the Rust tests. The theme's
// scripts are classic scripts (file:// allows no modules), so they are
// linted as such, for the browsers the site supports.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['themes/default/static/**/*.js'],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      'no-var': 'off',
      eqeqeq: ['error', 'smart'],
      'no-implicit-globals': 'error',
    },
  },
  {
    files: ['tests/js/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
  },
];
