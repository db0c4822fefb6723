import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Spoken-English fixtures of known text, for the benchmark and for the tests that need minutes of real speech
// (tests may import bench/; bench/ imports nothing from tests/).

/** Repository root (this file lives in bench/). */
const REPO_ROOT = path.resolve(import.meta.dirname, '..');

const NAMES = ['Alice', 'Peter', 'Maria', 'John', 'Sarah', 'David', 'Laura', 'Thomas', 'Emma', 'Robert'];
const VERBS = ['painted', 'carried', 'opened', 'cleaned', 'bought', 'repaired', 'watched', 'found', 'moved', 'sold'];
const ADJS = ['red', 'small', 'heavy', 'old', 'bright', 'wooden', 'green', 'quiet', 'large', 'broken'];
const NOUNS = ['door', 'table', 'window', 'garden', 'boat', 'chair', 'house', 'bicycle', 'kitchen', 'bridge'];
const PLACES = ['river', 'school', 'station', 'market', 'church', 'harbour', 'library', 'hospital', 'village', 'castle'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** What JFK says in resources/audio/jfk.wav (the reference for its WER). */
export const JFK_TEXT =
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';

/**
 * `count` distinct, plain English sentences ("Alice painted the red door near the river on Monday."), the same for
 * the same count. Distinct so that a sentence lost or doubled at a window boundary shows in the transcript.
 */
export function knownSentences(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      `${NAMES[i % 10]} ${VERBS[Math.floor(i / 10) % 10]} the ${ADJS[(i * 3) % 10]} ${NOUNS[(i * 7) % 10]} near the ${PLACES[(i * 3 + 1) % 10]} on ${DAYS[i % 7]}.`,
    );
  }
  return out;
}

/**
 * How speak() makes a fixture; part of the cache stamp, so a changed recipe remakes old caches. sox runs with -D:
 * its default dither adds random noise when it resamples to 16 bits, which made every machine's fixture different
 * (and moved the quietest spots where windows are cut). espeak-ng itself is deterministic.
 */
const SPEAK_RECIPE = 'espeak-ng en-us -g 6 | sox -D 16 kHz mono 16-bit';

/**
 * Speaks `text` with espeak-ng into a 16 kHz mono WAV (sox resamples, without dither), byte for byte the same on
 * every machine with the same espeak-ng and sox. Cached under .cache/fixtures by a name, so the minutes-long
 * fixtures are made once per machine. Returns the WAV path.
 */
export function speak(name: string, text: string, opts: { wordsPerMinute?: number } = {}): string {
  const dir = path.join(REPO_ROOT, '.cache', 'fixtures');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}.wav`);
  const stampFile = path.join(dir, `${name}.stamp`);
  const wpm = opts.wordsPerMinute ?? 160;
  const stamp = `${SPEAK_RECIPE} -s ${wpm}\n${text}`;
  if (fs.existsSync(out) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return out;
  const raw = path.join(dir, `${name}.raw.wav`);
  const spoken = path.join(dir, `${name}.spoken.txt`);
  fs.writeFileSync(spoken, text);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', String(wpm), '-g', '6', '-w', raw, '-f', spoken]);
  fs.rmSync(spoken);
  execFileSync('sox', ['-D', raw, '-r', '16000', '-c', '1', '-b', '16', out]);
  fs.rmSync(raw);
  fs.writeFileSync(stampFile, stamp);
  return out;
}

/** Duration of a WAV in seconds, read by sox (soxi -D). */
export function wavSeconds(file: string): number {
  return Number(execFileSync('soxi', ['-D', file]).toString().trim());
}

/**
 * The long fixture: known sentences spoken until at least `minSeconds` of audio (default 360 s = 6 minutes).
 * Returns the WAV path and the spoken text.
 */
export function longSpeech(minSeconds = 360): { wav: string; text: string } {
  let count = Math.ceil(minSeconds / 4.35);
  for (;;) {
    const text = knownSentences(count).join(' ');
    const wav = speak(`speech-${count}`, text);
    if (wavSeconds(wav) >= minSeconds) return { wav, text };
    count = Math.ceil(count * 1.03);
  }
}

/** Words of the timed-words fixture: common, distinct, one to three syllables. */
const TIMED_WORDS = [
  'morning', 'river', 'yellow', 'garden', 'window', 'quiet', 'market', 'silver', 'doctor', 'paper',
  'summer', 'ladder', 'orange', 'pencil', 'butter', 'winter', 'castle', 'rabbit', 'basket', 'candle',
  'forest', 'bridge', 'number', 'travel', 'planet', 'simple', 'coffee', 'letter', 'mountain', 'evening',
];

/**
 * A fixture whose word times are known: each word of TIMED_WORDS spoken alone by espeak-ng, its leading and trailing
 * silence trimmed by sox, then all joined with digital silences of 250-650 ms between them (and 500 ms before the
 * first), so word i starts exactly where the samples before it end. Cached under .cache/fixtures. Returns the WAV and
 * each word with its true start and end in ms.
 */
export function timedWordsSpeech(): { wav: string; words: Array<{ text: string; t0Ms: number; t1Ms: number }> } {
  const dir = path.join(REPO_ROOT, '.cache', 'fixtures', 'timed-words');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'timed-words.wav');
  const truthFile = path.join(dir, 'timed-words.json');
  const stamp = `${SPEAK_RECIPE} -s 150; trimmed at 0.5%; gaps 250 + 100*(i%5) ms\n${TIMED_WORDS.join(' ')}`;
  const stampFile = path.join(dir, 'timed-words.stamp');
  if (fs.existsSync(out) && fs.existsSync(truthFile) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    return { wav: out, words: JSON.parse(fs.readFileSync(truthFile, 'utf8')) as Array<{ text: string; t0Ms: number; t1Ms: number }> };
  }
  const parts: string[] = [];
  const words: Array<{ text: string; t0Ms: number; t1Ms: number }> = [];
  const silence = (ms: number) => {
    const f = path.join(dir, `gap-${ms}.wav`);
    if (!fs.existsSync(f)) execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', f, 'trim', '0', `${ms / 1000}`]);
    return f;
  };
  let samples = 0;
  const addSilence = (ms: number) => {
    parts.push(silence(ms));
    samples += ms * 16;
  };
  addSilence(500);
  TIMED_WORDS.forEach((word, i) => {
    const raw = path.join(dir, `${word}.raw.wav`);
    const trimmed = path.join(dir, `${word}.wav`);
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-g', '6', '-w', raw, word]);
    execFileSync('sox', ['-D', raw, '-r', '16000', '-c', '1', '-b', '16', trimmed, 'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse']);
    fs.rmSync(raw);
    const n = Number(execFileSync('soxi', ['-s', trimmed]).toString().trim());
    words.push({ text: word, t0Ms: Math.round(samples / 16), t1Ms: Math.round((samples + n) / 16) });
    parts.push(trimmed);
    samples += n;
    addSilence(250 + 100 * (i % 5));
  });
  execFileSync('sox', [...parts, out]);
  fs.writeFileSync(truthFile, JSON.stringify(words));
  fs.writeFileSync(stampFile, stamp);
  return { wav: out, words };
}
