import { z } from 'zod';
import {
  type Channel,
  type Envelope,
  type EventName,
  type EventPayload,
  FrontendVersion,
  PROTOCOL_VERSION,
  type RequestInput,
  type RequestOutput,
  events,
  isCompatible,
  requests,
} from '../../shared/contract.js';
import { EarshotError, type ErrorCode } from '../../shared/errors.js';
import type { Job } from '../../shared/jobs.js';
import { createLogger } from '../_utils/logger.js';
import type { RecordingService } from '../recordings/recording-service.js';
import { type AppBackbone, type CallContext, type Handlers, createHandlers } from './handlers.js';
import { PathGuard, type PathPolicy } from './path-policy.js';

export interface AppApiOptions {
  backbone: AppBackbone;
  recordings: RecordingService;
  /** `trusted` in the Electron app, `confinedToDataDir(...)` in `earshot serve`. */
  policy: PathPolicy;
  /** Earshot's version (package.json), reported by version.get and in VERSION_MISMATCH messages. */
  appVersion: string;
}

/** A pushed event with its payload, as every transport forwards it. */
export type AppEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** Codes that mean "the request was wrong", logged at info; anything else is logged as an error. */
const CLIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BAD_REQUEST', 'VERSION_MISMATCH', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'TOO_LARGE', 'FILE_MISSING', 'FILE_EMPTY', 'MODEL_MISSING',
]);

function isChannel(channel: string): channel is Channel {
  return Object.prototype.hasOwnProperty.call(requests, channel);
}

/**
 * The contract's main side, shared by every transport (Electron IPC, the WebSocket and REST of `earshot serve`):
 * `dispatch` checks the channel and the renderer's version, parses the input with the channel's zod schema, runs the
 * handler, parses its output and answers an envelope, never a thrown error (GUIDE §2). `subscribe` delivers the job
 * manager's events as contract events. start() attaches to the job manager and recovers unfinished recordings;
 * stop() detaches and finalises recordings in progress.
 */
export class AppApi {
  readonly appVersion: string;
  private readonly handlers: Handlers;
  private readonly listeners = new Set<(e: AppEvent) => void>();
  private readonly log = createLogger('app.api');
  private readonly detach: Array<() => void> = [];

  constructor(private readonly opts: AppApiOptions) {
    this.appVersion = opts.appVersion;
    this.handlers = createHandlers({
      backbone: opts.backbone,
      recordings: opts.recordings,
      guard: new PathGuard(opts.policy),
      appVersion: opts.appVersion,
      onDeleted: (id) => this.emit({ event: 'job.removed', payload: { id } }),
    });
  }

  /** "<protocol>.<app version>", the same shape as a renderer's version (e.g. "1.0.1.0"). */
  get backendVersion(): string {
    return `${PROTOCOL_VERSION}.${this.appVersion}`;
  }

  /** Attaches to the job manager's events and finalises recordings a previous run left unfinished. */
  async start(): Promise<void> {
    if (this.detach.length) return;
    const { manager } = this.opts.backbone;
    const onJob = (job: Job) => this.emit({ event: 'job.changed', payload: job });
    const onProgress = (p: { jobId: string; progress: number }) =>
      this.emit({ event: 'job.progress', payload: { jobId: p.jobId, progress: Math.min(1, Math.max(0, p.progress)) } });
    const onSegments = (s: EventPayload<'job.segments'>) => this.emit({ event: 'job.segments', payload: s });
    manager.on('job', onJob);
    manager.on('progress', onProgress);
    manager.on('segments', onSegments);
    this.detach.push(() => manager.off('job', onJob), () => manager.off('progress', onProgress), () => manager.off('segments', onSegments));
    await this.opts.recordings.recoverUnfinished();
  }

  /** Detaches from the job manager and finalises recordings still in progress. Listeners stay registered. */
  async stop(): Promise<void> {
    this.detach.splice(0).forEach((off) => off());
    await this.opts.recordings.close();
  }

  /** Subscribes to every pushed event; returns the unsubscribe function. */
  subscribe(listener: (e: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The connection `clientId` went away (socket closed, page reloaded): its recordings in progress are finalised. */
  async releaseClient(clientId: string): Promise<void> {
    await this.opts.recordings.releaseOwner(clientId);
  }

  /**
   * Why a renderer of `frontendVersion` may not talk to this main side, or null when it may. An absent version
   * (a script, curl) is accepted; a malformed one is not.
   */
  versionProblem(frontendVersion: string | undefined): string | null {
    if (frontendVersion === undefined) return null;
    if (FrontendVersion.safeParse(frontendVersion).success && isCompatible(frontendVersion)) return null;
    return `frontend version ${JSON.stringify(frontendVersion)} cannot talk to backend version ${this.backendVersion} ` +
      `(protocol ${PROTOCOL_VERSION}); reload the page or update the app`;
  }

  /**
   * Handles one request. Answers `{ ok: false, error }` with BAD_REQUEST for an unknown channel or an input that fails
   * the channel's schema (the zod message), VERSION_MISMATCH when `frontendVersion` is incompatible, the handler's
   * EarshotError code (NOT_FOUND, FORBIDDEN, INVALID_STATE, …), or INTERNAL when the output breaks the contract.
   */
  async dispatch(channel: string, rawInput: unknown, frontendVersion?: string, ctx: Partial<CallContext> = {}): Promise<Envelope<unknown>> {
    try {
      if (!isChannel(channel)) throw new EarshotError('BAD_REQUEST', `unknown channel ${JSON.stringify(channel)}`);
      const problem = this.versionProblem(frontendVersion);
      if (problem) throw new EarshotError('VERSION_MISMATCH', problem);
      const spec = requests[channel];
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new EarshotError('BAD_REQUEST', `invalid input for ${channel}: ${z.prettifyError(parsed.error)}`);
      const handler = this.handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, { clientId: ctx.clientId ?? null });
      const out = spec.output.safeParse(value);
      if (!out.success) throw new EarshotError('INTERNAL', `the answer to ${channel} breaks the contract: ${z.prettifyError(out.error)}`);
      return { ok: true, value: out.data };
    } catch (err) {
      const e = EarshotError.from(err);
      if (CLIENT_CODES.has(e.code)) this.log.info({ channel, code: e.code }, e.message);
      else this.log.error({ channel, code: e.code, err }, e.message);
      return { ok: false, error: { code: e.code, message: e.message } };
    }
  }

  /** dispatch() with the channel's types, for callers in this process (REST routes, tests). */
  async invoke<C extends Channel>(channel: C, input: RequestInput<C>, frontendVersion?: string, ctx?: Partial<CallContext>): Promise<Envelope<RequestOutput<C>>> {
    return (await this.dispatch(channel, input, frontendVersion, ctx)) as Envelope<RequestOutput<C>>;
  }

  private emit(e: AppEvent): void {
    const parsed = events[e.event].safeParse(e.payload);
    if (!parsed.success) {
      this.log.error({ event: e.event, issues: parsed.error.issues }, 'dropped an event that breaks the contract');
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch (err) {
        this.log.error({ event: e.event, err }, 'an event listener threw');
      }
    }
  }
}
