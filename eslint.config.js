import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'web/dist/',
      '.atlas-data/',
      '.atlas-test/',
      'test-output/',
      'bench-output/',
      'scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Data flows one way (ARCHITECTURE.md): web/ talks to the server over HTTP only, and nothing below web/ imports it.
  // What the web and the PDF share (colours, classes, names) is owned by server/src/legend and served to the web.
  {
    files: ['server/**', 'db/**', 'tiles/**', 'data-import/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)web/', message: 'web/ is reached over HTTP only; server/src/legend owns what is shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(server|db|tiles|data-import)/',
              message: 'web/ talks to the server over HTTP only (e.g. /api/client-config), never to its source.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
