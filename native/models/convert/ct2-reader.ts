import { open, stat, type FileHandle } from 'node:fs/promises';
import { EarshotError } from '../../../electron/shared/errors.js';

/**
 * Streaming reader of a CTranslate2 `model.bin` (OpenNMT/CTranslate2 `python/ctranslate2/specs/model_spec.py`
 * `_serialize`, read back by `src/models/model.cc`). Layout, little-endian, no padding:
 *
 *   u32 binary_version; [v>=2] str spec_name, u32 spec_revision; u32 n_vars, then per variable:
 *   str name, u8 rank, u32 dims[rank], [v>=4] u8 dtype, u32 num_bytes, data;
 *   [v>=3] u32 n_aliases, then { str alias, str target }.   str = u16 length (incl. NUL) + bytes.
 *
 * `open()` walks only the index (names, shapes, offsets), seeking past the data, so multi-GB files are never
 * held in memory; `read(name)` then fetches one tensor's bytes. A model split into parts
 * (`model.bin.part1`, `model.bin.part2`, …) is read as their concatenation.
 */

/** CTranslate2 `DataType` enum (include/ctranslate2/types.h). */
export const CT2_DTYPES = ['f32', 'i8', 'i16', 'i32', 'f16', 'bf16'] as const;
export type Ct2Dtype = (typeof CT2_DTYPES)[number];
const DTYPE_SIZE: Record<Ct2Dtype, number> = { f32: 4, i8: 1, i16: 2, i32: 4, f16: 2, bf16: 2 };

/** One variable of the model: shape is row-major, outermost dimension first. `offset` is absolute in the (joined) file. */
export interface Ct2Variable {
  name: string;
  shape: number[];
  dtype: Ct2Dtype;
  offset: number;
  numBytes: number;
}

export interface Ct2Index {
  binaryVersion: number;
  specName: string;
  specRevision: number;
  /** Variables by name, aliases included (an alias maps to its target's entry). */
  variables: Map<string, Ct2Variable>;
}

/** Concatenation of one or more files, read by absolute position. */
class JoinedFile {
  private constructor(
    private readonly parts: { handle: FileHandle; start: number; size: number; path: string }[],
    readonly size: number,
    readonly label: string,
  ) {}

  static async open(paths: string[]): Promise<JoinedFile> {
    const parts: { handle: FileHandle; start: number; size: number; path: string }[] = [];
    let start = 0;
    try {
      for (const p of paths) {
        const size = (await stat(p)).size;
        parts.push({ handle: await open(p, 'r'), start, size, path: p });
        start += size;
      }
    } catch (err) {
      await Promise.all(parts.map((x) => x.handle.close()));
      throw err;
    }
    return new JoinedFile(parts, start, paths.join(' + '));
  }

  /** Reads exactly `length` bytes at `position`; throws MODEL_INVALID if the file ends first. */
  async read(position: number, length: number): Promise<Buffer> {
    if (position + length > this.size) {
      throw new EarshotError('MODEL_INVALID', `${this.label}: truncated CTranslate2 model (needs byte ${position + length}, file has ${this.size})`);
    }
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    for (const part of this.parts) {
      if (done === length) break;
      const pos = position + done;
      if (pos >= part.start + part.size || pos < part.start) continue;
      const take = Math.min(length - done, part.start + part.size - pos);
      let got = 0;
      while (got < take) {
        const { bytesRead } = await part.handle.read(out, done + got, take - got, pos - part.start + got);
        if (bytesRead === 0) throw new EarshotError('MODEL_INVALID', `${part.path}: unexpected end of file`);
        got += bytesRead;
      }
      done += take;
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.handle.close()));
  }
}

/** Buffered sequential cursor over a JoinedFile, for the small index fields. */
class Cursor {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;

  constructor(private readonly file: JoinedFile) {}

  private async ensure(n: number): Promise<void> {
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.min(Math.max(n, 1 << 16), this.file.size - this.pos);
    if (len < n) {
      throw new EarshotError('MODEL_INVALID', `${this.file.label}: truncated CTranslate2 model (index ends at byte ${this.file.size})`);
    }
    this.buf = await this.file.read(this.pos, len);
    this.bufStart = this.pos;
  }

  async u8(): Promise<number> {
    await this.ensure(1);
    return this.buf.readUInt8(this.pos++ - this.bufStart);
  }

  async u16(): Promise<number> {
    await this.ensure(2);
    const v = this.buf.readUInt16LE(this.pos - this.bufStart);
    this.pos += 2;
    return v;
  }

  async u32(): Promise<number> {
    await this.ensure(4);
    const v = this.buf.readUInt32LE(this.pos - this.bufStart);
    this.pos += 4;
    return v;
  }

