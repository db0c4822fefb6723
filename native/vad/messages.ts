import { z } from 'zod';
import { WireError } from '../engine/messages.js';
import { VadResult, VadSettings } from './types.js';

/**
 * The VAD worker's protocol (native/vad/vad-worker.ts ⇄ detectSpeech): one `detect` request per worker, answered
 * by `done` or `error`. Both sides parse what they receive.
 */
export const ToVadWorker = z.object({ type: z.literal('detect'), wavPath: z.string().min(1), settings: VadSettings });
export type ToVadWorker = z.infer<typeof ToVadWorker>;

export const FromVadWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('done'), result: VadResult }),
  z.object({ type: z.literal('error'), error: WireError }),
]);
export type FromVadWorker = z.infer<typeof FromVadWorker>;
