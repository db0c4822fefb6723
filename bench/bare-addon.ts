// One bare call of the whisper.cpp addon on a WAV: the baseline `earshot transcribe` is compared against.
// Usage: tsx bench/bare-addon.ts MODEL WAV THREADS; prints one JSON line { text, segments }.
import { createRequire } from 'node:module';
import type * as WhisperNode from '@fugood/whisper.node';

// The package is CommonJS with exports Node's ES-module loader cannot see by name, so it is required; by its file,
// since tsconfig.json maps the bare name to our declarations and tsx follows that mapping at run time too.
const { initWhisper } = createRequire(import.meta.url)('@fugood/whisper.node/lib/index.js') as typeof WhisperNode;

const [model, wav, threads] = process.argv.slice(2);
if (!model || !wav) throw new Error('usage: bare-addon.ts MODEL WAV [THREADS]');
const ctx = await initWhisper({ filePath: model, useGpu: false });
const { promise } = ctx.transcribeFile(wav, { language: 'en', maxThreads: Number(threads ?? 2) });
const result = await promise;
await ctx.release();
process.stdout.write(`${JSON.stringify({ text: result.result, segments: result.segments.length })}\n`);
