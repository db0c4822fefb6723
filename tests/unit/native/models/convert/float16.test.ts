import { describe, expect, it } from 'vitest';
import { bf16BytesToF32, f16BytesToF32, f32ToF16Bits, f32ToF16Bytes } from '../../../../../native/models/convert/float16.js';

describe('float16 conversions', () => {
  it('round-trips every finite and infinite binary16 bit pattern through float32', () => {
    const all = Buffer.alloc(65536 * 2);
    for (let h = 0; h < 65536; h++) all.writeUInt16LE(h, 2 * h);
    const f32 = f16BytesToF32(all);
    const back = f32ToF16Bytes(f32);
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) expect(Number.isNaN(f32[h])).toBe(true);
      else expect(back.readUInt16LE(2 * h)).toBe(h);
    }
  });

  it('decodes known values (IEEE 754 binary16)', () => {
    const b = Buffer.from([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x01, 0x00, 0x00, 0x7c]);
    expect(Array.from(f16BytesToF32(b))).toEqual([1, -2, 65504, 2 ** -24, Infinity]);
  });

  it('rounds float32 to the nearest binary16, ties to even, overflow to infinity', () => {
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie -> even (down)
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie -> even (up)
    expect(f32ToF16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(f32ToF16Bits(65520)).toBe(0x7c00); // rounds past 65504 -> Inf
    expect(f32ToF16Bits(-0)).toBe(0x8000);
    expect(f32ToF16Bits(2 ** -25)).toBe(0); // half the smallest subnormal, tie -> even (0)
    expect(f32ToF16Bits(1.5 * 2 ** -24)).toBe(2); // tie between subnormals 1 and 2 -> even
  });

  it('widens bfloat16 by a 16-bit shift', () => {
    const b = Buffer.from([0x80, 0x3f, 0x00, 0xc0]); // 0x3f80 = 1.0, 0xc000 = -2.0
    expect(Array.from(bf16BytesToF32(b))).toEqual([1, -2]);
  });
});
