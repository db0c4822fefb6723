import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageJson = z.object({ name: z.string(), version: z.string() });

/**
 * Earshot's own version, from the `version` of the nearest package.json named "earshot" above this module
 * (the source tree, `dist/` and the packaged app all have one). "0.0.0" if none is found.
 */
export function appVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const parsed = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success && parsed.data.name === 'earshot') return parsed.data.version;
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
