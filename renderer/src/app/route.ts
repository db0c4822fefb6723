import { useCallback, useSyncExternalStore } from 'react';

/** The views the app bar switches between. */
export type Tab = 'queue' | 'library' | 'search' | 'watch' | 'about';
export const TABS: readonly Tab[] = ['queue', 'library', 'search', 'watch', 'about'];

/**
 * Where the window is, kept in the URL's hash so a reload (or the browser's back button) returns to the same view:
 * `#/queue`, `#/library`, `#/search?q=words`, `#/watch`, `#/about`, `#/editor/<jobId>?t=<ms>&play=1`. The hash, not the path:
 * the same bundle loads from `earshot serve`'s `/` and from the Electron app protocol, and neither routes paths.
 */
export type Route =
  | { view: 'queue' }
  | { view: 'library' }
  | { view: 'search'; query: string }
  | { view: 'watch' }
  | { view: 'about' }
  | { view: 'editor'; jobId: string; atMs: number | null; play: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route a hash names; anything unknown is the queue (the app's home). */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = q >= 0 ? body.slice(0, q) : body;
  const params = new URLSearchParams(q >= 0 ? body.slice(q + 1) : '');
  const [head, id] = path.split('/');
  switch (head) {
    case 'library':
      return { view: 'library' };
    case 'search':
      return { view: 'search', query: params.get('q') ?? '' };
    case 'watch':
      return { view: 'watch' };
    case 'about':
      return { view: 'about' };
    case 'editor': {
      if (!id || !UUID.test(id)) return { view: 'library' };
      const t = Number(params.get('t'));
      return { view: 'editor', jobId: id, atMs: params.has('t') && Number.isFinite(t) && t >= 0 ? Math.round(t) : null, play: params.get('play') === '1' };
    }
    default:
      return { view: 'queue' };
  }
}

/** The hash for a route (the inverse of parseRoute). */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'queue':
    case 'library':
    case 'watch':
    case 'about':
      return `#/${route.view}`;
    case 'search':
      return route.query ? `#/search?${new URLSearchParams({ q: route.query }).toString()}` : '#/search';
    case 'editor': {
      const params = new URLSearchParams();
      if (route.atMs !== null) params.set('t', String(route.atMs));
      if (route.play) params.set('play', '1');
      const tail = params.toString();
      return `#/editor/${route.jobId}${tail ? `?${tail}` : ''}`;
    }
    default: {
      const never: never = route;
      return never;
    }
  }
}

/** The tab a route belongs to: the editor sits under the library. */
export function tabOf(route: Route): Tab {
  return route.view === 'editor' ? 'library' : route.view;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * The current route and a function to go to another. `replace` rewrites the current history entry (for the search
 * box, so each keystroke is not a back-button step).
 */
export function useRoute(): [Route, (route: Route, opts?: { replace?: boolean }) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const go = useCallback((route: Route, opts: { replace?: boolean } = {}) => {
    const next = routeHash(route);
    if (next === window.location.hash) return;
    if (opts.replace) {
      window.history.replaceState(null, '', next);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = next;
    }
  }, []);
  return [parseRoute(hash), go];
}
