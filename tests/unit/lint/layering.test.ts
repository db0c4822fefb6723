// The layering rule (GUIDE §1) as `npm run lint:layers` checks it: dependency-cruiser with .dependency-cruiser.mjs.
// A fixture tree gets one probe file per case, each with one import; every wrong import must fail with its rule,
// every allowed one must pass, every rule of the config must be shown failing, and the real tree must pass.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ICruiseResult, IViolation } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.js';
import { useSuiteTempDir } from '../../helpers/temp-dir.js';

const execFileAsync = promisify(execFile);
const DEPCRUISE = path.join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.mjs');

/** Runs the checker on `cwd` the way npm run lint:layers does, with JSON output; it exits non-zero on violations. */
async function depcruise(cwd: string, config: string): Promise<ICruiseResult> {
  const args = [DEPCRUISE, '--config', config, '--output-type', 'json', '.'];
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    const out = (err as { stdout?: unknown }).stdout;
    if (typeof out !== 'string' || !out.startsWith('{')) throw err;
    stdout = out;
  }
  return JSON.parse(stdout) as ICruiseResult;
}

const show = (v: IViolation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

/** Files the probes import; they import nothing themselves. */
const TARGETS = [
  'electron/shared/contract.ts',
  'electron/services/jobs/job-manager.ts',
  'electron/cli/main.ts',
  'electron/server/create-server.ts',
  'electron/main/index.ts',
  'native/engine/index.ts',
  'native/engine/engine-host.ts',
  'native/engine/worker.ts',
  'native/audio/index.ts',
  'native/_utils/logger.ts',
  'bench/run.ts',
  'tests/helpers/paths.ts',
];

interface Probe {
  /** The folder the probe file is written to ('.' for the top level). */
  folder: string;
  /** A repository path from TARGETS (imported by its relative .js specifier) or a bare specifier. */
  imports: string;
  /** The rule that must fail on it, or null for an import the table allows. */
  rule: string | null;
  typeOnly?: boolean;
}

const wrong = (folder: string, imports: string, rule: string, typeOnly = false): Probe => ({ folder, imports, rule, typeOnly });
const right = (folder: string, imports: string): Probe => ({ folder, imports, rule: null });

/** Every layer folder of the table but electron/main and electron/preload: none of them may import 'electron'. */
const NOT_ELECTRON: Record<string, string> = {
  shared: 'electron/shared', native: 'native/engine', services: 'electron/services/jobs', cli: 'electron/cli',
  server: 'electron/server', renderer: 'renderer/src', bench: 'bench', scripts: 'scripts', bin: 'bin', types: 'types', config: '.',
};

const PROBES: Probe[] = [
  // Each layer importing a layer it may not.
  wrong('electron/shared', 'electron/services/jobs/job-manager.ts', 'layer-shared'),
  wrong('native/engine', 'electron/services/jobs/job-manager.ts', 'layer-native'),
  wrong('electron/services/jobs', 'native/engine/engine-host.ts', 'layer-services'), // native/, but not its index
  wrong('electron/services/_utils', 'native/_utils/logger.ts', 'layer-services'), // native/_utils has no index
  wrong('electron/services/models', 'electron/cli/main.ts', 'layer-services'),
  wrong('electron/services/models', 'tests/helpers/paths.ts', 'layer-services'),
  wrong('electron/cli/commands', 'native/engine/index.ts', 'layer-cli'),
  wrong('electron/server/routes', 'native/audio/index.ts', 'layer-server'),
  wrong('electron/server', 'electron/cli/main.ts', 'layer-server'),
  wrong('electron/main', 'native/engine/index.ts', 'layer-main', true), // a type-only import counts too
  wrong('electron/preload', 'electron/services/jobs/job-manager.ts', 'layer-preload'),
  wrong('renderer/src/features/jobs', 'electron/services/jobs/job-manager.ts', 'layer-renderer'),
  wrong('bench', 'tests/helpers/paths.ts', 'layer-bench'),
  wrong('scripts', 'bench/run.ts', 'layer-scripts'),
  wrong('bin', 'electron/cli/main.ts', 'layer-bin'),
  wrong('types', 'electron/shared/contract.ts', 'layer-types'),
  wrong('.', 'electron/services/jobs/job-manager.ts', 'layer-config'),
  // 'electron' outside the shell and its preload.
  ...Object.entries(NOT_ELECTRON).map(([layer, folder]) => wrong(folder, 'electron', `${layer}-no-electron`)),
  // Node built-ins where the code does not run under Node, with and without the node: prefix.
  wrong('electron/shared', 'node:fs', 'shared-no-node'),
  wrong('electron/preload', 'node:path', 'preload-no-node'),
  wrong('renderer/src/api', 'node:path', 'renderer-no-node'),
  wrong('renderer/src/api', 'fs', 'renderer-no-node'),
  // The contract's one package is zod.
  wrong('electron/shared', 'ms', 'shared-packages'),
  // The engine's worker is started by path, even from inside native/.
  wrong('native/engine', 'native/engine/worker.ts', 'native-entry-by-path'),
  // A folder the table does not list, and an import that does not resolve.
  wrong('tools', 'electron/shared/contract.ts', 'not-in-layer-table'),
  wrong('electron/services', './missing.js', 'no-unresolvable'),

  // What the table allows.
  right('electron/shared', 'zod'),
  right('native/engine', 'electron/shared/contract.ts'),
  right('native/engine', 'native/audio/index.ts'),
  right('electron/services/jobs', 'native/engine/index.ts'),
  right('electron/services/jobs', 'native/audio/index.ts'),
  right('electron/services/jobs', 'electron/shared/contract.ts'),
  right('electron/services/jobs', 'node:fs'),
  right('electron/services/jobs', 'better-sqlite3'),
  right('electron/cli/commands', 'electron/services/jobs/job-manager.ts'),
  right('electron/cli/commands', 'electron/server/create-server.ts'),
  right('electron/server/routes', 'electron/services/jobs/job-manager.ts'),
  right('electron/server/routes', 'fastify'),
  right('electron/main', 'electron/services/jobs/job-manager.ts'),
  right('electron/main', 'electron'),
  right('electron/preload', 'electron/shared/contract.ts'),
  right('electron/preload', 'electron'),
  right('renderer/src/features/jobs', 'electron/shared/contract.ts'),
  right('renderer/src/features/jobs', 'react'),
  right('bench', 'electron/services/jobs/job-manager.ts'),
  right('bench', 'native/engine/index.ts'),
  right('bench', '@fugood/whisper.node'),
  right('scripts', 'electron/services/jobs/job-manager.ts'),
  right('tests/integration', 'native/engine/engine-host.ts'),
  right('tests/integration', 'electron/main/index.ts'),
  right('tests/integration', 'bench/run.ts'),
  right('tests/integration', 'native/engine/worker.ts'),
];

/** The import a probe file holds: a relative .js specifier for a repository path, else the bare specifier. */
function specifier(folder: string, imports: string): string {
  if (!TARGETS.includes(imports)) return imports;
  const rel = path.posix.relative(folder, imports).replace(/\.tsx?$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Writes the fixture tree: the targets, one probe file per case, and two folders that import each other. */
function writeFixture(root: string): Map<string, Probe> {
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  for (const target of TARGETS) write(target, 'export type Stub = 1;\n');
  const byFile = new Map<string, Probe>();
  PROBES.forEach((probe, i) => {
    const file = path.posix.join(probe.folder, `probe-${i}.ts`);
    const spec = specifier(probe.folder, probe.imports);
    write(file, probe.typeOnly ? `import type { Stub } from '${spec}';\nexport type P = Stub;\n` : `import '${spec}';\n`);
    byFile.set(file, probe);
  });
  // The wrong probes above point at each other's folders and so make cycles of their own; this pair is the only one
  // between two folders of electron/services.
  write('electron/services/transcripts/cycle.ts', "import '../recordings/cycle.js';\n");
  write('electron/services/recordings/cycle.ts', "import '../transcripts/cycle.js';\n");
  // The real config, the real tsconfig (its paths mapping) and node_modules; the symlink is kept as a symlink so that
  // packages resolve to node_modules/... as they do in the repository.
  for (const file of ['tsconfig.json', 'tsconfig.base.json', 'types/fugood-whisper-node.d.ts']) write(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  write('fixture.dependency-cruiser.mjs', `export default { extends: ${JSON.stringify(CONFIG)}, options: { preserveSymlinks: true } };\n`);
  return byFile;
}

describe('layering (npm run lint:layers)', () => {
  const fixtureDir = useSuiteTempDir('earshot-layering-');
  let probes: Map<string, Probe>;
  let fixture: ICruiseResult;
  let real: ICruiseResult;

  beforeAll(async () => {
    probes = writeFixture(fixtureDir());
    [fixture, real] = await Promise.all([
      depcruise(fixtureDir(), 'fixture.dependency-cruiser.mjs'),
      depcruise(REPO_ROOT, CONFIG),
    ]);
  }, 120_000);

  const violationsFrom = (file: string) => fixture.summary.violations.filter((v) => v.from === file);

  it('fails each wrong import with its rule, and only with it', () => {
    const failed: string[] = [];
    for (const [file, probe] of probes) {
      if (probe.rule === null) continue;
      const rules = violationsFrom(file).map((v) => v.rule.name);
      if (rules.length !== 1 || rules[0] !== probe.rule) failed.push(`${file} (imports ${probe.imports}): expected [${probe.rule}], got [${rules.join(', ')}]`);
    }
    expect(failed).toEqual([]);
  });

  it('passes each allowed import, which it resolved and saw', () => {
    const failed: string[] = [];
    for (const [file, probe] of probes) {
      if (probe.rule !== null) continue;
      const module = fixture.modules.find((m) => m.source === file);
      const deps = module?.dependencies ?? [];
      if (deps.length !== 1 || deps[0]!.couldNotResolve) failed.push(`${file}: the import of ${probe.imports} was not resolved`);
      else if (TARGETS.includes(probe.imports) && deps[0]!.resolved !== probe.imports) failed.push(`${file}: resolved to ${deps[0]!.resolved}`);
      const violations = violationsFrom(file);
      if (violations.length) failed.push(...violations.map(show));
    }
    expect(failed).toEqual([]);
  });

  it('reports a cycle between two folders', () => {
    const cycles = fixture.summary.violations
      .filter((v) => v.rule.name === 'no-folder-cycles' && v.from.startsWith('electron/services/') && v.to.startsWith('electron/services/'))
      .map((v) => `${v.from} -> ${v.to}`);
    expect(cycles.sort()).toEqual(['electron/services/recordings -> electron/services/transcripts', 'electron/services/transcripts -> electron/services/recordings']);
  });

  it('has a failing probe for every rule of the config', () => {
    const rules = (fixture.summary.ruleSetUsed?.forbidden ?? []).map((r) => r.name ?? '(unnamed)');
    const probed = new Set([...PROBES.map((p) => p.rule), 'no-folder-cycles']);
    expect(rules.length).toBeGreaterThan(20);
    expect(rules.filter((name) => !probed.has(name))).toEqual([]);
  });

  it('passes on the real tree, every source file of which it checks', () => {
    const cruised = new Set(real.modules.map((m) => m.source));
    const skip = new Set(['node_modules', 'dist', 'out', '.cache', 'test-results', '.git']);
    const unchecked: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!skip.has(entry.name)) walk(rel);
        } else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) && !cruised.has(rel)) {
          unchecked.push(rel);
        }
      }
    };
    walk('');
    expect(unchecked).toEqual([]);
    expect(real.summary.violations.map(show)).toEqual([]);
  });
});
