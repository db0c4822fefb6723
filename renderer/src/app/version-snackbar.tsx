import { Alert, AlertTitle, Button, Snackbar } from '@mui/material';
import { useMismatch } from '../api/client-context.js';

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
        <AlertTitle>This window is out of date</AlertTitle>
        This window is version {mismatch?.frontendVersion}; Earshot answered: {mismatch?.message} Reload to get the matching version. Until then
        nothing can be changed.
      </Alert>
    </Snackbar>
  );
}
