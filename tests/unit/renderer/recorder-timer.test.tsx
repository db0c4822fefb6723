// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecorderPanel } from '../../../renderer/src/features/recordings/recorder-panel.js';
import { IDLE_TIMER, elapsedMs, formatClock, timerReducer } from '../../../renderer/src/features/recordings/recorder-timer.js';
import type { Recorder } from '../../../renderer/src/features/recordings/use-recorder.js';
import { useRecorderTimer } from '../../../renderer/src/features/recordings/use-recorder-timer.js';

describe('timerReducer (pure)', () => {
  it('starts at 0, counts while recording, freezes while paused, resumes from there, resets on stop', () => {
    let s = timerReducer(IDLE_TIMER, { type: 'start', now: 1_000 });
    expect(elapsedMs(s, 1_000)).toBe(0);
    expect(elapsedMs(s, 4_500)).toBe(3_500);
    s = timerReducer(s, { type: 'pause', now: 4_500 });
    expect(s.phase).toBe('paused');
    expect(elapsedMs(s, 60_000)).toBe(3_500);
    s = timerReducer(s, { type: 'resume', now: 60_000 });
    expect(elapsedMs(s, 62_000)).toBe(5_500);
    s = timerReducer(s, { type: 'stop' });
    expect(s).toEqual(IDLE_TIMER);
    expect(elapsedMs(s, 99_000)).toBe(0);
  });

  it('ignores actions that make no sense in the current phase', () => {
    expect(timerReducer(IDLE_TIMER, { type: 'pause', now: 5 })).toBe(IDLE_TIMER);
    expect(timerReducer(IDLE_TIMER, { type: 'resume', now: 5 })).toBe(IDLE_TIMER);
    const rec = timerReducer(IDLE_TIMER, { type: 'start', now: 0 });
    expect(timerReducer(rec, { type: 'start', now: 50 })).toBe(rec);
    expect(timerReducer(rec, { type: 'resume', now: 50 })).toBe(rec);
  });

  it('formats m:ss and h:mm:ss', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(999)).toBe('0:00');
    expect(formatClock(61_000)).toBe('1:01');
    expect(formatClock(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
  });
});

/** The real panel driven by the real timer hook (no microphone: the recorder's capture is not under test here). */
function TimerHarness() {
  const t = useRecorderTimer();
  const recorder: Recorder = { phase: t.phase, elapsedMs: t.elapsedMs, stream: null, start: t.start, pause: t.pause, resume: t.resume, stop: t.stop, toggle: () => undefined };
  return <RecorderPanel recorder={recorder} inputs={[]} deviceId="" onDeviceChange={() => undefined} disabled={false} />;
}

describe('recorder timer in the panel (seed 002 bugs)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  const timer = () => screen.queryByTestId('recorder-timer');
  const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

  it('is hidden when idle, shows 0:00 at start, counts while recording', () => {
    render(<TimerHarness />);
    expect(timer()).toBeNull();
    fireEvent.click(screen.getByTestId('record-button'));
    expect(timer()?.textContent).toBe('0:00');
    advance(3_000);
    expect(timer()?.textContent).toBe('0:03');
    advance(62_000);
    expect(timer()?.textContent).toBe('1:05');
  });

  it('freezes while paused and counts on after resume', () => {
    render(<TimerHarness />);
    fireEvent.click(screen.getByTestId('record-button'));
    advance(4_000);
    fireEvent.click(screen.getByTestId('pause-button'));
    expect(timer()?.textContent).toBe('0:04');
    expect(timer()?.getAttribute('data-phase')).toBe('paused');
    advance(10_000);
    expect(timer()?.textContent).toBe('0:04');
    fireEvent.click(screen.getByTestId('resume-button'));
    advance(2_000);
    expect(timer()?.textContent).toBe('0:06');
  });

  it('resets to 0 and hides on stop; the next recording starts from 0:00 again', () => {
    render(<TimerHarness />);
    fireEvent.click(screen.getByTestId('record-button'));
    advance(7_000);
    fireEvent.click(screen.getByTestId('stop-button'));
    expect(timer()).toBeNull();
    advance(5_000);
    fireEvent.click(screen.getByTestId('record-button'));
    expect(timer()?.textContent).toBe('0:00');
    advance(1_000);
    expect(timer()?.textContent).toBe('0:01');
  });

  it('stop while paused also resets', () => {
    render(<TimerHarness />);
    fireEvent.click(screen.getByTestId('record-button'));
    advance(2_000);
    fireEvent.click(screen.getByTestId('pause-button'));
    fireEvent.click(screen.getByTestId('stop-button'));
    expect(timer()).toBeNull();
    fireEvent.click(screen.getByTestId('record-button'));
    expect(timer()?.textContent).toBe('0:00');
  });
});
