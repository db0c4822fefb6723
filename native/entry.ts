import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
