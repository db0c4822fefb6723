/**
 * The recording timer as a pure state machine (seed 002's bugs, fixed by construction):
 * - idle: hidden, reads 0;
 * - start: recording from 0:00;
 * - recording: counts with the clock;
 * - pause: freezes at the time reached; resume: counts on from there;
 * - stop: back to idle, reset to 0.
 * Times are epoch milliseconds from an injected clock, so tests drive it without real time.
 */
export type TimerPhase = 'idle' | 'recording' | 'paused';

export interface TimerState {
  phase: TimerPhase;
  /** ms recorded before the current run (sum of earlier recording spans). */
  accumulatedMs: number;
  /** When the current recording span began (epoch ms); null unless recording. */
  runningSince: number | null;
}

export type TimerAction =
  | { type: 'start'; now: number }
  | { type: 'pause'; now: number }
  | { type: 'resume'; now: number }
  | { type: 'stop' };

export const IDLE_TIMER: TimerState = { phase: 'idle', accumulatedMs: 0, runningSince: null };

/** Applies one action; actions that make no sense in the current phase leave the state unchanged. */
export function timerReducer(state: TimerState, action: TimerAction): TimerState {
  switch (action.type) {
    case 'start':
      return state.phase === 'idle' ? { phase: 'recording', accumulatedMs: 0, runningSince: action.now } : state;
    case 'pause':
      if (state.phase !== 'recording' || state.runningSince === null) return state;
      return { phase: 'paused', accumulatedMs: state.accumulatedMs + Math.max(0, action.now - state.runningSince), runningSince: null };
    case 'resume':
      return state.phase === 'paused' ? { ...state, phase: 'recording', runningSince: action.now } : state;
    case 'stop':
      return IDLE_TIMER;
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** Recorded time in ms at `now`: frozen while paused, 0 when idle. */
export function elapsedMs(state: TimerState, now: number): number {
  if (state.phase === 'recording' && state.runningSince !== null) return state.accumulatedMs + Math.max(0, now - state.runningSince);
  return state.phase === 'idle' ? 0 : state.accumulatedMs;
}

/** "m:ss" (or "h:mm:ss" from one hour) for a duration in ms, rounded down to whole seconds. */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
