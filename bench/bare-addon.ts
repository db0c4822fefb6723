// One bare call of the whisper.cpp addon on a WAV: the baseline `earshot transcribe` is compared against.
// Usage: tsx bench/bare-addon.ts MODEL WAV THREADS; prints one JSON line { text, segments }.
import { initWhisper } from '@fugood/whisper.node';

const [model, wav, threads] = process.argv.slice(2);
if (!model || !wav) throw new Error('usage: bare-addon.ts MODEL WAV [THREADS]');
const ctx = await initWhisper({ filePath: model, useGpu: false });
const { promise } = ctx.transcribeFile(wav, { language: 'en', maxThreads: Number(threads ?? 2) });
const result = await promise;
await ctx.release();
process.stdout.write(`${JSON.stringify({ text: result.result, segments: result.segments.length })}\n`);
