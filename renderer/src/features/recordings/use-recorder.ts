import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../../electron/shared/jobs.js';
import { type ParamsChoice, ClientError, toClientError } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { RecordingSession } from './recording-session.js';
import { useRecorderTimer } from './use-recorder-timer.js';

/** idle -> starting -> recording <-> paused -> stopping -> idle. */
export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'paused' | 'stopping';

export interface Recorder {
  phase: RecorderPhase;
  /** Recorded ms (timer state machine: frozen while paused, 0 when idle). */
  elapsedMs: number;
  /** The live microphone stream while recording or paused (for the level meter). */
  stream: MediaStream | null;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Space: start when idle, stop when recording or paused. */
  toggle(): void;
}

export interface UseRecorderOptions {
  /** Microphone deviceId ('' = the system default). */
  deviceId: string;
  params: ParamsChoice;
  onJob: (job: Job) => void;
  onError: (err: ClientError) => void;
  /** Called once microphone access is granted (device labels become readable). */
  onPermission?: () => void;
}

/**
 * The recorder: microphone capture (getUserMedia), a RecordingSession streaming chunks to the main side and the
 * timer. Stop resets the timer at once (seed 002) while the last chunk and `recording.stop` finish in the background;
 * the new job comes back through `onJob`.
 */
export function useRecorder(opts: UseRecorderOptions): Recorder {
  const client = useClient();
  const timer = useRecorderTimer();
  const { start: timerStart, pause: timerPause, resume: timerResume, stop: timerStop } = timer;
  const [phase, setPhase] = useState<RecorderPhase>('idle');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const session = useRef<RecordingSession | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  const fail = useCallback(
    (err: unknown) => {
      session.current?.abort();
      session.current = null;
      setStream(null);
      timerStop();
      setPhase('idle');
      latest.current.onError(toClientError(err));
    },
    [timerStop],
  );

  const start = useCallback(() => {
    if (phase !== 'idle') return;
    setPhase('starting');
    void (async () => {
      let media: MediaStream;
      try {
        const { deviceId } = latest.current;
        media = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
      } catch (err) {
        fail(new ClientError('FORBIDDEN', `No microphone: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      latest.current.onPermission?.();
      const s = new RecordingSession(client, media, (err) => fail(err));
      session.current = s;
      try {
        await s.start();
      } catch (err) {
        fail(err);
        return;
      }
      setStream(media);
      timerStart();
      setPhase('recording');
    })();
  }, [phase, client, timerStart, fail]);

  const pause = useCallback(() => {
    if (phase !== 'recording') return;
    session.current?.pause();
    timerPause();
    setPhase('paused');
  }, [phase, timerPause]);

  const resume = useCallback(() => {
    if (phase !== 'paused') return;
    session.current?.resume();
    timerResume();
    setPhase('recording');
  }, [phase, timerResume]);

  const stop = useCallback(() => {
    const s = session.current;
    if ((phase !== 'recording' && phase !== 'paused') || !s) return;
    timerStop();
    setPhase('stopping');
    setStream(null);
    void s
      .stop(latest.current.params)
      .then((job) => latest.current.onJob(job))
      .catch((err: unknown) => latest.current.onError(toClientError(err)))
      .finally(() => {
        session.current = null;
        setPhase('idle');
      });
  }, [phase, timerStop]);

  const toggle = useCallback(() => {
    if (phase === 'idle') start();
    else if (phase === 'recording' || phase === 'paused') stop();
  }, [phase, start, stop]);

  // Leaving the page mid-recording: release the microphone; the main side keeps the chunks as an unfinished recording.
  useEffect(() => () => session.current?.abort(), []);

  return { phase, elapsedMs: timer.elapsedMs, stream, start, pause, resume, stop, toggle };
}
