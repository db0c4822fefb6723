import path from 'node:path';
import { JobParams } from '../../shared/jobs.js';
import { outputPaths } from '../transcripts/write-outputs.js';
import type { EnqueueInput } from './job-inputs.js';

/** The deepest folder that holds every one of `dirs` (absolute paths). */
export function commonFolder(dirs: readonly string[]): string {
  const split = dirs.map((d) => d.split(path.sep));
  const first = split[0]!;
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

/**
 * Under an output folder, inputs of different folders can ask for the same output names: two files named directly
 * (a/talk.wav, b/talk.wav: both out/talk.txt), or files found under two folders given together (A/X/talk.wav and
 * B/X/talk.wav: both out/X/talk.txt). For each such group the inputs get their common folder as `sourceRoot`, so their
 * outputs mirror the tree below it (out/a/talk.txt and out/b/talk.txt; out/A/X/talk.txt and out/B/X/talk.txt).
 * Inputs that clash with nothing, and inputs whose outputs go beside them (no outDir), are returned unchanged.
 * (A clash left over, e.g. with files of an earlier batch, is still never overwritten: see WrittenFiles.writeSet.)
 */
export function separateOutputClashes(inputs: readonly EnqueueInput[]): EnqueueInput[] {
  const groups = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    const params = JobParams.parse(input.params);
    if (!params.outDir) return;
    const txt = outputPaths({ sourcePath: input.sourcePath, sourceRoot: input.sourceRoot ?? null, params }).txt;
    const key = txt.slice(0, -'.txt'.length);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out = [...inputs];
  for (const members of groups.values()) {
    const sources = new Set(members.map((i) => path.resolve(inputs[i]!.sourcePath)));
    if (sources.size < 2) continue; // one input named twice: one job
    const dirs = [...new Set([...sources].map((s) => path.dirname(s)))];
    if (dirs.length < 2) continue; // one folder: outputPaths keeps the source extensions apart
    const root = commonFolder(dirs);
    for (const i of members) out[i] = { ...inputs[i]!, sourceRoot: root };
  }
  return out;
}
