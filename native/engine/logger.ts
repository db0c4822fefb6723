import pino, { type Logger } from 'pino';

/**
 * native/ may import only electron/shared (the layering rule), so the engine keeps its own pino root with the
 * same settings as electron/services/_utils/logger.ts: level from EARSHOT_LOG_LEVEL (default `warn`), JSON lines
 * on stderr. Only the parent side logs through it: the host process and its workers send `log` messages.
 */
const root = pino({ level: process.env.EARSHOT_LOG_LEVEL ?? 'warn', base: { pid: process.pid } }, pino.destination(2));

/** A child logger for one engine module; pass `{ jobId }` where a job is in scope. */
export function createEngineLogger(module: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ module, ...bindings });
}

export type { Logger };
