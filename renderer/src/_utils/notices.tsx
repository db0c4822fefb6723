import { Alert, Snackbar } from '@mui/material';
import { type ReactNode, createContext, useCallback, useContext, useMemo, useState } from 'react';
import { ClientError } from '../api/client.js';

export type NoticeSeverity = 'success' | 'info' | 'warning' | 'error';
interface Notice {
  key: number;
  severity: NoticeSeverity;
  message: string;
}
type Notify = (severity: NoticeSeverity, message: string) => void;

const NoticeContext = createContext<Notify>(() => undefined);

/**
 * One snackbar for short notices (errors of actions, "copied", jobs added). VERSION_MISMATCH errors are not shown
 * here: the version snackbar owns them.
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Notice[]>([]);
  const notify = useCallback<Notify>((severity, message) => {
    setQueue((q) => [...q.slice(-4), { key: Date.now() + Math.random(), severity, message }]);
  }, []);
  const current = queue[0];
  const close = useCallback(() => setQueue((q) => q.slice(1)), []);
  const value = useMemo(() => notify, [notify]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      <Snackbar key={current?.key} open={current !== undefined} autoHideDuration={5000} onClose={(_e, reason) => reason !== 'clickaway' && close()} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
        {current ? (
          <Alert severity={current.severity} onClose={close} variant="filled" data-testid="notice">
            {current.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </NoticeContext.Provider>
  );
}

/** The notify function of the nearest NoticeProvider. */
export function useNotify(): Notify {
  return useContext(NoticeContext);
}

/** Shows an action's error (skipping VERSION_MISMATCH, which the version snackbar reports). */
export function useReportError(): (err: unknown) => void {
  const notify = useNotify();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ClientError && err.code === 'VERSION_MISMATCH') return;
      const message = err instanceof ClientError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
      notify('error', message);
    },
    [notify],
  );
}
