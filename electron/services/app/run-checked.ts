import { z } from 'zod';
import { EarshotError } from '../../shared/errors.js';

/** A request's schemas, as the contract's tables declare them. */
export interface RequestSpec {
  input: z.ZodType;
  output: z.ZodType;
}

/**
 * Runs one request against its contract entry: parses `raw` with `spec.input` (defaults applied; a missing input is
 * `{}`), calls `run` with the parsed value, and parses what it answers with `spec.output`. Shared by AppApi (the
 * contract's channels) and the Electron shell's own channels. Throws EarshotError BAD_REQUEST with the zod message
 * for a bad input, INTERNAL when the answer breaks the contract, and whatever `run` throws.
 */
export async function runChecked(channel: string, spec: RequestSpec, raw: unknown, run: (input: unknown) => Promise<unknown>): Promise<unknown> {
  const parsed = spec.input.safeParse(raw ?? {});
  if (!parsed.success) throw new EarshotError('BAD_REQUEST', `invalid input for ${channel}: ${z.prettifyError(parsed.error)}`);
  const out = spec.output.safeParse(await run(parsed.data));
  if (!out.success) throw new EarshotError('INTERNAL', `the answer to ${channel} breaks the contract: ${z.prettifyError(out.error)}`);
  return out.data;
}
