// @ts-check
// The layering rule (GUIDE §1, seed 000: ui <- api <- ops <- src, the contract under all of them), checked by
// dependency-cruiser in `npm run lint`. LAYERS below is the one table of who may import whom; every rule in
// `forbidden` is generated from it, so a change to the architecture is a change to this table and nowhere else.
// tests/unit/lint/layering.test.ts shows each rule failing on a wrong import.

/**
 * @typedef {object} Layer
 * @property {string} path   the folder, relative to the repository root ('.': the files at the top level only)
 * @property {string} what   what lives there, for the violation message
 * @property {string[]} may  the other layers (and 'native-index': native/ through its index modules only) its files may
 *                           import; a layer always may import itself
 * @property {boolean} [electron]  may import the `electron` package (only the Electron shell and its preload)
 * @property {boolean} [node]      may import Node built-ins (default true; false for code that runs outside Node)
 * @property {string[]} [packages] when set, the only npm packages it may import
 */

/** @type {Record<string, Layer>} */
export const LAYERS = {
  shared: { path: 'electron/shared', what: 'the contract (pure TS: channel names, zod schemas, constants)', may: [], node: false, packages: ['zod'] },
  native: { path: 'native', what: 'src: the engine and the media layer', may: ['shared'] },
  services: { path: 'electron/services', what: 'ops: plain-Node feature services', may: ['shared', 'native-index'] },
  // The CLI's `serve` verb starts the server; the server never imports the CLI.
  cli: { path: 'electron/cli', what: 'api: the earshot command line', may: ['shared', 'services', 'server'] },
  server: { path: 'electron/server', what: 'api: earshot serve (HTTP + WebSocket)', may: ['shared', 'services'] },
  main: { path: 'electron/main', what: 'api: the Electron shell (gets the engine launcher injected)', may: ['shared', 'services'], electron: true },
  preload: { path: 'electron/preload', what: 'api: the contextBridge', may: ['shared'], electron: true, node: false },
  renderer: { path: 'renderer', what: 'ui: React, talking only through its typed client', may: ['shared'], node: false },
  bench: { path: 'bench', what: 'the benchmark', may: ['shared', 'services', 'native-index', 'types'] },
  scripts: { path: 'scripts', what: 'developer scripts', may: ['shared', 'services', 'native-index'] },
  bin: { path: 'bin', what: 'the earshot launcher (loads the CLI by path)', may: [] },
  types: { path: 'types', what: 'declarations for untyped packages', may: [] },
  config: { path: '.', what: 'build, test and lint configuration', may: [] },
};

/**
 * The only files of native/ another layer may import: the index module of each of its areas (native/audio/index.ts,
 * native/engine/index.ts, and that of any area added later). native/_utils has no public surface.
 */
export const NATIVE_INDEX = '^native/[a-z][^/]*/index\\.ts$';

/**
 * Entry files started in their own process or thread: loaded by path (native/entry.ts, electron.vite.config.ts),
 * never imported, not even from inside native/.
 */
export const NATIVE_ENTRIES = ['native/engine/host-process.ts', 'native/engine/worker.ts', 'native/vad/vad-worker.ts'];

/** Tests may import anything and are not checked; nothing may import them. */
export const TESTS = 'tests';

const esc = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const under = (/** @type {string} */ folder) => (folder === '.' ? '^[^/]+$' : `^${esc(folder)}/`);
const anyOf = (/** @type {string[]} */ res) => (res.length === 1 ? res[0] : `(${res.join('|')})`);

/** A layer name (or 'native-index') as the paths it stands for. */
function targets(/** @type {string} */ name) {
  if (name === 'native-index') return [NATIVE_INDEX];
  const layer = LAYERS[name];
  if (!layer) throw new Error(`.dependency-cruiser.mjs: unknown layer '${name}'`);
  return [under(layer.path)];
}

/** Every file of the project that a rule may point at: all layers and the tests. */
const PROJECT = anyOf([...Object.values(LAYERS).map((l) => under(l.path)), under(TESTS)]);
const ELECTRON = '^node_modules/electron/';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = Object.entries(LAYERS).flatMap(([name, layer]) => {
  const may = [...targets(name), ...layer.may.flatMap(targets)];
  const mayNames = layer.may.length ? layer.may.join(', ') : 'nothing else in the project';
  /** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
  const rules = [
    {
      name: `layer-${name}`,
      severity: 'error',
      comment: `${layer.path}/ (${layer.what}) may import only itself and: ${mayNames}.`,
      from: { path: under(layer.path) },
      to: { pathNot: anyOf([...may, '^node_modules/']), dependencyTypesNot: ['core'], couldNotResolve: false },
    },
  ];
  if (!layer.electron) {
    rules.push({
      name: `${name}-no-electron`,
      severity: 'error',
      comment: `${layer.path}/ must not import 'electron': only electron/main and electron/preload run inside Electron.`,
      from: { path: under(layer.path) },
      to: { path: ELECTRON },
    });
  }
  if (layer.node === false) {
    rules.push({
      name: `${name}-no-node`,
      severity: 'error',
      comment: `${layer.path}/ does not run under Node: no Node built-ins.`,
      from: { path: under(layer.path) },
      to: { dependencyTypes: ['core'] },
    });
  }
  if (layer.packages) {
    rules.push({
      name: `${name}-packages`,
      severity: 'error',
      comment: `${layer.path}/ may import only these packages: ${layer.packages.join(', ')} ('electron' has its own rule).`,
      from: { path: under(layer.path) },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: anyOf([...layer.packages.map((p) => `^node_modules/${esc(p)}/`), ELECTRON]) },
    });
  }
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules,
    {
      name: 'not-in-layer-table',
      severity: 'error',
      comment: 'Every folder with code belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.mjs.',
      from: { pathNot: anyOf([PROJECT, '^node_modules/']) },
      to: {},
    },
    {
      name: 'native-entry-by-path',
      severity: 'error',
      comment: `${NATIVE_ENTRIES.join(' and ')} run in their own process or thread: start them by path (native/entry.ts), do not import them.`,
      from: { pathNot: under(TESTS) },
      to: { path: anyOf(NATIVE_ENTRIES.map((f) => `^${esc(f)}$`)) },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Folders import each other in one direction only: a cycle between folders means one of them holds what belongs in a third.',
      scope: 'folder',
      from: { pathNot: under(TESTS) },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve is one it cannot check.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|out|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
