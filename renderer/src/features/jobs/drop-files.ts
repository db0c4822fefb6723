/** Entries deeper than this are ignored when walking a dropped folder (guards against link loops). */
const MAX_DEPTH = 32;

/**
 * Files of a browser drop, with dropped folders walked recursively (File and Directory Entries API). Entries must be
 * taken synchronously inside the drop event, so call this from the handler and await the result afterwards.
 */
export function collectDroppedFiles(dt: DataTransfer): Promise<File[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) return Promise.resolve(Array.from(dt.files));
  return Promise.all(entries.map((e) => walk(e, 0))).then((lists) => lists.flat());
}

async function walk(entry: FileSystemEntry, depth: number): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    // Keep the folder-relative path for display, as <input webkitdirectory> does.
    const rel = entry.fullPath.replace(/^\//, '');
    return [rel && rel !== file.name ? withPath(file, rel) : file];
  }
  if (!entry.isDirectory || depth >= MAX_DEPTH) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty batch.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((c) => walk(c, depth + 1)));
  return nested.flat();
}

function withPath(file: File, rel: string): File {
  Object.defineProperty(file, 'webkitRelativePath', { value: rel });
  return file;
}
