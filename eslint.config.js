// Lint configuration, including the layer rule of docs/architecture.md:
//   contract ← core ← engine ← {cli, bot-hook};  contract ← broker-*
// Nothing imports a broker package: the engine's loader reaches brokers through a dynamic import of a
// name or path that comes from configuration, so a third-party broker is exactly as possible as ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const scope = '@forced-cleanup';
const allPackages = ['contract', 'core', 'engine', 'cli', 'bot-hook', 'broker-*'];

/** The packages each layer may import; everything else of ours is forbidden. */
const layers = {
  contract: [],
  core: ['contract'],
  engine: ['contract', 'core'],
  cli: ['contract', 'core', 'engine'],
  'bot-hook': ['contract', 'core', 'engine'],
  'broker-*': ['contract'],
  'broker-testkit': ['contract'],
};

function forbiddenFor(layer) {
  const allowed = new Set(layers[layer]);
  const names = allPackages.filter((p) => !allowed.has(p) && p !== layer);
  if (layer.startsWith('broker-')) names.push('broker-*');
  // A set: a broker layer adds broker-* itself, and eslint refuses a group that names a pattern twice.
  return [...new Set(names)].map((p) => `${scope}/${p}`);
}

const layerRules = Object.keys(layers).map((layer) => ({
  files: [`packages/${layer}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: forbiddenFor(layer),
            message: `layer rule: packages/${layer} may import only ${layers[layer].map((p) => scope + '/' + p).join(', ') || 'no package of ours'} (docs/architecture.md)`,
          },
          { group: ['../../*', '../../../*'], message: 'import other packages by name, never by a relative path' },
        ],
      },
    ],
  },
}));

/** See the rule's use below. */
const noAsyncHooks = {
  selector: "ImportDeclaration[source.value=/^(node:)?async_hooks$/], ImportExpression[source.value=/^(node:)?async_hooks$/]",
  message: 'no async_hooks / AsyncLocalStorage in shipped code: on Node 20 they turn on promise hooks for the whole process (docs/performance.md)',
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/reports/**', '.nx/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
  {
    // Shipped code never uses async_hooks: on Node 20 an AsyncLocalStorage or async hook turns on promise
    // hooks for the whole process, which doubled the CPU of every request in the 200-account benchmark —
    // and forced-cleanup runs inside bots (docs/performance.md, section 4).
    files: ['packages/*/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', noAsyncHooks] },
  },
  {
    // The planner is pure: no I/O, no clock, no environment.
    files: ['packages/core/src/**/*.ts', 'packages/contract/src/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'contract and core are pure: pass values in' },
        { name: 'fetch', message: 'contract and core are pure: no network' },
        { name: 'setTimeout', message: 'contract and core are pure: no timers' },
      ],
      'no-restricted-syntax': [
        'error',
        noAsyncHooks,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core is pure: take the time as an argument' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core is pure: take the time as an argument' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'core is deterministic' },
        { selector: "ImportDeclaration[source.value=/^(node:)?(fs|net|http|https|child_process|fs\\/promises|os|dgram|tls)$/]", message: 'core is pure: no I/O modules' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
