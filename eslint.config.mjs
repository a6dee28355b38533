// Lint: typescript-eslint's recommended rules over the TypeScript sources and tests.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'bench/data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // @stdlib packages are CommonJS with `export =` typings: `import x = require(...)` is their form.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^@stdlib/', '^simple-statistics$'] }],
    },
  },
);
