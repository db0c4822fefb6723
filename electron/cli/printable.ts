/**
 * Control characters a file name may carry that a terminal would act on: C0 (newline, ESC, BEL, …), DEL, C1 (CSI
 * and friends), the Unicode line and paragraph separators and the bidirectional overrides that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` made safe to print on a terminal: every control character (see CONTROL) is written as an escape, `\n`,
 * `\r`, `\t`, `\xHH` below U+0100, `\u{HHHH}` above, so a file name with ANSI sequences or newlines is shown as
 * what it is and cannot move the cursor, recolour or clear the screen, or forge a line of output. Every other
 * character, non-ASCII letters included, is kept.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
