import { Alert, AlertTitle, Button, Snackbar } from '@mui/material';
import { useMismatch } from '../api/client-context.js';

/** The host's message as a sentence: capitalised, ending in a full stop. */
function sentence(message: string): string {
  const m = message.trim();
  if (!m) return '';
  const capital = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Shown once the host answered VERSION_MISMATCH (seed 002): names this window's version and the host's message
 * (which names its own), stays until reloaded, and offers the reload that fetches the matching UI.
 */
export function VersionSnackbar() {
  const mismatch = useMismatch();
  return (
    <Snackbar open={mismatch !== null} anchorOrigin={{ vertical: 'top', horizontal: 'center' }}>
      <Alert
        severity="error"
        variant="filled"
        data-testid="version-mismatch"
        action={
          <Button color="inherit" size="small" onClick={() => window.location.reload()} data-testid="version-reload">
            Reload
          </Button>
        }
      >
        <AlertTitle>This window (version {mismatch?.frontendVersion}) does not match Earshot</AlertTitle>
        {sentence(mismatch?.message ?? '')} Reload to load the matching version; until then nothing can be changed.
      </Alert>
    </Snackbar>
  );
}
