// @vitest-environment jsdom
import { randomUUID } from 'node:crypto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, EventName, EventPayload, RequestInput, RequestOutput, TranscriptState } from '../../../electron/shared/contract.js';
import { Job, type Segment } from '../../../electron/shared/jobs.js';
import { type ConnectionState, type EarshotClient, type SubmitResult, unwrapResult } from '../../../renderer/src/api/client.js';
import { ClientProvider } from '../../../renderer/src/api/client-context.js';
import { VersionGate } from '../../../renderer/src/api/version-gate.js';
import { NoticeProvider } from '../../../renderer/src/_utils/notices.js';
import { EditorView } from '../../../renderer/src/features/editor/editor-view.js';
import { DEFAULT_LIBRARY_ORDER, LibraryView } from '../../../renderer/src/features/library/library-view.js';
import { Snippet } from '../../../renderer/src/features/search/snippet.js';

function job(i: number, over: Partial<Job> = {}): Job {
  return Job.parse({
    id: randomUUID(), title: `talk-${i}.wav`, sourcePath: `/media/talk-${i}.wav`, sourceKind: 'file', sourceRoot: null, contentHash: null,
    params: { model: 'tiny.en' }, status: 'completed', progress: 1, durationMs: 60_000 + i, offsetMs: 0, windowsDone: 1, createdAt: 1_000 + i,
    updatedAt: 1_000, startedAt: 1_000, finishedAt: 2_000, heartbeatAt: null, attempts: 1, maxAttempts: 3, retryAt: null, errorCode: null,
    errorMessage: null, backend: 'cpu', backendNote: null, rtf: null, language: 'en', outputs: {}, ...over,
  });
}

/**
 * An in-memory host for the editor's channels: answers transcripts.open and the editing verbs from a list of
 * segments (edits only, enough for the UI's side), records every call, and lets a test push events.
 */
class FakeHost implements EarshotClient {
  readonly transport = 'websocket' as const;
  readonly frontendVersion = '2.0.1.0';
  readonly usesPaths = false;
  readonly pickPaths = null;
  readonly showInFolder = null;
  readonly pickSavePath = null;
  calls: Array<{ channel: Channel; input: unknown }> = [];
  private readonly listeners = new Map<EventName, Set<(p: never) => void>>();
  canUndo = false;

  constructor(readonly job: Job, public segments: Segment[]) {}

  private state(): TranscriptState {
    return { jobId: this.job.id, segments: this.segments, canUndo: this.canUndo, canRedo: false };
  }

  async request<C extends Channel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>> {
    this.calls.push({ channel, input });
    const value = (() => {
      switch (channel) {
        case 'transcripts.open':
          return { job: this.job, ...this.state() };
        case 'transcripts.editSegment': {
          const { segmentId, text } = input as RequestInput<'transcripts.editSegment'>;
          this.segments = this.segments.map((s) => (s.id === segmentId ? { ...s, text, original: s.original ?? s.text } : s));
          this.canUndo = true;
          return this.state();
        }
        case 'transcripts.undo':
          return this.state();
        case 'transcripts.setTitle':
          return { ...this.job, title: (input as RequestInput<'transcripts.setTitle'>).title };
        default:
          throw new Error(`FakeHost: no answer for ${channel}`);
      }
    })();
    return unwrapResult(channel, { ok: true, value });
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.listeners.get(event)?.forEach((cb) => (cb as (p: EventPayload<E>) => void)(payload));
  }

  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(cb as (p: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(cb as (p: never) => void);
  }
  onConnection(_cb: (state: ConnectionState) => void): () => void {
    return () => undefined;
  }
  async submitFiles(): Promise<SubmitResult> {
    throw new Error('not here');
  }
  close(): void {}
  count(channel: Channel): number {
    return this.calls.filter((c) => c.channel === channel).length;
  }
}

function withHost(host: FakeHost, ui: React.ReactNode) {
  return render(
    <ClientProvider client={new VersionGate(host)}>
      <NoticeProvider>{ui}</NoticeProvider>
    </ClientProvider>,
  );
}

// jsdom has no layout: give every element a viewport-sized box, so the virtualisers render what a window would.
const sizes: Array<[string, PropertyDescriptor | undefined]> = [];
beforeAll(() => {
  for (const [prop, value] of [['clientHeight', 600], ['clientWidth', 1000], ['offsetHeight', 48], ['offsetWidth', 1000]] as const) {
    sizes.push([prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop)]);
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  for (const [prop, d] of sizes) if (d) Object.defineProperty(HTMLElement.prototype, prop, d);
});
afterEach(cleanup);

describe('LibraryView', () => {
  it('renders ten thousand transcripts as a window of rows, and renames one in place', async () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) => job(i));
    const host = new FakeHost(jobs[0]!, []);
    const saved: Job[] = [];
    const opened: string[] = [];
    withHost(host, <LibraryView jobs={jobs} disabled={false} order={DEFAULT_LIBRARY_ORDER} onOrder={() => undefined} onOpen={(id) => opened.push(id)} onSaved={(j) => saved.push(j)} />);
    expect(screen.getByTestId('library-count').textContent).toBe('10000 transcripts');
    const rows = screen.getAllByTestId('library-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    // Newest first.
    expect(within(rows[0]!).getByTestId('library-title').textContent).toBe('talk-9999.wav');

    fireEvent.click(within(rows[0]!).getByTestId('library-rename'));
    const input = screen.getByTestId('library-title-input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'Budget meeting' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(saved.map((j) => j.title)).toEqual(['Budget meeting']));
    expect(host.calls.find((c) => c.channel === 'transcripts.setTitle')?.input).toEqual({ jobId: jobs[9999]!.id, title: 'Budget meeting' });
    expect(opened).toEqual([]); // renaming does not open the row

    fireEvent.click(screen.getAllByTestId('library-row')[1]!);
    expect(opened).toEqual([jobs[9998]!.id]);
  });
});

