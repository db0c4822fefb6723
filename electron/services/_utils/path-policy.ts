import fs from 'node:fs';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';

/**
 * Which filesystem paths a request may name (inputs to enqueue, export targets, output folders, model files).
 * - `trusted`: any path. The Electron app: its paths come from the user's own pickers and drops.
 * - `confined`: `earshot serve`, where requests come over the network. Reads only under `readRoots`, writes only
 *   under `writeRoots`; a relative path is taken relative to `base`.
 */
export type PathPolicy =
  | { mode: 'trusted' }
  | { mode: 'confined'; base: string; readRoots: readonly string[]; writeRoots: readonly string[] };

/**
 * The policy of `earshot serve` on a data directory: reads anywhere under it (uploads, recordings, files an operator
 * put there), writes only under `uploads/` and `exports/`, never over the database, settings or models.
 */
export function confinedToDataDir(dataDir: string, paths: { uploads: string; recordings: string }): PathPolicy {
  const base = path.resolve(dataDir);
  return { mode: 'confined', base, readRoots: [base], writeRoots: [path.resolve(paths.uploads), path.join(base, 'exports')] };
}

/**
 * The real path of `abs` even when its tail does not exist yet: the nearest existing ancestor is resolved with
 * realpath (following symlinks) and the missing segments are appended.
 */
function realPathOfMaybeMissing(abs: string): string {
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(cur), ...missing.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      missing.push(path.basename(cur));
      cur = parent;
    }
  }
}

function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Applies a PathPolicy to the paths requests name. Each check returns the absolute, normalised path to use;
 * in confined mode both the path as written and its real path (symlinks followed) must lie under an allowed root,
 * so `../`, absolute paths elsewhere and symlinks that point out are all refused.
 */
export class PathGuard {
  constructor(readonly policy: PathPolicy) {}

  /** A path to read (an input file or folder, a model file). Throws BAD_REQUEST for a NUL byte, FORBIDDEN outside the read roots. */
  readable(p: string): string {
    return this.check(p, 'read');
  }

  /** A path to write (an export, an output folder). Throws BAD_REQUEST for a NUL byte, FORBIDDEN outside the write roots. */
  writable(p: string): string {
    return this.check(p, 'write');
  }

  private check(p: string, access: 'read' | 'write'): string {
    if (p.includes('\0')) throw new EarshotError('BAD_REQUEST', `path ${JSON.stringify(p)} contains a NUL byte`);
    if (this.policy.mode === 'trusted') return path.resolve(p);
    const abs = path.resolve(this.policy.base, p);
    const roots = access === 'read' ? this.policy.readRoots : this.policy.writeRoots;
    const real = realPathOfMaybeMissing(abs);
    const ok = roots.some((root) => isInside(abs, path.resolve(root)) && isInside(real, realPathOfMaybeMissing(path.resolve(root))));
    if (!ok) {
      throw new EarshotError('FORBIDDEN', `${p}: this server may only ${access} files under ${roots.join(', ')}`);
    }
    return abs;
  }
}
