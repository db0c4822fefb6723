import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Job } from '../../../electron/shared/jobs.js';
import { formatBytes, formatDuration, formatTimestamp } from '../../../renderer/src/_utils/format.js';
import { SEED_003_FILTERS, isMediaFile, toFilters } from '../../../renderer/src/features/jobs/input-filters.js';
import { jobTiming } from '../../../renderer/src/features/jobs/job-timing.js';
import { rmsToLevel } from '../../../renderer/src/features/recordings/use-level-meter.js';
import { mergeSegments, transcriptText } from '../../../renderer/src/features/transcripts/merge-segments.js';

function running(over: Partial<Job>): Job {
  return Job.parse({
    id: randomUUID(), title: 'a.wav', sourcePath: '/a.wav', sourceKind: 'file', sourceRoot: null, contentHash: null, params: { model: 'tiny.en' },
    status: 'running', progress: 0, durationMs: 60_000, offsetMs: 0, windowsDone: 0, createdAt: 0, updatedAt: 0, startedAt: 1_000,
    finishedAt: null, heartbeatAt: null, attempts: 1, maxAttempts: 3, retryAt: null, errorCode: null, errorMessage: null,
    backend: 'cpu', backendNote: null, rtf: null, language: null, outputs: {}, ...over,
  });
}

describe('mergeSegments', () => {
  it('appends live segments after the committed ones and drops live copies of committed windows', () => {
    const committed = [{ t0Ms: 0, t1Ms: 4000, text: ' one' }, { t0Ms: 4000, t1Ms: 8000, text: ' two' }];
    const live = [{ t0Ms: 4000, t1Ms: 8000, text: ' two (live copy)' }, { t0Ms: 9000, t1Ms: 12000, text: ' three' }, { t0Ms: 8000, t1Ms: 9000, text: ' two and a half' }];
    const lines = mergeSegments(committed, live);
    expect(lines.map((l) => [l.text, l.committed])).toEqual([[' one', true], [' two', true], [' two and a half', false], [' three', false]]);
    expect(transcriptText(lines)).toBe('one\ntwo\ntwo and a half\nthree');
  });
});

describe('jobTiming', () => {
  it('estimates ETA and live RTF from the pace so far; none before 2 % progress', () => {
    expect(jobTiming(running({ progress: 0.01 }), 5_000)).toEqual({ etaMs: null, rtf: null });
    // 10 s elapsed for 25 % of 60 s of audio: 30 s left, RTF 10 / 15 = 0.667.
    const t = jobTiming(running({ progress: 0.25 }), 11_000);
    expect(t.etaMs).toBe(30_000);
    expect(t.rtf).toBeCloseTo(0.667, 3);
  });
  it('reports the recorded RTF once finished', () => {
    expect(jobTiming(running({ status: 'completed', progress: 1, rtf: 0.31 }), 99_000)).toEqual({ etaMs: null, rtf: 0.31 });
  });
});

describe('input filters (seed 003)', () => {
  it('turns MB and seconds into bytes and ms, leaving blank fields off', () => {
    expect(toFilters(SEED_003_FILTERS)).toEqual({ minSizeBytes: 1e6, maxSizeBytes: 100e6, minDurationMs: 5000, maxDurationMs: 300_000 });
    expect(toFilters({ minSizeMb: '', maxSizeMb: '2.5', minDurationSec: 'x', maxDurationSec: '-1' })).toEqual({ maxSizeBytes: 2_500_000 });
  });
  it('recognises audio and video by MIME type or extension', () => {
    expect(isMediaFile({ name: 'talk.bin', type: 'audio/mpeg' })).toBe(true);
    expect(isMediaFile({ name: 'Talk.MKV', type: '' })).toBe(true);
    expect(isMediaFile({ name: 'notes.txt', type: 'text/plain' })).toBe(false);
  });
});

describe('formatting', () => {
  it('formats timestamps, durations, sizes and levels', () => {
    expect(formatTimestamp(0)).toBe('0:00.0');
    expect(formatTimestamp(65_432)).toBe('1:05.4');
    expect(formatTimestamp(3_725_000)).toBe('1:02:05.0');
    expect(formatDuration(1)).toBe('1s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(83_000)).toBe('83 kB');
    expect(rmsToLevel(0)).toBe(0);
    expect(rmsToLevel(1)).toBe(1);
    expect(rmsToLevel(0.001)).toBeCloseTo(0, 5);
  });
});
