// One bare call of the whisper.cpp addon on a whole WAV: the baseline `earshot transcribe` is compared against.
// Usage: tsx bench/bare-addon.ts MODEL WAV THREADS [compiled|prebuilt]; prints one JSON line
// { text, segments, build, whisperMs } (whisperMs: the transcribeData call alone, model load excluded).
import { readPcm16Bytes, readWavInfo } from '../native/audio/index.js';
import { AddonResult, contextOptions, defaultAddonBuildDir, loadCpuAddon } from '../native/engine/index.js';

const [model, wav, threads, build] = process.argv.slice(2);
if (!model || !wav) throw new Error('usage: bare-addon.ts MODEL WAV [THREADS] [compiled|prebuilt]');
const { addon, build: cpu } = loadCpuAddon(build === 'prebuilt' ? 'prebuilt' : 'compiled', defaultAddonBuildDir());
const ctx = new addon.WhisperContext(contextOptions(model, false));
const info = await readWavInfo(wav);
const bytes = await readPcm16Bytes(wav, info, 0, info.frames);
const audio = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const started = performance.now();
const result = AddonResult.parse(await ctx.transcribeData(audio, { language: 'en', maxThreads: Number(threads ?? 2) }).promise);
const whisperMs = performance.now() - started;
await ctx.release();
process.stdout.write(`${JSON.stringify({ text: result.result, segments: result.segments.length, build: cpu.kind, whisperMs })}\n`);
