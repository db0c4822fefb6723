import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptState } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';

/** The editor's verbs on one transcript; each resolves true when the host took the change. */
export interface EditorActions {
  edit(segmentId: number, text: string): Promise<boolean>;
  revert(segmentId: number): Promise<boolean>;
  split(segmentId: number, at: number, atMs?: number): Promise<boolean>;
  merge(segmentId: number): Promise<boolean>;
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
}

export interface EditorTranscript {
  job: Job | null;
  state: TranscriptState | null;
  /** The error of the first load (an unknown id), else null. */
  error: string | null;
  /** True while a change is on its way to the host (buttons wait for it, so two changes never cross). */
  busy: boolean;
  actions: EditorActions;
}

/**
 * One transcript as the editor holds it: `transcripts.open` on mount, again on every `transcript.changed` for this
 * job (another window or client edited it) and whenever the job itself changes while it runs (a window committed);
 * each editing verb replaces the state with the host's answer. Errors of the verbs are shown as notices.
 */
export function useEditorTranscript(jobId: string): EditorTranscript {
  const client = useClient();
  const report = useReportError();
  const [job, setJob] = useState<Job | null>(null);
  const [state, setState] = useState<TranscriptState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Answers arrive out of order when a reload and a change cross; only the newest request's answer is kept.
  const generation = useRef(0);
  const jobRef = useRef<Job | null>(null);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    client.request('transcripts.open', { jobId }).then(
      ({ job: j, ...s }) => {
        if (mine !== generation.current) return;
        jobRef.current = j;
        setJob(j);
        setState(s);
        setError(null);
      },
      (err: unknown) => {
        if (mine === generation.current) setError(err instanceof Error ? err.message : String(err));
      },
    );
  }, [client, jobId]);

  useEffect(() => {
    jobRef.current = null;
    setJob(null);
    setState(null);
    setError(null);
    reload();
    const offs = [
      client.on('transcript.changed', (ev) => ev.jobId === jobId && reload()),
      client.on('job.changed', (j) => {
        if (j.id !== jobId) return;
        const held = jobRef.current;
        jobRef.current = j;
        setJob(j);
        // New segments came with a committed window or the end of the run: fetch them; a retitle only needs the job.
        if (held && (held.windowsDone !== j.windowsDone || held.status !== j.status)) reload();
      }),
      client.on('job.removed', ({ id }) => {
        if (id !== jobId) return;
        generation.current++;
        setError('This transcript was removed (its job was deleted).');
      }),
      client.onConnection((c) => c === 'open' && reload()),
    ];
    return () => {
      generation.current++;
      offs.forEach((off) => off());
    };
  }, [client, jobId, reload]);

  const act = useCallback(
    async (call: () => Promise<TranscriptState>): Promise<boolean> => {
      setBusy(true);
      const mine = ++generation.current;
      try {
        const next = await call();
        if (mine === generation.current) setState(next);
        return true;
      } catch (err) {
        report(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [report],
  );

  const actions = useMemo<EditorActions>(
    () => ({
      edit: (segmentId, text) => act(() => client.request('transcripts.editSegment', { jobId, segmentId, text })),
      revert: (segmentId) => act(() => client.request('transcripts.revertSegment', { jobId, segmentId })),
      split: (segmentId, at, atMs) => act(() => client.request('transcripts.splitSegment', { jobId, segmentId, at, ...(atMs !== undefined ? { atMs } : {}) })),
      merge: (segmentId) => act(() => client.request('transcripts.mergeSegments', { jobId, segmentId })),
      undo: () => act(() => client.request('transcripts.undo', { jobId })),
      redo: () => act(() => client.request('transcripts.redo', { jobId })),
    }),
    [act, client, jobId],
  );
  return { job, state, error, busy, actions };
}
