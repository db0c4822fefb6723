import { WS_PATH } from '../../../electron/shared/http.js';
import type { EarshotClient } from './client.js';
import { PreloadClient, isBridge } from './preload-client.js';
import { resolveFrontendVersion } from './version.js';
import { VersionGate } from './version-gate.js';
import { WsClient } from './ws-client.js';

/**
 * Picks the transport at runtime: the Electron preload bridge when `window.earshot` exists, else a WebSocket to the
 * page's own host (`earshot serve` serves this bundle and the socket from one origin, so the CSP can stay 'self').
 * Wrapped in a VersionGate so a VERSION_MISMATCH disables further requests.
 */
export function createClient(win: Window = window): VersionGate {
  const frontendVersion = resolveFrontendVersion(win.location.search);
  let inner: EarshotClient;
  if (isBridge(win.earshot)) {
    inner = new PreloadClient(win.earshot, frontendVersion);
  } else {
    const { protocol, host, origin } = win.location;
    const wsProtocol = protocol === 'https:' ? 'wss:' : 'ws:';
    inner = new WsClient({ url: `${wsProtocol}//${host}${WS_PATH}`, httpOrigin: origin, frontendVersion });
  }
  return new VersionGate(inner);
}
