import { useCallback, useEffect, useState } from 'react';
import type { RequestInput, WatchFolder } from '../../../../electron/shared/contract.js';
import { ClientError } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';

/** The watched folders and the two actions on them, as the watch panel uses them. */
export interface WatchFolders {
  /** The watched folders, oldest first; null until `watch.list` first answers (or when it failed). */
  folders: WatchFolder[] | null;
  /** `watch.add`; resolves with the folder as the host stored it, or null when it refused (shown as a notice). */
  add: (input: RequestInput<'watch.add'>) => Promise<WatchFolder | null>;
  /**
   * `watch.remove`; resolves true once the folder is no longer watched (also when it was removed elsewhere already),
   * false when the host refused (shown as a notice).
   */
  remove: (id: string) => Promise<boolean>;
}

/**
 * Puts `folder` into the list: in place of the watch with its id (watching a folder again replaces its settings and
 * keeps its id), else at the end (the list is oldest first).
 */
export function upsertFolder(list: readonly WatchFolder[], folder: WatchFolder): WatchFolder[] {
  const at = list.findIndex((f) => f.id === folder.id);
  if (at < 0) return [...list, folder];
  const next = list.slice();
  next[at] = folder;
  return next;
}

/**
 * `watch.list` on mount and again after a lost connection comes back; `add` and `remove` call the host and update
 * the list from its answers. Errors go to the notices.
 */
export function useWatchFolders(): WatchFolders {
  const client = useClient();
  const report = useReportError();
  const [folders, setFolders] = useState<WatchFolder[] | null>(null);

  useEffect(() => {
    let live = true;
    let lost = false;
    const load = () =>
      client
        .request('watch.list', {})
        .then((list) => live && setFolders(list))
        .catch(report);
    const off = client.onConnection((state) => {
      if (state === 'closed') lost = true;
      if (state === 'open' && lost) {
        lost = false;
        void load();
      }
    });
    void load();
    return () => {
      live = false;
      off();
    };
  }, [client, report]);

  const add = useCallback(
    async (input: RequestInput<'watch.add'>) => {
      try {
        const folder = await client.request('watch.add', input);
        setFolders((list) => upsertFolder(list ?? [], folder));
        return folder;
      } catch (err) {
        report(err);
        return null;
      }
    },
    [client, report],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await client.request('watch.remove', { id });
        setFolders((list) => list && list.filter((f) => f.id !== id));
        return true;
      } catch (err) {
        // Already gone (removed by `earshot watch --remove` or another window): what the user asked for.
        if (err instanceof ClientError && err.code === 'NOT_FOUND') {
          setFolders((list) => list && list.filter((f) => f.id !== id));
          return true;
        }
        report(err);
        return false;
      }
    },
    [client, report],
  );

  return { folders, add, remove };
}
