import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { JFK_MP3 } from '../../../helpers/media-fixtures.js';
import { JFK_WAV } from '../../../helpers/paths.js';

/**
 * One generated hostile input. `named`: given on the command line (else found by the walk of the corpus folder).
 * `expect`: `fail` must fail with its own line whatever limits are configured; `skip` must be skipped with a reason
 * (a folder named like media); `line` must merely get its own line, done or failed (an absurd but decodable header
 * that may or may not decode).
 */
export interface HostileInput {
  path: string;
  what: string;
  named: boolean;
  expect: 'fail' | 'skip' | 'line';
}

/** A deterministic byte stream (a linear congruential generator): the same corpus on every run. */
function bytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A 44-byte PCM WAV header with the given fields, followed by `data` bytes (seeded noise). */
function wavWithHeader(f: { riff?: string; wave?: string; format?: number; channels?: number; rate?: number; bits?: number; dataDeclared?: number; dataBytes?: number; fmtSize?: number }): Buffer {
  const channels = f.channels ?? 1;
  const rate = f.rate ?? 16000;
  const bits = f.bits ?? 16;
  const dataBytes = f.dataBytes ?? 2000;
  const h = Buffer.alloc(44);
  h.write(f.riff ?? 'RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write(f.wave ?? 'WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(f.fmtSize ?? 16, 16);
  h.writeUInt16LE(f.format ?? 1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate >>> 0, 24);
  h.writeUInt32LE(((rate * channels * bits) / 8) >>> 0, 28);
  h.writeUInt16LE(((channels * bits) / 8) & 0xffff, 32);
  h.writeUInt16LE(bits, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE((f.dataDeclared ?? dataBytes) >>> 0, 40);
  return Buffer.concat([h, bytes(rate ^ bits, dataBytes)]);
}

/**
 * Writes the hostile corpus under `dir` (the folder the batch walks is `<dir>/corpus`; named inputs sit beside it) and
 * returns every input with what must become of it, and a close() for the socket it keeps listening. At least 100.
 */
export async function makeHostileCorpus(dir: string): Promise<{ inputs: HostileInput[]; corpus: string; close: () => Promise<void> }> {
  const corpus = path.join(dir, 'corpus');
  fs.mkdirSync(corpus, { recursive: true });
  const inputs: HostileInput[] = [];
  const add = (rel: string, what: string, expect: HostileInput['expect'] = 'fail', named = false) => {
    const p = path.join(named ? dir : corpus, rel);
    inputs.push({ path: p, what, named, expect });
    return p;
  };
  const file = (rel: string, what: string, content: Buffer | string, expect: HostileInput['expect'] = 'fail') => {
    fs.writeFileSync(add(rel, what, expect), content);
  };

  // Empty files, four of them with one extension (zero-byte duplicates).
  for (const name of ['empty.wav', 'empty.mp3', 'empty.m4a', 'empty.mp4', 'dup1.wav', 'dup2.wav', 'dup3.wav', 'dup4.wav']) file(name, 'empty', '');
  // Random bytes with media extensions, three sizes each.
  const exts = ['wav', 'mp3', 'm4a', 'ogg', 'flac', 'mp4', 'mkv', 'opus', 'webm', 'aac'];
  exts.forEach((ext, i) => {
    for (const [j, size] of [16, 4096, 65536].entries()) file(`random-${size}.${ext}`, 'random bytes', bytes(1000 * i + j + 1, size));
  });
  // Truncations of a real WAV and a real MP3 at many cut points.
  const wav = fs.readFileSync(JFK_WAV);
  for (const cut of [1, 4, 8, 12, 16, 20, 24, 36, 40, 44, 46, 100, 1000, 8000, 40_000, 100_000, 200_000, 300_000]) {
    file(`cut-${cut}.wav`, `jfk.wav cut at ${cut} bytes`, wav.subarray(0, cut));
  }
  const mp3 = fs.readFileSync(JFK_MP3);
  for (const cut of [3, 10, 100, 417, 1000, 5000, 20_000, 38_000, 57_000, 70_000]) {
    file(`cut-${cut}.mp3`, `jfk.mp3 cut at ${cut} bytes`, mp3.subarray(0, cut));
  }
  // Absurd WAV headers. A sample rate outside 1 kHz..768 kHz fails before decoding (BAD_AUDIO, or NOT_MEDIA when ffprobe
  // cannot read it at all); 3-bit samples may decode to something.
  file('hdr-riff.wav', 'not RIFF', wavWithHeader({ riff: 'RIFX' }));
  file('hdr-wave.wav', 'not WAVE', wavWithHeader({ wave: 'AVI ' }));
  file('hdr-format.wav', 'unknown format tag', wavWithHeader({ format: 0x1234 }));
  file('hdr-format0.wav', 'format tag 0', wavWithHeader({ format: 0 }));
  file('hdr-channels0.wav', '0 channels', wavWithHeader({ channels: 0 }));
  file('hdr-rate0.wav', '0 Hz', wavWithHeader({ rate: 0 }));
  file('hdr-bits0.wav', '0 bits', wavWithHeader({ bits: 0 }));
  file('hdr-bits3.wav', '3 bits', wavWithHeader({ bits: 3 }), 'line');
  file('hdr-fmtsize.wav', 'fmt chunk of 4 GB', wavWithHeader({ fmtSize: 0xfffffff0 }));
  file('hdr-declared.wav', 'data declared 10x longer than present', wavWithHeader({ dataDeclared: 20_000 }));
  file('hdr-1hz.wav', '1 Hz sample rate', wavWithHeader({ rate: 1, dataBytes: 8 }));
  file('hdr-4ghz.wav', '4 GHz sample rate', wavWithHeader({ rate: 0xfffffff0, dataBytes: 8 }));
  // Text named like media, and control characters and long names (content: text, so NOT_MEDIA).
  // Each with its own text: identical content is one transcription, which is not what these inputs are about.
  const text = (n: number) => `shopping list ${n}, not a song\n`.repeat(50);
  for (const [i, ch] of ['\u001b[2J\u001b[31m', '\n', '\r', '\u0007', '\t', '\u202e', '\u009b'].entries()) file(`ctrl-${i}${ch}name.mp3`, 'control characters in the name', text(i));
  for (const n of [200, 240, 250]) file(`${'l'.repeat(n - 4)}.wav`, `${n}-byte name`, text(n));
  // FIFOs, a socket, a device, broken and looping links, folders named like media.
  for (const n of [1, 2, 3, 4, 5]) execFileSync('mkfifo', [add(`fifo-${n}.wav`, 'FIFO')]);
  const socketPath = add('socket.wav', 'socket');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  fs.symlinkSync('/dev/zero', add('zero.wav', 'link to a character device'));
  for (const n of [1, 2, 3, 4, 5]) fs.symlinkSync(`missing-${n}.wav`, add(`dangling-${n}.mp3`, 'dangling link'));
  for (const n of [1, 2, 3]) fs.symlinkSync(`self-${n}.wav`, add(`self-${n}.wav`, 'link to itself'));
  fs.symlinkSync('pong.ogg', add('ping.ogg', 'link loop'));
  fs.symlinkSync('ping.ogg', add('pong.ogg', 'link loop'));
  for (const n of [1, 2, 3, 4, 5]) fs.mkdirSync(add(`folder-${n}.mp3`, 'folder named like media', 'skip'));
  fs.mkdirSync(path.join(corpus, 'deep'));
  fs.symlinkSync('..', path.join(corpus, 'deep', 'back-up'));
  // Named directly: a FIFO, a loop, paths through a file, names too long for the file system.
  execFileSync('mkfifo', [add('named-fifo.wav', 'FIFO', 'fail', true)]);
  fs.symlinkSync('named-loop.wav', add('named-loop.wav', 'link to itself', 'fail', true));
  add(path.join('corpus', 'cut-1000.wav', 'inside.wav'), 'path through a file', 'fail', true);
  add(path.join('corpus', 'empty.wav', 'x', 'y.mp3'), 'path through a file', 'fail', true);
  for (const n of [256, 300, 1000]) add(`${'n'.repeat(n)}.wav`, `${n}-byte name`, 'fail', true);
  add('missing.wav', 'missing', 'fail', true);
  return { inputs, corpus, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
