import type { z } from 'zod';
import {
  type Channel,
  type Envelope,
  type EventName,
  type EventPayload,
  type Feature,
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
import type { CallContext } from '../_utils/call-context.js';
import { createLogger } from '../_utils/logger.js';
import { PathGuard, type PathPolicy } from '../_utils/path-policy.js';
import { runChecked } from './run-checked.js';
import type { Earshot } from '../earshot.js';

/** Parsed input of a channel (defaults applied). */
export type ParsedInput<C extends Channel> = z.output<(typeof requests)[C]['input']>;

/**
 * What the contract asks of each feature service: for every channel `<feature>.<verb>`, a method `verb(input, ctx)`.
 * The services of the composition root satisfy it (checked by the compiler where AppApi is built), so a channel added
 * to the contract without its service method does not compile.
 */
export type ContractServices = {
  [F in Feature]: {
    [C in Channel as C extends `${F}.${infer V}` ? V : never]: (input: ParsedInput<C>, ctx: CallContext) => Promise<RequestOutput<C>>;
  };
};

export interface AppApiOptions {
  /** The composition root: its feature services answer the channels, its jobs feature the events. */
  earshot: Pick<Earshot, 'jobs' | 'transcripts' | 'recordings' | 'version'> & ContractServices;
  /** `trusted` in the Electron app, `confinedToDataDir(...)` in `earshot serve`. */
  policy: PathPolicy;
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
 * `dispatch` checks the channel and the renderer's version, parses the input with the channel's zod schema, calls
 * the owning service's method (`jobs.cancel` -> `earshot.jobs.cancel(input, ctx)`), parses its output and answers
 * an envelope, never a thrown error (GUIDE §2). `subscribe` delivers the jobs feature's events as contract events.
 * start() attaches to them; stop() detaches.
 */
export class AppApi {
  readonly appVersion: string;
  private readonly guard: PathGuard;
  private readonly listeners = new Set<(e: AppEvent) => void>();
  private readonly log = createLogger('app.api');
  private readonly detach: Array<() => void> = [];

  constructor(private readonly opts: AppApiOptions) {
    this.appVersion = opts.earshot.version.appVersion;
    this.guard = new PathGuard(opts.policy);
  }

  /** "<protocol>.<app version>", the same shape as a renderer's version (e.g. "2.0.1.0"). */
  get backendVersion(): string {
    return `${PROTOCOL_VERSION}.${this.appVersion}`;
  }

  /** Attaches to the jobs and transcripts features' events. Idempotent. */
  async start(): Promise<void> {
    if (this.detach.length) return;
    const { jobs, transcripts } = this.opts.earshot;
    const onJob = (job: Job) => this.emit({ event: 'job.changed', payload: job });
    const onProgress = (p: { jobId: string; progress: number }) =>
      this.emit({ event: 'job.progress', payload: { jobId: p.jobId, progress: Math.min(1, Math.max(0, p.progress)) } });
    const onSegments = (s: EventPayload<'job.segments'>) => this.emit({ event: 'job.segments', payload: s });
    const onRemoved = (r: { id: string }) => this.emit({ event: 'job.removed', payload: r });
    jobs.on('job', onJob);
    jobs.on('progress', onProgress);
    jobs.on('segments', onSegments);
    jobs.on('removed', onRemoved);
    this.detach.push(
      () => jobs.off('job', onJob),
      () => jobs.off('progress', onProgress),
      () => jobs.off('segments', onSegments),
      () => jobs.off('removed', onRemoved),
    );
    const onTranscript = (t: { jobId: string }) => this.emit({ event: 'transcript.changed', payload: t });
    transcripts.on('changed', onTranscript);
    transcripts.on('job', onJob);
    this.detach.push(() => transcripts.off('changed', onTranscript), () => transcripts.off('job', onJob));
  }

  /** Detaches from the features' events. Listeners stay registered. */
  async stop(): Promise<void> {
    this.detach.splice(0).forEach((off) => off());
  }

  /** Subscribes to every pushed event; returns the unsubscribe function. */
  subscribe(listener: (e: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The connection `clientId` went away (socket closed, page reloaded): its recordings in progress are finalised. */
  async releaseClient(clientId: string): Promise<void> {
    await this.opts.earshot.recordings.releaseOwner(clientId);
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
  async dispatch(channel: string, rawInput: unknown, frontendVersion?: string, ctx: { clientId?: string | null } = {}): Promise<Envelope<unknown>> {
    try {
      if (!isChannel(channel)) throw new EarshotError('BAD_REQUEST', `unknown channel ${JSON.stringify(channel)}`);
      const problem = this.versionProblem(frontendVersion);
      if (problem) throw new EarshotError('VERSION_MISMATCH', problem);
      const call: CallContext = { clientId: ctx.clientId ?? null, guard: this.guard };
      const value = await runChecked(channel, requests[channel], rawInput, (input) => this.call(channel, input, call));
      return { ok: true, value };
    } catch (err) {
      const e = EarshotError.from(err);
      if (CLIENT_CODES.has(e.code)) this.log.info({ channel, code: e.code }, e.message);
      else this.log.error({ channel, code: e.code, err }, e.message);
      return { ok: false, error: { code: e.code, message: e.message } };
    }
  }

  /** dispatch() with the channel's types, for callers in this process (REST routes, tests). */
  async invoke<C extends Channel>(channel: C, input: RequestInput<C>, frontendVersion?: string, ctx?: { clientId?: string | null }): Promise<Envelope<RequestOutput<C>>> {
    return (await this.dispatch(channel, input, frontendVersion, ctx)) as Envelope<RequestOutput<C>>;
  }

  /** Calls the service method that owns `channel`: `<feature>.<verb>` -> `earshot[feature][verb](input, ctx)`. */
  private call(channel: Channel, input: unknown, ctx: CallContext): Promise<unknown> {
    const [feature, verb] = channel.split('.') as [Feature, string];
    const service = this.opts.earshot[feature] as unknown as Record<string, (input: unknown, ctx: CallContext) => Promise<unknown>>;
    return service[verb]!.call(service, input, ctx);
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
