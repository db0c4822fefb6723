import { PROTOCOL_VERSION, type RequestOutput } from '../../shared/contract.js';

/** The `version` feature: which Earshot and which contract protocol this main side speaks (seed 002, version checks). */
export class VersionService {
  /** `appVersion`: package.json's version, e.g. "0.1.0" (see appVersion()). */
  constructor(readonly appVersion: string) {}

  /** `version.get`: `{ appVersion, protocolVersion }`. */
  async get(): Promise<RequestOutput<'version.get'>> {
    return { appVersion: this.appVersion, protocolVersion: PROTOCOL_VERSION };
  }
}
