// Lint rules, including the layer table of STYLE.md as import boundaries, so they hold without anyone remembering them:
//   shared   imports nothing environment-specific (no electron, node:*, React, DOM libraries)
//   main     shared, Node, better-sqlite3 (never renderer or preload)
//   preload  shared and electron only
//   renderer shared, React, zustand, AG Grid, ECharts (never main, preload, node:* or electron)
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'child_process',
  'worker_threads',
  'url',
  'stream',
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.workbench-native/**',
      'bench/.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', ...nodeBuiltins],
              message: 'src/shared runs everywhere: no Electron or Node modules.',
            },
            {
              group: ['react', 'react-dom', 'zustand', 'ag-grid-*', 'echarts', 'echarts/*', 'better-sqlite3'],
              message: 'src/shared holds pure code only.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared imports nothing from the other layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '**/preload/**'], message: 'main imports only shared.' },
            { group: ['react', 'react-dom', 'zustand', 'ag-grid-*'], message: 'UI libraries belong to the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'better-sqlite3'],
              message: 'The sandboxed preload may import only electron and shared code.',
            },
            { group: ['**/main/**', '**/renderer/**'], message: 'preload imports only shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', ...nodeBuiltins, 'better-sqlite3'],
              message: 'The renderer talks to main only through the API client.',
            },
            { group: ['**/main/**', '**/preload/**'], message: 'renderer imports only shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{mjs,cjs,js}', 'tests/**/*.ts', 'bench/**/*.ts', '*.config.{ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
