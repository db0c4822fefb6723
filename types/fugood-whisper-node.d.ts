// Declarations for @fugood/whisper.node, which names lib/index.d.ts in its package.json but ships only its .ts
// sources (written as ES modules inside a CommonJS package, which strict NodeNext compilation rejects).
// Covers what Earshot calls; shapes from the package's lib/binding.ts (v1.1.x). t0/t1 are in ms.

export interface NativeContextOptions {
  filePath: string;
  useFlashAttn?: boolean;
  useGpu?: boolean;
  maxModelBytes?: number;
}

export interface TranscribeSegment {
  text: string;
  /** ms from the start of the audio */
  t0: number;
  /** ms from the start of the audio */
  t1: number;
}

export interface TranscribeResult {
  language?: string;
  result: string;
  segments: TranscribeSegment[];
  isAborted: boolean;
}

export interface TranscribeNewSegmentsResult {
  nNew: number;
  totalNNew: number;
  result: string;
  segments: TranscribeSegment[];
}

export interface TranscribeOptions {
  language?: string;
  translate?: boolean;
  maxThreads?: number;
  maxContext?: number;
  maxLen?: number;
  tokenTimestamps?: boolean;
  wordThold?: number;
  /** ms */
  offset?: number;
  /** ms; 0 = to the end */
  duration?: number;
  temperature?: number;
  temperatureInc?: number;
  beamSize?: number;
  bestOf?: number;
  prompt?: string;
  /** 0..100 */
  onProgress?: (progress: number) => void;
  onNewSegments?: (result: TranscribeNewSegmentsResult) => void;
}

export interface TranscribeHandle {
  stop: () => Promise<void>;
  promise: Promise<TranscribeResult>;
}

export interface WhisperContext {
  transcribe(filePath: string, options?: TranscribeOptions): TranscribeHandle;
  transcribeFile(filePath: string, options?: TranscribeOptions): TranscribeHandle;
  transcribeData(audioData: ArrayBuffer, options?: TranscribeOptions): TranscribeHandle;
  release(): Promise<void>;
  getModelInfo(): object;
}

export interface WhisperContextConstructor {
  new (options: NativeContextOptions): WhisperContext;
}

/** What a platform package (`@fugood/node-whisper-linux-x64[-cuda|-vulkan]`) exports. */
export interface Module {
  WhisperContext: WhisperContextConstructor;
}

export type LibVariant = 'default' | 'vulkan' | 'cuda';

export function loadModule(variant?: LibVariant): Promise<Module>;
export function initWhisper(options: NativeContextOptions, variant?: LibVariant): Promise<WhisperContext>;
export function toggleNativeLog(enable: boolean): Promise<void>;
export function addNativeLogListener(listener: (level: string, text: string) => void): { remove: () => void };
