import { describe, expect, it } from 'vitest';
import { printable } from '../../../../electron/cli/printable.js';

describe('printable', () => {
  it('escapes what a terminal would act on and keeps every other character', () => {
    expect(printable('\u001b[31mred\nline\r\t\u0007.mp3')).toBe('\\x1b[31mred\\nline\\r\\t\\x07.mp3');
    expect(printable('\u009b2J \u202egnp.exe \u2028')).toBe('\\x9b2J \\u{202e}gnp.exe \\u{2028}');
    expect(printable('Zoë — 会議 🎙.wav')).toBe('Zoë — 会議 🎙.wav');
    expect(printable('\u0000\u007f')).toBe('\\x00\\x7f');
  });
});
