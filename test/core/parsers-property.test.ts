/**
 * Faults at scale (issue 10): every response parser fed arbitrary JSON returns typed data or a
 * `ResponseValidationError`, never a `TypeError` or `RangeError`. Runs 10,000 cases per parser
 * family (`FC_NUM_RUNS` overrides it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { ResponseValidationError } from '../../src/core/errors';
import { SecretStore } from '../../src/core/redact';
import { parseResponse } from '../../src/core/validate';
import { METHOD_RESULT_SCHEMAS } from '../../src/cove/methods';
import { parseEnvelope } from '../../src/cove/rpc';
import * as dbackupSchemas from '../../src/dbackup/schemas';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 10_000);

const dbackup = (Object.entries(dbackupSchemas) as [string, unknown][]).filter(
  (entry): entry is [string, z.ZodType] =>
    entry[0].endsWith('Schema') && typeof (entry[1] as { safeParse?: unknown }).safeParse === 'function',
);
const cove = Object.entries(METHOD_RESULT_SCHEMAS) as [string, z.ZodType][];

/** Arbitrary JSON, biased towards the shapes the parsers look for. */
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.record({ success: fc.boolean(), data: fc.jsonValue({ maxDepth: 4 }) }),
  fc.record({ result: fc.jsonValue({ maxDepth: 5 }), visa: fc.oneof(fc.string(), fc.constant(undefined)) }),
  fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))),
);

function typedOrValidationError(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseValidationError);
  }
}

describe('response parsers on arbitrary JSON', () => {
  it(`${dbackup.length} DBackup schemas: typed data or ResponseValidationError`, () => {
    expect(dbackup.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...dbackup), json, ([name, schema], body) => {
        typedOrValidationError(() => parseResponse(schema, body, name));
      }),
      { numRuns: RUNS },
    );
  });

  it(`${cove.length} Cove method results and the JSON-RPC envelope: typed data or ResponseValidationError`, () => {
    const secrets = new SecretStore();
    fc.assert(
      fc.property(fc.constantFrom(...cove), json, ([name, schema], body) => {
        typedOrValidationError(() => parseResponse(schema, body, name, secrets));
        typedOrValidationError(() => parseEnvelope(body, name, secrets));
      }),
      { numRuns: RUNS },
    );
  });
});
