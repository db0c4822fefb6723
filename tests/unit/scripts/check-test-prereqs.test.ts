import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'check-test-prereqs');
/** The commands the checker looks for, as this machine has them (npm test's pretest has already passed here). */
const TOOLS = ['bash', 'espeak-ng', 'sox', 'cmake', 'make', 'c++', 'g++', 'clang++', 'python3', 'pip3', 'pip'];

const tempDir = useTempDir('earshot-prereqs-');

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** A folder to use as the whole PATH: links to this machine's tools, leaving out `without`. */
function pathWithout(...without: string[]): string {
  const bin = tempDir();
  for (const tool of TOOLS) {
    const found = without.includes(tool) ? null : which(tool);
    if (found) fs.symlinkSync(found, path.join(bin, tool));
  }
  return bin;
}

function check(env: NodeJS.ProcessEnv, args: string[] = [], script = SCRIPT): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(script, args, { env, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the checker in a fresh checkout: no node_modules, no cached model. Returns the copy's path. */
function bareCheckout(): string {
  const checkout = tempDir();
  fs.mkdirSync(path.join(checkout, 'scripts'));
  const script = path.join(checkout, 'scripts', 'check-test-prereqs');
  fs.copyFileSync(SCRIPT, script);
  fs.chmodSync(script, 0o755);
  return script;
}

/** The environment of this test run with Chromium found wherever it is (the checks below are about the rest). */
const baseEnv: NodeJS.ProcessEnv = { ...process.env, EARSHOT_CHROMIUM: process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium' };

describe('scripts/check-test-prereqs', () => {
  it('passes silently on this machine', () => {
    expect(check(baseEnv)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('names sox and the apt-get command that installs it when sox is not on PATH', () => {
    const result = check({ ...baseEnv, PATH: pathWithout('sox') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('`sox`');
    expect(result.stderr).not.toContain('espeak-ng');
    expect(result.stderr).toMatch(/^ {2}(sudo )?apt-get update && (sudo )?apt-get install -y sox$/m);
  });

  it('names every missing package once, compiler and make under build-essential', () => {
    const bin = pathWithout('cmake', 'make', 'c++', 'g++', 'clang++', 'espeak-ng');
    const result = check({ ...baseEnv, PATH: bin });
    expect(result.status).toBe(1);
    for (const what of ['`espeak-ng`', '`cmake`', '`make`', 'a C++ compiler']) expect(result.stderr).toContain(what);
    expect(result.stderr).toContain('apt-get install -y espeak-ng cmake build-essential\n');
    expect(check({ ...baseEnv, PATH: bin }, ['--packages'])).toEqual({ status: 0, stdout: 'espeak-ng cmake build-essential\n', stderr: '' });
  });

  it('names chromium when $EARSHOT_CHROMIUM points at nothing', () => {
    const missing = path.join(tempDir(), 'chromium');
    const result = check({ ...baseEnv, EARSHOT_CHROMIUM: missing });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toContain('apt-get install -y chromium\n');
  });

  it('asks for pip and npm install in a checkout with no cached model and no node_modules', () => {
    const script = bareCheckout();
    const { EARSHOT_TEST_MODEL: _model, ...env } = baseEnv;
    const result = check({ ...env, PATH: pathWithout('pip3', 'pip') }, [], script);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('`pip3` or `pip`');
    expect(result.stderr).toContain('apt-get install -y python3-pip\n');
    expect(result.stderr).toContain('npm install');
    // The same checkout with pip on PATH lacks only the Node packages.
    const withPip = check(env, [], script);
    expect(withPip.status).toBe(1);
    expect(withPip.stderr).not.toContain('apt-get');
    expect(withPip.stderr).toContain('the Node packages');
  });

  it('--demo asks only for what the demo needs before its npm install', () => {
    const script = bareCheckout();
    const { EARSHOT_TEST_MODEL: _model, ...env } = baseEnv;
    const noBrowser = { ...env, EARSHOT_CHROMIUM: path.join(tempDir(), 'chromium') };
    expect(check({ ...noBrowser, PATH: pathWithout('sox', 'espeak-ng') }, ['--demo'], script)).toEqual({ status: 0, stdout: '', stderr: '' });
    const result = check({ ...noBrowser, PATH: pathWithout('sox', 'c++', 'g++', 'clang++') }, ['--demo'], script);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('scripts/demo cannot run yet');
    expect(result.stderr).toContain('apt-get install -y build-essential\n');
    expect(result.stderr).not.toContain('sox');
  });
});
