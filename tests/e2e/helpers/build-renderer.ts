import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../../helpers/paths.js';

/** Where the e2e tests build the renderer (ignored by git; separate from `npm run build`'s out/renderer). */
export const E2E_RENDERER_DIR = path.join(REPO_ROOT, 'test-results', 'renderer');

/**
 * Builds renderer/ with Vite into `outDir` (default E2E_RENDERER_DIR) the way electron.vite.config.ts does for the app:
 * root renderer/, relative base (the same bundle loads from file:// in Electron and from / in `earshot serve`),
 * esbuild's automatic JSX runtime. Returns the folder holding index.html. Takes ~10-30 s on 2 cores.
 */
export async function buildRenderer(outDir: string = E2E_RENDERER_DIR): Promise<string> {
  await build({
    configFile: false,
    root: path.join(REPO_ROOT, 'renderer'),
    base: './',
    logLevel: 'warn',
    esbuild: { jsx: 'automatic' },
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: true,
      chunkSizeWarningLimit: 2000,
      rollupOptions: {
        // MUI's "use client" directives mean nothing outside React Server Components; Rollup warns for each file.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR') return;
          warn(warning);
        },
      },
    },
  });
  if (!existsSync(path.join(outDir, 'index.html'))) throw new Error(`vite build wrote no index.html under ${outDir}`);
  return outDir;
}
