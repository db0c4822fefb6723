import type { SnippetPart } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';

/** Marks snippet() puts around matched words: control characters that never occur in transcript text. */
export const MATCH_OPEN = '\u0002';
export const MATCH_CLOSE = '\u0003';

/**
 * Turns what a user typed into an FTS5 query that cannot be a syntax error: the text is split into words (runs of
 * letters, digits, apostrophes and marks), each word becomes a quoted prefix phrase (`"word"*`, any `"` doubled), and
 * the phrases are ANDed. FTS5 operators typed by the user (AND, OR, NEAR, `*`, `:`, `^`, parentheses, quotes) are
 * therefore searched as plain words or dropped as punctuation. Throws EarshotError BAD_REQUEST when no word is left.
 */
export function toFtsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}\p{M}'’_]+/gu)?.filter((w) => /[\p{L}\p{N}]/u.test(w)) ?? [];
  if (words.length === 0) throw new EarshotError('BAD_REQUEST', `nothing to search for in ${JSON.stringify(text)}: type a word`);
  return words.slice(0, 32).map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** Splits a snippet() result made with MATCH_OPEN/MATCH_CLOSE into plain and matched pieces (empty pieces dropped). */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text.length > 0) parts.push({ text, match });
    text = '';
  };
  for (const ch of snippet) {
    if (ch === MATCH_OPEN || ch === MATCH_CLOSE) {
      flush();
      match = ch === MATCH_OPEN;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}
