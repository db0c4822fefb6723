// Declarations for @fugood/whisper.node's high-level entry, which names lib/index.d.ts in its package.json but
// ships only .ts sources (ES module syntax inside a CommonJS package, which strict NodeNext compilation rejects);
// tsconfig.json maps the package name here. Only the benchmark's "bare addon" baseline uses this entry; the engine
// loads the platform packages itself (native/engine/addon.ts). Shapes from the package's lib/binding.ts (v1.1.x).
export interface WhisperContext {
  transcribeFile(
    filePath: string,
    options?: { language?: string; maxThreads?: number },
  ): { stop: () => Promise<void>; promise: Promise<{ result: string; segments: Array<{ text: string; t0: number; t1: number }> }> };
  release(): Promise<void>;
}
export function initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContext>;
