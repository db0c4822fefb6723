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

/** A digital silence of `ms` as a 16 kHz mono WAV in `dir` (made once). */
function silenceWav(dir: string, ms: number): string {
  const f = path.join(dir, `silence-${ms}.wav`);
  if (!fs.existsSync(f)) execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', f, 'trim', '0', `${ms / 1000}`]);
  return f;
}

/** Seconds of each part of the silence-and-music fixture between its two jfk.wav. */
export const NON_SPEECH_PARTS = { silenceSec: 60, noiseSec: 60, tonesSec: 30 } as const;

/**
 * jfk.wav, then 60 s of digital silence, 60 s of low white noise (about -40 dBFS), 30 s of a synthetic tone sequence
 * (sine notes of 0.5 s), then jfk.wav again: 150 s where no one speaks, between two known sentences. Made with sox
 * (-R: its noise generator seeded the same every time; -D: no dither), cached under .cache/fixtures. Returns the
 * WAV and where the non-speech starts and ends, in ms.
 */
export function silenceAndMusic(): { wav: string; gapStartMs: number; gapEndMs: number } {
  const dir = path.join(REPO_ROOT, '.cache', 'fixtures', 'silence-and-music');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'silence-and-music.wav');
  const { silenceSec, noiseSec, tonesSec } = NON_SPEECH_PARTS;
  const notes = [262, 330, 392, 523, 440, 349, 294, 247];
  const stamp = `jfk + ${silenceSec} s zeros + ${noiseSec} s whitenoise vol 0.02 + ${tonesSec} s of 0.5 s sines ${notes.join(',')} + jfk; sox -R -D`;
  const stampFile = path.join(dir, 'stamp');
  const jfk = path.join(REPO_ROOT, 'resources', 'audio', 'jfk.wav');
  const jfkMs = Math.round(wavSeconds(jfk) * 1000);
  const result = { wav: out, gapStartMs: jfkMs, gapEndMs: jfkMs + (silenceSec + noiseSec + tonesSec) * 1000 };
  if (fs.existsSync(out) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return result;
  const fmt = ['-r', '16000', '-c', '1', '-b', '16'];
  const noise = path.join(dir, 'noise.wav');
  execFileSync('sox', ['-R', '-D', '-n', ...fmt, noise, 'synth', String(noiseSec), 'whitenoise', 'vol', '0.02']);
  const noteFiles = notes.map((hz) => {
    const f = path.join(dir, `note-${hz}.wav`);
    execFileSync('sox', ['-R', '-D', '-n', ...fmt, f, 'synth', '0.5', 'sine', String(hz), 'vol', '0.3', 'fade', '0.02', '0.5', '0.05']);
    return f;
  });
  const tones = Array.from({ length: tonesSec * 2 }, (_, i) => noteFiles[i % noteFiles.length]!);
  execFileSync('sox', ['-R', '-D', jfk, silenceWav(dir, silenceSec * 1000), noise, ...tones, jfk, out]);
  fs.writeFileSync(stampFile, stamp);
  return result;
}

/**
 * Speech with long pauses: paragraphs of four known sentences (knownSentences) separated by 8, 12, 16 and 20 s of
 * digital silence in turn, until at least `minSeconds` of audio; the long pauses are where whisper tends to loop or
 * invent. Cached under .cache/fixtures. Returns the WAV, the spoken text and each paragraph's text.
 */
export function pausedSpeech(minSeconds: number): { wav: string; text: string; paragraphs: string[] } {
  const dir = path.join(REPO_ROOT, '.cache', 'fixtures', 'paused-speech');
  fs.mkdirSync(dir, { recursive: true });
  const pausesMs = [8_000, 12_000, 16_000, 20_000];
  const paragraphs: string[] = [];
  const parts: string[] = [];
  let seconds = 0;
  for (let i = 0; seconds < minSeconds; i++) {
    if (i > 0) {
      const pause = pausesMs[(i - 1) % pausesMs.length]!;
      parts.push(silenceWav(dir, pause));
      seconds += pause / 1000;
    }
    const text = knownSentences(4 * (i + 1)).slice(4 * i).join(' ');
    const wav = speak(`paused-paragraph-${i}`, text);
    paragraphs.push(text);
    parts.push(wav);
    seconds += wavSeconds(wav);
  }
  const out = path.join(dir, `paused-speech-${paragraphs.length}.wav`);
  const stampFile = path.join(dir, `paused-speech-${paragraphs.length}.stamp`);
  const stamp = `${SPEAK_RECIPE}; pauses ${pausesMs.join(',')} ms\n${paragraphs.join('\n')}`;
  if (!(fs.existsSync(out) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp)) {
    execFileSync('sox', ['-D', ...parts, out]);
    fs.writeFileSync(stampFile, stamp);
  }
  return { wav: out, text: paragraphs.join(' '), paragraphs };
}
