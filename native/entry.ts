import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Resolves a sibling entry file for a child process or worker thread, in source (.ts, run through tsx)
 * or built (.js) form. Returns the absolute path and the execArgv the child needs to load it.
 * Throws if neither form exists.
 */
export function resolveEntry(baseUrl: string, name: string): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL(`./${name}.js`, baseUrl));
  if (existsSync(js)) return { file: js, execArgv: [] };
  const ts = fileURLToPath(new URL(`./${name}.ts`, baseUrl));
  if (existsSync(ts)) return { file: ts, execArgv: ['--import', 'tsx'] };
  throw new Error(`entry ${name} not found beside ${fileURLToPath(baseUrl)}`);
}

/**
 * Starts the worker-thread entry `name` beside the module at `baseUrl` (its import.meta.url). Built (.js): a plain
 * Worker. Source (.ts, under tsx): Node 20 refuses a .ts file as a worker's main module even with `--import tsx` in
 * execArgv ("Unknown file extension"), so an ESM bootstrap registers tsx's loader (`tsx/esm/api` register()) and
 * then imports the entry. Throws if neither form of the entry exists.
 */
export function startWorkerThread(baseUrl: string, name: string): Worker {
  const entry = resolveEntry(baseUrl, name);
  if (!entry.file.endsWith('.ts')) return new Worker(entry.file);
  const code =
    `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(pathToFileURL(entry.file).href)}); });`;
  return new Worker(code, { eval: true });
}

/**
 * URL of tsx's `tsx/esm/api` ES module, from its package.json exports (import.meta.resolve would do, but vitest's
 * transform has none, and the package's CommonJS build of the API cannot register the ESM loader from a worker).
 */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}
