import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

/**
 * electron-vite: three bundles under out/ (main, preload, renderer).
 * - main: ESM (package.json "type": "module"); runtime dependencies stay external (electron-vite's externalizeDeps,
 *   on by default), which keeps the native addons (better-sqlite3, @fugood/whisper.node) and the ffmpeg/ffprobe
 *   installer packages loadable from node_modules (asar-unpacked by electron-builder.yml). The engine host and its
 *   worker are extra entries so they land beside index.js, where native/entry.ts looks for them.
 * - preload: CommonJS in one file (a sandboxed preload cannot load ES modules or other files), with zod and the
 *   contract bundled in.
 * - renderer: root renderer/, React through esbuild's automatic JSX runtime (@vitejs/plugin-react is not used).
 *
 * electron-vite 6 reads `build.rolldownOptions` (Vite 8's name) and copies it to `rollupOptions` for Vite 7, so the
 * bundler options go under that key; the objects are built apart from defineConfig because Vite 7's types lack it.
 */
const root = import.meta.dirname;
/**
 * Bundler warnings that are noise here: MUI's "use client" directives (meaningful to React Server Components only)
 * and zod's esbuild-style @__PURE__ comments rollup cannot place. Everything else is printed.
 */
function onwarn(warning: { code?: string; message: string }, warn: (w: { code?: string; message: string }) => void): void {
  if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'INVALID_ANNOTATION') return;
  warn(warning);
}

const external = ['electron', 'better-sqlite3', 'onnxruntime-node', /^@jjhbw\//, /^@fugood\//, /^@ffmpeg-installer\//, /^@ffprobe-installer\//];

const mainBuild = {
  outDir: resolve(root, 'out/main'),
  externalizeDeps: true,
  rolldownOptions: {
    input: { index: resolve(root, 'electron/main/index.ts'), ...engineEntries() },
    external,
    onwarn,
    output: { format: 'es' as const, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
};

const preloadBuild = {
  outDir: resolve(root, 'out/preload'),
  // Bundled, not externalized: a sandboxed preload can require only 'electron' and a few Node built-ins.
  externalizeDeps: false,
  rolldownOptions: {
    input: { index: resolve(root, 'electron/preload/index.ts') },
    external: ['electron'],
    onwarn,
    output: { format: 'cjs' as const, entryFileNames: '[name].cjs', inlineDynamicImports: true },
  },
};

const rendererBuild = {
  outDir: resolve(root, 'out/renderer'),
  emptyOutDir: true,
  // React + MUI in one bundle is about 1.7 MB; it loads from disk (app:) or from earshot serve, not over the internet.
  chunkSizeWarningLimit: 2500,
  rolldownOptions: { input: resolve(root, 'renderer/index.html'), onwarn },
};

export default defineConfig({
  main: { build: mainBuild },
  preload: { build: preloadBuild },
  renderer: { root: resolve(root, 'renderer'), esbuild: { jsx: 'automatic' }, build: rendererBuild },
});

/**
 * The engine host process (run by electron/main/utility-engine.ts), its worker thread and the voice activity
 * detector's worker thread, bundled beside index.js: native/entry.ts resolves `host-process`, `worker` and
 * `vad-worker` next to the module that starts them.
 */
function engineEntries(): Record<string, string> {
  return {
    'host-process': resolve(root, 'native/engine/host-process.ts'),
    worker: resolve(root, 'native/engine/worker.ts'),
    'vad-worker': resolve(root, 'native/vad/vad-worker.ts'),
  };
}
