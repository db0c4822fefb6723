// Converts the faster-whisper tiny.en folder from PyPI into the test model, through the same code path as
// `earshot models import <folder>` (ModelsService.import), without loading the rest of the CLI.
// Usage: node --import tsx scripts/test-model-convert.ts <ct2-folder> <data-dir>; prints the ggml path.
import path from 'node:path';
import { ModelsService } from '../electron/services/models/models-service.js';

const [folder, dataDir] = process.argv.slice(2);
if (!folder || !dataDir) {
  process.stderr.write('usage: test-model-convert.ts <ct2-folder> <data-dir>\n');
  process.exit(2);
}
const service = new ModelsService({ modelsDir: path.join(dataDir, 'models'), dataDir });
const result = await service.import(folder, { name: 'tiny.en', force: true });
process.stdout.write(`${result.path}\n`);
