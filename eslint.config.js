// ESLint flat config. The layering rule (GUIDE §1, seed 000: ui <- api <- ops <- src) is enforced
// with no-restricted-imports per folder: a layer may import only the layer below and electron/shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'test-results/**', 'native/addon/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/electron/services/**', '**/electron/cli/**', '**/electron/server/**', '**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], 'native/ (src) imports only electron/shared.')],
      }],
    },
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/cli/**', '**/server/**', '**/main/**', '**/preload/**', '**/renderer/**'], 'electron/services (ops) imports only native/ and electron/shared.')],
      }],
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/services/**', '**/cli/**', '**/server/**', '**/main/**', '**/preload/**', '**/native/**', '**/renderer/**', 'node:*'], 'electron/shared is the pure contract: zod only.')],
      }],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/native/**', '**/main/**', '**/preload/**', '**/renderer/**'], 'electron/cli and electron/server (api) call electron/services, not native/ directly.')],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/services/**', '**/cli/**', '**/server/**', '**/main/**', '**/native/**', 'node:*'], 'renderer (ui) talks only through its typed client and electron/shared.')],
      }],
    },
  },
);
