import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../../../electron/services/jobs/backoff.js';

describe('backoffDelayMs', () => {
  const opts = { baseMs: 1000, capMs: 8000 };
  it('doubles per attempt with half of it jittered', () => {
    expect(backoffDelayMs(1, opts, () => 0)).toBe(500);
    expect(backoffDelayMs(1, opts, () => 0.999)).toBe(1000);
    expect(backoffDelayMs(3, opts, () => 0)).toBe(2000);
  });
  it('never exceeds the cap', () => {
    expect(backoffDelayMs(30, opts, () => 0.999)).toBeLessThanOrEqual(8000);
    expect(backoffDelayMs(30, opts, () => 0)).toBe(4000);
  });
});
