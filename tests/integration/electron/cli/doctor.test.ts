import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DoctorReport } from '../../../../electron/shared/doctor.js';
import { runCli } from '../../../helpers/cli.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';
import { wordErrorRate } from '../../../helpers/wer.js';

// `earshot doctor` for real: the engine host, the compiled whisper.cpp build, ffmpeg and the tiny.en model.
const model = testModelPath();

describe.skipIf(!model)('earshot doctor', () => {
  const suiteDir = useSuiteTempDir();
  let text: Awaited<ReturnType<typeof runCli>>;
  let json: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    const data = path.join(suiteDir(), 'data');
    text = await runCli(['--data-dir', data, 'doctor', '--model', model!]);
    json = await runCli(['--data-dir', data, 'doctor', '--json', '--model', model!]);
  }, 600_000);

  it('prints the compiled engine, the GPU back ends with their reasons, ffmpeg, and the self-test with its RTF', () => {
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/build\s+compiled \(native\)/);
    expect(text.stdout).toMatch(/whisper\.cpp\s+1\.9\.1/);
    expect(text.stdout).toMatch(/threads\s+\d+ \((physical cores|logical cpus|option)\)/);
    expect(text.stdout).toMatch(/compiled native built · OpenMP yes · ymm instructions \d+/);
    expect(text.stdout).toMatch(/cuda\s+\S.+/);
    expect(text.stdout).toMatch(/vulkan\s+\S.+/);
    expect(text.stdout).toMatch(/ffmpeg\s+ffmpeg version \S+/);
    expect(text.stdout).toMatch(/ffprobe\s+ffprobe version \S+/);
    expect(text.stdout).toMatch(/5\.00 s of .*jfk\.wav with .* on cpu: whisper [\d.]+ m?s, RTF \d+\.\d{3}, wall/);
    expect(text.stdout).not.toContain('WARNING');
  });

  it('--json gives the same report as data: compiled build, CPU features, a transcription of the first 5 s', () => {
    expect(json.code, json.stderr).toBe(0);
    const report = DoctorReport.parse(JSON.parse(json.stdout));
    expect(report.engine).toMatchObject({ build: 'compiled', variant: 'native', whisperCpp: '1.9.1', warning: null });
    expect(report.engine.detail).toMatch(/^cpu · .+ · \d+ threads?$/);
    if (report.engine.cpuFlags.includes('avx2')) expect(report.engine.cpuFeatures).toContain('avx2');
    expect(report.gpus.map((g) => g.backend)).toEqual(['cuda', 'vulkan']);
    expect(report.ffmpeg.version).toMatch(/^ffmpeg version/);
    expect(report.selfTest).toMatchObject({ ok: true, audioMs: 5000, backend: 'cpu', error: null });
    expect(report.selfTest.rtf).toBeGreaterThan(0);
    // The first 5 s of jfk.wav: "And so my fellow Americans, ask not".
    const first = JFK_TEXT.split(' ').slice(0, 7).join(' ');
    expect(wordErrorRate(first, report.selfTest.text ?? '')).toBeLessThanOrEqual(0.3);
  });
});

// The build-failed path: EARSHOT_ENGINE_ADDON=prebuilt stands in for a machine where the compile failed.
describe.skipIf(!model)('the prebuilt fallback is reported loudly', () => {
  const suiteDir = useSuiteTempDir();
  let doctor: Awaited<ReturnType<typeof runCli>>;
  let transcribe: Awaited<ReturnType<typeof runCli>>;
  let dir = '';

  beforeAll(async () => {
    dir = suiteDir();
    const env = { EARSHOT_ENGINE_ADDON: 'prebuilt' };
    doctor = await runCli(['--data-dir', path.join(dir, 'data'), 'doctor', '--model', model!], env);
    fs.copyFileSync(JFK_WAV, path.join(dir, 'jfk.wav'));
    transcribe = await runCli(['--data-dir', path.join(dir, 'data'), 'transcribe', path.join(dir, 'jfk.wav'), '--model', model!, '--format', 'txt'], env);
  }, 900_000);

  it('earshot doctor says the slow prebuilt build runs, why, and what to install', () => {
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/WARNING: whisper\.cpp runs on the SLOW prebuilt CPU build \(prebuilt engine requested/);
    expect(doctor.stdout).toContain('build-essential');
    expect(doctor.stdout).toMatch(/build\s+prebuilt/);
    expect(doctor.stdout).toMatch(/running\s+cpu \(prebuilt, slow: .+\) · \d+ threads?/);
    expect(doctor.stdout).toMatch(/RTF \d+\.\d{3}/);
  });

  it('earshot transcribe still transcribes, and warns on stderr with the reason', () => {
    expect(transcribe.code, transcribe.stderr).toBe(0);
    expect(wordErrorRate(JFK_TEXT, fs.readFileSync(path.join(dir, 'jfk.txt'), 'utf8'))).toBeLessThanOrEqual(0.1);
    expect(transcribe.stderr).toMatch(/WARNING: transcribed with the slow prebuilt whisper\.cpp engine: cpu \(prebuilt, slow: prebuilt engine requested/);
    expect(transcribe.stderr).toContain('build-essential');
  });
});
