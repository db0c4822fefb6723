import { type ReactNode, createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { Mismatch, VersionGate } from './version-gate.js';

const ClientContext = createContext<VersionGate | null>(null);

/** Provides the app's one client (a VersionGate around the chosen transport) to every feature. */
export function ClientProvider({ client, children }: { client: VersionGate; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The app's client; throws when used outside ClientProvider (a wiring bug). */
export function useClient(): VersionGate {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() needs a <ClientProvider> above it.');
  return client;
}

/** The version mismatch, once the host has refused this build; null before. */
export function useMismatch(): Mismatch | null {
  const client = useClient();
  const subscribe = useCallback((onChange: () => void) => client.onMismatch(onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.current());
}

/** True when every action must be disabled (seed 002: after a version mismatch). */
export function useActionsDisabled(): boolean {
  return useMismatch() !== null;
}
