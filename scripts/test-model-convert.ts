// Converts a faster-whisper (CTranslate2) folder from PyPI into a test model, through the same code path as
// `earshot models import <folder>` (ModelsService.import), without loading the rest of the CLI.
// Usage: node --import tsx scripts/test-model-convert.ts <ct2-folder> <data-dir> [name, default tiny.en]; prints the ggml path.
import path from 'node:path';
import { ModelsService } from '../electron/services/models/models-service.js';

const [folder, dataDir, name = 'tiny.en'] = process.argv.slice(2);
if (!folder || !dataDir) {
  process.stderr.write('usage: test-model-convert.ts <ct2-folder> <data-dir>\n');
  process.exit(2);
}
const service = new ModelsService({ modelsDir: path.join(dataDir, 'models'), dataDir });
const result = await service.import(folder, { name, force: true });
process.stdout.write(`${result.path}\n`);
