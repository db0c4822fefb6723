import { writeFile } from 'node:fs/promises';

/**
 * Writes a CTranslate2 `model.bin` (binary version 6, OpenNMT/CTranslate2 `python/ctranslate2/specs/model_spec.py`
 * `_serialize`): the test-side serializer for the converter's reader. Variables are written in name order, then the
 * alias table. Data is given as raw little-endian bytes with a dtype code (0 f32, 1 i8, 2 i16, 3 i32, 4 f16, 5 bf16).
 */
export interface Ct2TestVariable {
  shape: number[];
  dtype: 0 | 1 | 2 | 3 | 4 | 5;
  data: Buffer;
}

function str(s: string): Buffer {
  const body = Buffer.from(`${s}\0`, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16LE(body.length);
  return Buffer.concat([len, body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export async function writeCt2Model(file: string, vars: Record<string, Ct2TestVariable>, aliases: Record<string, string> = {}): Promise<void> {
  const parts: Buffer[] = [u32(6), str('WhisperSpec'), u32(3), u32(Object.keys(vars).length)];
  for (const name of Object.keys(vars).sort()) {
    const v = vars[name]!;
    parts.push(str(name), Buffer.from([v.shape.length]), ...v.shape.map(u32), Buffer.from([v.dtype]), u32(v.data.length), v.data);
  }
  parts.push(u32(Object.keys(aliases).length));
  for (const [alias, target] of Object.entries(aliases)) parts.push(str(alias), str(target));
  await writeFile(file, Buffer.concat(parts));
}

/** f32 values as little-endian bytes. */
export function f32(values: number[]): Buffer {
  return Buffer.from(new Float32Array(values).buffer);
}
