import { PathGuard } from './path-policy.js';

/**
 * Who is calling a service verb, as every transport hands it down: `clientId` names the connection that owns its
 * recordings (a WebSocket, the Electron window; null for the CLI), and `guard` checks every path the call names
 * (trusted in the CLI and the desktop app, confined to the data dir in `earshot serve`).
 */
export interface CallContext {
  clientId: string | null;
  guard: PathGuard;
}

/** The context of a local, trusted caller (the CLI, tests): any path, no connection. */
export function trustedCall(): CallContext {
  return { clientId: null, guard: new PathGuard({ mode: 'trusted' }) };
}
