import { useCallback, useEffect, useReducer, useState } from 'react';
import { IDLE_TIMER, type TimerPhase, elapsedMs, timerReducer } from './recorder-timer.js';

/** How often the shown time refreshes while recording (ms); the value itself comes from the clock, not from ticks. */
export const TIMER_TICK_MS = 250;

export interface RecorderTimer {
  phase: TimerPhase;
  /** Recorded ms, frozen while paused, 0 when idle. */
  elapsedMs: number;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

/**
 * React binding of the timer reducer. The interval runs only while recording and re-reads the clock on each tick,
 * so a slow tick never makes the timer drift, and its effect depends on the phase (seed 002: the stale-closure bug).
 * `now` is injectable for tests (default Date.now).
 */
export function useRecorderTimer(now: () => number = Date.now): RecorderTimer {
  const [state, dispatch] = useReducer(timerReducer, IDLE_TIMER);
  const [clock, setClock] = useState(now);

  useEffect(() => {
    if (state.phase !== 'recording') return;
    const id = setInterval(() => setClock(now()), TIMER_TICK_MS);
    return () => clearInterval(id);
  }, [state.phase, now]);

  const start = useCallback(() => {
    const t = now();
    setClock(t);
    dispatch({ type: 'start', now: t });
  }, [now]);
  const pause = useCallback(() => dispatch({ type: 'pause', now: now() }), [now]);
  const resume = useCallback(() => {
    const t = now();
    setClock(t);
    dispatch({ type: 'resume', now: t });
  }, [now]);
  const stop = useCallback(() => dispatch({ type: 'stop' }), []);

  return { phase: state.phase, elapsedMs: elapsedMs(state, Math.max(clock, state.runningSince ?? 0)), start, pause, resume, stop };
}
