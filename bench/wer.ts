/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by word-level Levenshtein distance.
 * Both texts are normalised first: lower case, punctuation dropped, whitespace collapsed, so
 * "Americans," and "americans" match. Returns a fraction (0 = perfect); 1 when the reference is empty and the hypothesis is not.
 */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = normaliseWords(reference);
  const hyp = normaliseWords(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const cost = ref[i - 1] === hyp[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[hyp.length]! / ref.length;
}

/** Lower-cases, maps hyphens to spaces, drops other punctuation and splits on whitespace. */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[-\u2013\u2014]/g, ' ')
    .replace(/[^\p{L}\p{N}'\s]/gu, '')
    .replace(/'/g, '')
    .split(/\s+/)
    .filter(Boolean);
}