  async str(): Promise<string> {
    const len = await this.u16();
    if (len === 0) throw new EarshotError('MODEL_INVALID', `${this.file.label}: bad string at byte ${this.pos - 2}`);
    await this.ensure(len);
    const s = this.buf.toString('utf8', this.pos - this.bufStart, this.pos - this.bufStart + len - 1);
    this.pos += len;
    return s;
  }
}

/** An open CTranslate2 model file. Close it with `close()`. */
export class Ct2Reader {
  private constructor(
    private readonly file: JoinedFile,
    readonly index: Ct2Index,
  ) {}

  /**
   * Opens `paths` (one model.bin, or its parts in order) and reads the variable index.
   * Throws MODEL_INVALID naming the file when it is not a CTranslate2 model or is truncated.
   */
  static async open(paths: string[]): Promise<Ct2Reader> {
    const file = await JoinedFile.open(paths);
    try {
      return new Ct2Reader(file, await readIndex(file));
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  /** The variable `name` (aliases resolved), or undefined. */
  get(name: string): Ct2Variable | undefined {
    return this.index.variables.get(name);
  }

  /** The variable `name`; throws MODEL_INVALID when the model lacks it. */
  require(name: string): Ct2Variable {
    const v = this.get(name);
    if (!v) throw new EarshotError('MODEL_INVALID', `${this.file.label}: CTranslate2 model has no variable ${name}`);
    return v;
  }

  /** Raw little-endian bytes of a variable's data. */
  async read(v: Ct2Variable): Promise<Buffer> {
    return this.file.read(v.offset, v.numBytes);
  }

  /** Reads a scalar integer variable (e.g. `encoder/num_heads`, stored as i16 or i32). */
  async readInt(name: string): Promise<number> {
    const v = this.require(name);
    const b = await this.read(v);
    switch (v.dtype) {
      case 'i8':
        return b.readInt8(0);
      case 'i16':
        return b.readInt16LE(0);
      case 'i32':
        return b.readInt32LE(0);
      case 'f32':
        return b.readFloatLE(0);
      case 'f16':
      case 'bf16':
        throw new EarshotError('MODEL_INVALID', `${this.file.label}: ${name} is ${v.dtype}, expected an integer`);
      default: {
        const never: never = v.dtype;
        throw new Error(`unknown dtype ${String(never)}`);
      }
    }
  }

  get label(): string {
    return this.file.label;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

async function readIndex(file: JoinedFile): Promise<Ct2Index> {
  const c = new Cursor(file);
  const bad = (why: string): EarshotError => new EarshotError('MODEL_INVALID', `${file.label}: not a CTranslate2 model.bin (${why})`);
  if (file.size < 16) throw bad(`only ${file.size} bytes`);
  const binaryVersion = await c.u32();
  if (binaryVersion < 1 || binaryVersion > 6) throw bad(`binary version ${binaryVersion}, expected 1..6`);
  let specName = '';
  let specRevision = 1;
  if (binaryVersion >= 2) {
    specName = await c.str();
    specRevision = await c.u32();
  }
  const nVars = await c.u32();
  if (nVars > 100_000) throw bad(`${nVars} variables`);
  const variables = new Map<string, Ct2Variable>();
  for (let i = 0; i < nVars; i++) {
    const name = await c.str();
    const rank = await c.u8();
    const shape: number[] = [];
    for (let r = 0; r < rank; r++) shape.push(await c.u32());
    let dtype: Ct2Dtype = 'f32';
    if (binaryVersion >= 4) {
      const code = await c.u8();
      const d = CT2_DTYPES[code];
      if (!d) throw bad(`variable ${name} has unknown dtype ${code}`);
      dtype = d;
    }
    const numBytes = await c.u32();
    const elements = shape.reduce((a, b) => a * b, 1);
    if (elements * DTYPE_SIZE[dtype] !== numBytes) {
      throw bad(`variable ${name} has ${numBytes} bytes for shape [${shape.join(',')}] of ${dtype}`);
    }
    const offset = c.pos;
    if (offset + numBytes > file.size) {
      throw new EarshotError('MODEL_INVALID', `${file.label}: truncated CTranslate2 model (variable ${name} ends at byte ${offset + numBytes}, file has ${file.size})`);
    }
    variables.set(name, { name, shape, dtype, offset, numBytes });
    c.pos += numBytes;
  }
  if (binaryVersion >= 3 && c.pos < file.size) {
    const nAliases = await c.u32();
    for (let i = 0; i < nAliases; i++) {
      const alias = await c.str();
      const target = await c.str();
      const v = variables.get(target);
      if (v) variables.set(alias, v);
    }
  }
  return { binaryVersion, specName, specRevision, variables };
}
