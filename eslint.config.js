// One lint configuration for the four packages. `npm run lint` runs ESLint and Prettier's check;
// CI fails on either. The module boundaries are the `zhongli/*` rules (lint/boundaries.js).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import boundaries from './lint/boundaries.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'coverage/**',
      'bench-results/**',
      'data/**',
      'e2e/screenshots/**',
      'server/.crash/**', // the crash loop's bundles (gitignored)
      'e2e/scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { zhongli: boundaries },
    rules: {
      'zhongli/domain-pure': 'error',
      'zhongli/thin-routes': 'error',
      'zhongli/module-entry': 'error',
      'zhongli/no-module-cycles': 'error',
      'zhongli/kit-below-modules': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // TypeScript already knows every global, including the DOM's types (typescript-eslint's advice).
      'no-undef': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Chinese text uses the ideographic space (U+3000) on purpose, e.g. between a name and a code.
    files: ['**/*.vue'],
    rules: { 'no-irregular-whitespace': 'off' },
  },
  {
    // Migrations see the database as it was then, not as db/schema.ts says it is now (Kysely's advice).
    files: ['server/src/db/migrate.ts', 'server/src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Domain unit tests need the test runner; the rule is about what the rules themselves import.
    files: ['domain/src/**/*.test.ts'],
    rules: { 'zhongli/domain-pure': 'off' },
  },
  {
    // Command-line tools and test tooling print to the terminal on purpose.
    files: ['server/scripts/**', 'server/bench/**', 'scripts/**', 'e2e/**', 'server/src/main.ts', 'server/test/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
