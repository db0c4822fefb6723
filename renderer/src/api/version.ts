import { FrontendVersion, PROTOCOL_VERSION } from '../../../electron/shared/contract.js';

/** This renderer build: "<protocol>.<app version>", sent with every request (X-Frontend-Version over HTTP). */
export const FRONTEND_VERSION = `${PROTOCOL_VERSION}.0.1.0`;

/** The URL query parameter that overrides the version sent (a test and diagnostic hook: `?frontendVersion=99.0`). */
export const FRONTEND_VERSION_PARAM = 'frontendVersion';

/**
 * The version this window sends: FRONTEND_VERSION, unless the page URL carries `?frontendVersion=<v>`.
 * That override exists so the end-to-end test (and a person diagnosing a deployment) can force a
 * VERSION_MISMATCH without building a second bundle. A malformed override is ignored (the build version is used).
 * `search` is a `location.search` string such as "?frontendVersion=99.0".
 */
export function resolveFrontendVersion(search: string): string {
  const override = new URLSearchParams(search).get(FRONTEND_VERSION_PARAM);
  if (override === null) return FRONTEND_VERSION;
  const parsed = FrontendVersion.safeParse(override);
  return parsed.success ? parsed.data : FRONTEND_VERSION;
}
