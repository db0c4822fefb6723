import type { ModelEntry, RequestOutput } from '../../shared/contract.js';

/** The `settings` feature: the data directory and the models a job can choose (with the default). */
export class SettingsService {
  /**
   * `dataDir`: absolute; `listModels`: the model store's contract view (models/model-entries.ts `modelEntries`),
   * handed in by the composition root so settings does not depend on the models feature's internals.
   */
  constructor(
    private readonly dataDir: string,
    private readonly listModels: () => Promise<{ defaultModel: string | null; models: ModelEntry[] }>,
  ) {}

  /** `settings.get`: `{ dataDir, defaultModel, models }`. */
  async get(): Promise<RequestOutput<'settings.get'>> {
    return { dataDir: this.dataDir, ...(await this.listModels()) };
  }
}
