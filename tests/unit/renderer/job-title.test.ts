import { describe, expect, it } from 'vitest';
import { jobTitle } from '../../../renderer/src/features/jobs/job-card.js';

describe('jobTitle', () => {
  const job = { sourcePath: '/home/a/talk.wav', sourceKind: 'file' as const, createdAt: Date.UTC(2026, 0, 2, 3, 4), title: 'talk.wav' };

  it("shows the user's title once the transcript was renamed, the file name before", () => {
    expect(jobTitle(job)).toBe('talk.wav');
    expect(jobTitle({ ...job, title: 'Board meeting' })).toBe('Board meeting');
  });

  it('names a recording by its date until it is renamed', () => {
    const rec = { ...job, sourceKind: 'recording' as const, sourcePath: '/d/rec/0f1e.webm', title: '0f1e.webm' };
    expect(jobTitle(rec)).toMatch(/^Recording /);
    expect(jobTitle({ ...rec, title: 'Interview' })).toBe('Interview');
  });
});
