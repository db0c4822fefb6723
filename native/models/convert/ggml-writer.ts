import { open, type FileHandle } from 'node:fs/promises';
import { GGML_MAGIC, HPARAM_FIELDS, tensorBytes, type WhisperHparams } from './ggml-format.js';

/**
 * Writes a whisper.cpp ggml model file section by section, in the order its loader reads
 * (layout in ./ggml-format.ts): `header()`, `melFilters()`, `vocab()`, then any number of `tensor()` calls, `close()`.
 * Everything is little-endian. Tensors go straight to disk, so memory stays at one tensor.
 */
export class GgmlWriter {
  private bytes = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  /** Creates (or truncates) `path` for writing. */
  static async create(path: string): Promise<GgmlWriter> {
    return new GgmlWriter(await open(path, 'w'), path);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.bytes;
  }

  private async write(buf: Buffer): Promise<void> {
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.handle.write(buf, done, buf.length - done);
      done += bytesWritten;
    }
    this.bytes += buf.length;
  }

  /** Magic and the eleven i32 hparams. */
  async header(h: WhisperHparams): Promise<void> {
    const b = Buffer.alloc(4 + 4 * HPARAM_FIELDS.length);
    b.writeUInt32LE(GGML_MAGIC, 0);
    HPARAM_FIELDS.forEach((f, i) => b.writeInt32LE(h[f], 4 + 4 * i));
    await this.write(b);
  }

  /** i32 n_mel, i32 n_fft, then the n_mel × n_fft filter matrix as f32, row-major. */
  async melFilters(nMel: number, nFft: number, data: Float32Array): Promise<void> {
    if (data.length !== nMel * nFft) throw new Error(`mel filters: ${data.length} values for ${nMel}×${nFft}`);
    const b = Buffer.alloc(8 + data.length * 4);
    b.writeInt32LE(nMel, 0);
    b.writeInt32LE(nFft, 4);
    for (let i = 0; i < data.length; i++) b.writeFloatLE(data[i]!, 8 + 4 * i);
    await this.write(b);
  }

  /** i32 token count, then each token as u32 length + raw bytes (no terminator). */
  async vocab(tokens: Buffer[]): Promise<void> {
    const total = 4 + tokens.reduce((a, t) => a + 4 + t.length, 0);
    const b = Buffer.alloc(total);
    b.writeInt32LE(tokens.length, 0);
    let p = 4;
    for (const t of tokens) {
      b.writeUInt32LE(t.length, p);
      t.copy(b, p + 4);
      p += 4 + t.length;
    }
    await this.write(b);
  }

  /**
   * One tensor: `ne` in ggml order (fastest dimension first), `type` a ggml type id, `data` its raw bytes.
   * Throws if the byte count does not match ne × type, so a mistake fails here, not in whisper.cpp.
   */
  async tensor(name: string, ne: number[], type: number, data: Buffer): Promise<void> {
    const expected = tensorBytes(ne, type);
    if (expected !== data.length) {
      throw new Error(`tensor ${name}: ${data.length} bytes, ne [${ne.join(',')}] of type ${type} needs ${String(expected)}`);
    }
    const nameBytes = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(12 + 4 * ne.length);
    h.writeInt32LE(ne.length, 0);
    h.writeInt32LE(nameBytes.length, 4);
    h.writeInt32LE(type, 8);
    ne.forEach((n, i) => h.writeInt32LE(n, 12 + 4 * i));
    await this.write(Buffer.concat([h, nameBytes]));
    await this.write(data);
  }

  /** Flushes to disk (fsync) and closes the file. */
  async close(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes without syncing, after a failure. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
