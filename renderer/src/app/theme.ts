import { createTheme, useMediaQuery } from '@mui/material';
import type { Theme } from '@mui/material';
import { useMemo } from 'react';

/** Light or dark, following the system (`prefers-color-scheme`), re-evaluated when the system setting changes. */
export function useSystemTheme(): Theme {
  const dark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  return useMemo(
    () =>
      createTheme({
        palette: { mode: dark ? 'dark' : 'light', primary: { main: dark ? '#7ab8ff' : '#1f5fbf' } },
        shape: { borderRadius: 8 },
        components: { MuiButton: { defaultProps: { disableElevation: true } } },
      }),
    [dark],
  );
}
