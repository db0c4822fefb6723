import type { Command } from 'commander';
import { SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX, type SearchHit } from '../../shared/contract.js';
import { parsePositiveInt } from '../options.js';
import { type OpenEarshot, globalFlags, withEarshot } from '../with-earshot.js';

/** A time in ms as m:ss, or h:mm:ss from an hour on. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${String(m).padStart(2, '0')}:${s}`;
}

/** One hit as one line: `title (file)  mm:ss  snippet`, matched words in [brackets] (bold on a terminal). */
function line(hit: SearchHit, tty: boolean): string {
  const snippet = hit.snippet
    .map((p) => (p.match ? (tty ? `\u001b[1m${p.text}\u001b[22m` : `[${p.text}]`) : p.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const where = hit.title === hit.sourcePath.split(/[\\/]/).pop() ? hit.sourcePath : `${hit.title} (${hit.sourcePath})`;
  const time = hit.t0Ms === null ? 'title' : clock(hit.t0Ms);
  return `${where}  ${time}  ${snippet}`;
}

/**
 * `earshot search "words"`: searches every transcript in the data directory (the `search.query` verb) and prints one
 * line per hit: the transcript (its title and file), the time the segment starts and a snippet with the matched words
 * marked. Exits 1 when nothing matched.
 */
export function registerSearchCommand(program: Command, open: OpenEarshot): void {
  program
    .command('search')
    .description('search every transcript for words (edited text, what whisper heard, titles)')
    .argument('<words...>', 'words to find (each matches words starting with it; all must match)')
    .option('--limit <n>', `at most this many hits (up to ${SEARCH_LIMIT_MAX})`, parsePositiveInt, SEARCH_LIMIT_DEFAULT)
    .option('--json', 'print the hits as JSON')
    .action((words: string[], opts: { limit: number; json?: boolean }, cmd: Command) =>
      withEarshot(open, globalFlags(cmd), async (e) => {
        const { results } = await e.search.query({ query: words.join(' '), limit: Math.min(opts.limit, SEARCH_LIMIT_MAX) });
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else if (results.length === 0) process.stderr.write('no matches\n');
        else process.stdout.write(`${results.map((h) => line(h, process.stdout.isTTY === true)).join('\n')}\n`);
        if (results.length === 0) process.exitCode = 1;
      }),
    );
}
