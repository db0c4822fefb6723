import { expect } from 'vitest';
import { EarshotError } from '../../electron/shared/errors.js';

/** Awaits a promise that must reject with an EarshotError, and returns that error (fails the test otherwise). */
export async function rejection(p: Promise<unknown>): Promise<EarshotError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EarshotError);
  return err as EarshotError;
}
