import { Chip } from '@mui/material';
import { useEffect, useState } from 'react';
import type { ConnectionState } from '../api/client.js';
import { useClient } from '../api/client-context.js';

/** The transport's state in the app bar: hidden while connected; "Connecting…" / "Offline" otherwise. */
export function ConnectionChip() {
  const client = useClient();
  const [state, setState] = useState<ConnectionState>(client.transport === 'electron' ? 'open' : 'connecting');
  useEffect(() => client.onConnection(setState), [client]);
  if (state === 'open') return null;
  return <Chip size="small" color={state === 'closed' ? 'error' : 'default'} label={state === 'closed' ? 'Offline, reconnecting…' : 'Connecting…'} data-testid="connection" />;
}