describe('Snippet', () => {
  it('shows markup in a transcript as text, and the matches in <mark>', () => {
    const { container } = render(<Snippet parts={[{ text: 'say <b>', match: false }, { text: 'hello', match: true }, { text: '</b><img src=x onerror=alert(1)>', match: false }]} />);
    expect(container.querySelector('b, img')).toBeNull();
    expect(container.querySelector('mark')?.textContent).toBe('hello');
    expect(container.textContent).toBe('say <b>hello</b><img src=x onerror=alert(1)>');
  });
});

describe('EditorView', () => {
  const words = [
    { text: ' Ask', t0Ms: 0, t1Ms: 300, p: 0.95 },
    { text: ' not', t0Ms: 300, t1Ms: 600, p: 0.2 },
  ];
  const segs = (): Segment[] => [
    { id: 1, index: 0, t0Ms: 0, t1Ms: 1000, text: ' Ask not', original: null, words },
    { id: 2, index: 1, t0Ms: 1000, t1Ms: 2000, text: ' what your country', original: null },
    { id: 3, index: 2, t0Ms: 2000, t1Ms: 3000, text: ' can do for you', original: null },
  ];

  it('lists the segments, tints doubtful words, saves an edit, keeps keys away from the text field, reloads on transcript.changed', async () => {
    const host = new FakeHost(job(1), segs());
    const played: number[] = [];
    const proto = HTMLMediaElement.prototype;
    const realPlay = proto.play;
    proto.play = function play(this: HTMLMediaElement) {
      played.push(Date.now());
      return Promise.resolve();
    };
    try {
      withHost(host, <EditorView jobId={host.job.id} atMs={null} play={false} disabled={false} backLabel="Library" onBack={() => undefined} onOpened={() => undefined} />);
      await waitFor(() => expect(screen.getAllByTestId('editor-segment')).toHaveLength(3));
      const wordEls = screen.getAllByTestId('segment-word');
      expect(wordEls.map((w) => w.textContent)).toEqual(['Ask', 'not']);
      expect(wordEls.map((w) => w.getAttribute('data-low-confidence'))).toEqual([null, 'true']);

      // Space plays while the focus is on the page.
      fireEvent.keyDown(document.body, { key: ' ' });
      expect(played).toHaveLength(1);

      const second = screen.getAllByTestId('editor-segment')[1]!;
      fireEvent.click(within(second).getByTestId('segment-edit'));
      const input = within(second).getByTestId('segment-input') as HTMLTextAreaElement;
      expect(input.value).toBe('what your country');
      // Typing keys stay in the field: no play, no undo.
      fireEvent.keyDown(input, { key: ' ' });
      fireEvent.keyDown(input, { key: 'z', ctrlKey: true });
      expect(played).toHaveLength(1);
      expect(host.count('transcripts.undo')).toBe(0);
      fireEvent.change(input, { target: { value: 'what our country' } });
      fireEvent.keyDown(input, { key: 'Enter' });
      await waitFor(() => expect(within(screen.getAllByTestId('editor-segment')[1]!).getByTestId('segment-text').textContent).toBe('what our country'));
      expect(host.calls.find((c) => c.channel === 'transcripts.editSegment')?.input).toEqual({ jobId: host.job.id, segmentId: 2, text: 'what our country' });
      expect(screen.getAllByTestId('editor-segment')[1]!.getAttribute('data-edited')).toBe('true');

      // Ctrl+Z on the page undoes.
      await waitFor(() => expect((screen.getByTestId('editor-undo') as HTMLButtonElement).disabled).toBe(false));
      fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
      await waitFor(() => expect(host.count('transcripts.undo')).toBe(1));

      // Another client's change: the editor loads the transcript again.
      const opens = host.count('transcripts.open');
      host.segments = host.segments.map((s) => (s.id === 3 ? { ...s, text: ' can do for us', original: s.text } : s));
      act(() => host.emit('transcript.changed', { jobId: host.job.id }));
      await waitFor(() => expect(within(screen.getAllByTestId('editor-segment')[2]!).getByTestId('segment-text').textContent).toBe('can do for us'));
      expect(host.count('transcripts.open')).toBe(opens + 1);
    } finally {
      proto.play = realPlay;
    }
  });
});
