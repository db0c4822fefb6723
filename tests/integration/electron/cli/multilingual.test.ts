import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { REPO_ROOT } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';
import { normaliseWords, wordErrorRate } from '../../../helpers/wer.js';

// The multilingual base model (scripts/test-model base) on German speech from espeak-ng: language detection,
// transcription and translation to English, through `earshot transcribe` with the real engine.
const BASE = path.join(REPO_ROOT, '.cache', 'models', 'ggml-base.bin');
const hasBase = fs.existsSync(BASE);
if (!hasBase) console.warn(`\n!!! SKIPPING the multilingual tests: ${BASE} is missing; run scripts/test-model base\n`);

// Everyday sentences: base translates espeak-ng's German of these well; longer, rarer ones it garbles.
const GERMAN = 'Ich habe heute keine Zeit. Das Wetter ist sehr schön. Wir gehen morgen mit den Kindern in die Stadt.';
const ENGLISH = 'I have no time today. The weather is very nice. Tomorrow we are going to the city with the children.';
const STOP = new Set(['i', 'we', 'are', 'is', 'the', 'a', 'an', 'to', 'of', 'and', 'in', 'on', 'at', 'for', 'with']);

/** German speech: espeak-ng's de voice, resampled by sox to 16 kHz mono without dither. */
function germanWav(dir: string): string {
  const raw = path.join(dir, 'de.raw.wav');
  const wav = path.join(dir, 'de.wav');
  execFileSync('espeak-ng', ['-v', 'de', '-s', '150', '-w', raw, GERMAN]);
  execFileSync('sox', ['-D', raw, '-r', '16000', '-c', '1', '-b', '16', wav]);
  fs.rmSync(raw);
  return wav;
}

describe.skipIf(!hasBase)('earshot transcribe with the multilingual base model', () => {
  const suiteDir = useSuiteTempDir();
  let dir = '';
  let transcribed: { language: string | null; text: string };
  let translated: { language: string | null; text: string };

  const run = async (task: string, out: string) => {
    const r = await runCli(['--data-dir', path.join(dir, 'data'), 'transcribe', path.join(dir, 'de.wav'), '--model', BASE, '--language', 'auto', '--task', task, '--format', 'json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'de.json'), 'utf8')) as { language: string | null; segments: Array<{ text: string }> };
    return { language: json.language, text: json.segments.map((s) => s.text).join(' ') };
  };

  beforeAll(async () => {
    dir = suiteDir();
    germanWav(dir);
    transcribed = await run('transcribe', path.join(dir, 'out-de'));
    translated = await run('translate', path.join(dir, 'out-en'));
  }, 900_000);

  it('detects German and transcribes it with WER <= 30 %', () => {
    expect(transcribed.language).toBe('de');
    expect(wordErrorRate(GERMAN, transcribed.text), transcribed.text).toBeLessThanOrEqual(0.3);
  });

  it('--task translate gives English: at least half the content words of a reference translation', () => {
    const content = [...new Set(normaliseWords(ENGLISH).filter((w) => !STOP.has(w)))];
    const said = new Set(normaliseWords(translated.text));
    const hits = content.filter((w) => said.has(w));
    expect(hits.length / content.length, `${translated.text}\nhits: ${hits.join(' ')}`).toBeGreaterThanOrEqual(0.5);
  });
});
