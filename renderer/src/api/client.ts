import type { ZodType } from 'zod';
import {
  type Channel,
  type EventName,
  type EventPayload,
  type InputFilters,
  type JobParamsChoice,
  type RequestInput,
  type RequestOutput,
  envelope,
  events,
  requests,
} from '../../../electron/shared/contract.js';
import type { ErrorCode } from '../../../electron/shared/errors.js';
import type { Job } from '../../../electron/shared/jobs.js';
import type { z } from 'zod';

/** Per-job choices the UI sends with new work (model, language, task). */
export type ParamsChoice = z.input<typeof JobParamsChoice>;
/** Seed 003 batch filters: sizes in bytes, durations in ms. */
export type FiltersChoice = z.input<typeof InputFilters>;

/** What submitting files or folders produced: the jobs created, and inputs left out with the reason. */
export interface SubmitResult {
  jobs: Job[];
  excluded: Array<{ path: string; reason: string }>;
}

/** Connection state of a transport; Electron IPC is always `open`. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * The one client the UI talks to (GUIDE §2). Two implementations: Electron's preload bridge and a WebSocket to
 * `earshot serve`; the same bundle picks one at runtime (see create-client.ts).
 * `request` resolves with the zod-parsed output or rejects with a ClientError (code from the contract's ErrorCode).
 */
export interface EarshotClient {
  readonly transport: 'electron' | 'websocket';
  /** The version sent with every request. */
  readonly frontendVersion: string;
  /** Whether the host can hand out filesystem paths (Electron) or files must be uploaded (browser). */
  readonly usesPaths: boolean;
  request<C extends Channel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>;
  /** Subscribes to a pushed event; the payload is zod-parsed. Returns the unsubscribe function. */
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  /** Connection changes (a reconnect means events may have been missed: re-list). Returns the unsubscribe function. */
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /**
   * Turns dropped or picked files into jobs: uploaded (browser) or enqueued by path (Electron).
   * Rejects with a ClientError; VERSION_MISMATCH when the host refuses this build.
   */
  submitFiles(files: readonly File[], params: ParamsChoice, filters: FiltersChoice): Promise<SubmitResult>;
  /** Native pickers where the host has them (Electron); null in the browser, which uses <input type="file">. */
  pickPaths: ((kind: 'files' | 'folder') => Promise<string[]>) | null;
  /** Shows a file in the system file manager (Electron only; null in the browser). */
  showInFolder: ((path: string) => Promise<void>) | null;
  /** A native save dialog (Electron only; null in the browser, which downloads instead). Resolves null when dismissed. */
  pickSavePath: ((defaultName: string) => Promise<string | null>) | null;
  close(): void;
}

/** A failed request: the code and message of the contract's error envelope. */
export class ClientError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
  }
}

const outputEnvelopes = new Map<Channel, ZodType>();

/**
 * Parses a raw result envelope of `channel` with the contract and returns its value, or throws a ClientError:
 * the envelope's own error, or BAD_REQUEST/INTERNAL when the host sent something the contract does not allow.
 */
export function unwrapResult<C extends Channel>(channel: C, raw: unknown): RequestOutput<C> {
  let schema = outputEnvelopes.get(channel);
  if (!schema) {
    schema = envelope(requests[channel].output);
    outputEnvelopes.set(channel, schema);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ClientError('INTERNAL', `Reply to ${channel} does not match the contract: ${parsed.error.message}`);
  const result = parsed.data as { ok: true; value: RequestOutput<C> } | { ok: false; error: { code: ErrorCode; message: string } };
  if (!result.ok) throw new ClientError(result.error.code, result.error.message);
  return result.value;
}

/** Parses an event payload with the contract; null (and a console warning) for a payload that does not match. */
export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> | null {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    console.warn(`earshot: dropped a malformed ${event} event`, parsed.error.message);
    return null;
  }
  return parsed.data as EventPayload<E>;
}

/** Parses the input of `channel` before it leaves, so a UI bug shows up as BAD_REQUEST here, not on the host. */
export function checkInput<C extends Channel>(channel: C, input: RequestInput<C>): unknown {
  const parsed = requests[channel].input.safeParse(input);
  if (!parsed.success) throw new ClientError('BAD_REQUEST', `Invalid input for ${channel}: ${parsed.error.message}`);
  return parsed.data;
}

/** Wraps anything thrown into a ClientError (keeping its code when it is one already). */
export function toClientError(err: unknown, fallback: ErrorCode = 'INTERNAL'): ClientError {
  if (err instanceof ClientError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ClientError(fallback, message);
}
