import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { JFK_WAV, REPO_ROOT } from '../../helpers/paths.js';

const DIR = path.join(REPO_ROOT, '.cache', 'fixtures');

/** Seconds of silence before and after the speech in the fake-microphone file. */
export const MIC_LEAD_S = 1;
export const MIC_TAIL_S = 9;
/** Length of jfk.wav's speech part, s (the file is 11.0 s). */
export const JFK_SECONDS = 11;

/**
 * jfk.wav padded with silence for Chromium's fake microphone, which loops its file: 1 s lead, 11 s of speech, 9 s
 * tail, 48 kHz mono (the capture format). A recording that starts with the device and stops before 21 s holds the
 * sentence exactly once, even with a pause taken in the tail. Made once with sox under .cache/fixtures.
 */
export function paddedJfk(): string {
  mkdirSync(DIR, { recursive: true });
  const out = path.join(DIR, `jfk-pad-${MIC_LEAD_S}-${MIC_TAIL_S}-48k.wav`);
  if (!existsSync(out)) execFileSync('sox', ['-D', JFK_WAV, '-r', '48000', '-c', '1', '-b', '16', out, 'pad', String(MIC_LEAD_S), String(MIC_TAIL_S)]);
  return out;
}

/** jfk.wav `times` times in a row (16 kHz mono): a job that runs long enough to be cancelled mid-way. */
export function repeatedJfk(times: number): string {
  mkdirSync(DIR, { recursive: true });
  const out = path.join(DIR, `jfk-x${times}.wav`);
  if (!existsSync(out)) execFileSync('sox', [...Array<string>(times).fill(JFK_WAV), out]);
  return out;
}
