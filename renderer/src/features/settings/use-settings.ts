import { useEffect, useState } from 'react';
import type { RequestOutput } from '../../../../electron/shared/contract.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';

export type Settings = RequestOutput<'settings.get'>;

/** `settings.get` once on mount (data dir, default model, model list); null until it answers or when it fails. */
export function useSettings(): Settings | null {
  const client = useClient();
  const report = useReportError();
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let live = true;
    client
      .request('settings.get', {})
      .then((s) => live && setSettings(s))
      .catch(report);
    return () => {
      live = false;
    };
  }, [client, report]);
  return settings;
}
