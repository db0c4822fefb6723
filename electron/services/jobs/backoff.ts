/**
 * Delay before automatic retry number `attempt` (1-based), in ms: exponential with "equal jitter"
 * (half fixed, half random; AWS Architecture Blog, "Exponential Backoff And Jitter", 2015), capped at `capMs`.
 * `random` is injectable for tests; it must return a value in [0, 1).
 */
export function backoffDelayMs(
  attempt: number,
  opts: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
