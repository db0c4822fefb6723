import type { ModelEntry } from '../../shared/contract.js';
import { inspectGgml } from '../../../native/models/index.js';
import type { PathGuard } from '../_utils/path-policy.js';
import type { ModelsService } from './models-service.js';
import { isModelPath } from './resolve-model.js';

/**
 * The model a job will use, as a name or path the job stores: the one asked for (checked to exist; a file path must
 * pass the caller's guard) or, with none asked for, the default (see ModelsService.resolve). Throws MODEL_MISSING
 * naming the command that installs a model, FORBIDDEN for a model file the guard refuses.
 */
export async function resolveJobModel(models: ModelsService, requested: string | undefined, guard: PathGuard): Promise<string> {
  if (requested === undefined) return (await models.resolve(null)).name;
  if (!isModelPath(requested)) return (await models.resolve(requested)).name;
  const fallback = await models.getDefault();
  if (fallback !== null && (fallback.name === requested || fallback.path === requested)) return fallback.name;
  return (await models.resolve(guard.readable(requested))).name;
}

/**
 * The contract's view of the model store (`settings.get`): every catalog and installed model with its size in bytes,
 * and the default. A default given as a file outside the store ($EARSHOT_MODEL=/path/ggml-x.bin) is listed first.
 */
export async function modelEntries(models: ModelsService): Promise<{ defaultModel: string | null; models: ModelEntry[] }> {
  const [listing, fallback] = await Promise.all([models.list(), models.getDefault().catch(() => null)]);
  const entries: ModelEntry[] = listing.map((m) => ({
    name: m.name,
    installed: m.installed && m.problem === null,
    sizeBytes: m.sizeBytes || null,
    isDefault: m.isDefault,
    multilingual: m.languages === 'multilingual',
  }));
  if (fallback && !listing.some((m) => m.isDefault)) {
    const info = await inspectGgml(fallback.path, { headerOnly: true }).catch(() => null);
    entries.unshift({ name: fallback.name, installed: true, sizeBytes: info?.sizeBytes ?? null, isDefault: true, multilingual: info?.multilingual ?? false });
  }
  return { defaultModel: fallback?.name ?? null, models: entries };
}
