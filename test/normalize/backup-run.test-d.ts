/**
 * The documented `BackupRun` interface and the zod schema that validates it must describe the same
 * shape, both ways: a field added to one and not the other, a changed optionality or a widened type
 * fails here (`npm test` type-checks `*.test-d.ts`).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type {
  BackupRun,
  BackupRunCustomer,
  BackupRunJob,
  BackupRunSchema,
  BackupRunTrigger,
  RunObject,
  RunObjectSchema,
  RunObjectStatus,
  RunStatus,
} from '../../src/normalize';

type Inferred = z.infer<typeof BackupRunSchema>;

describe('BackupRun interface ⇔ BackupRunSchema', () => {
  it('the whole record is the same type both ways', () => {
    expectTypeOf<Inferred>().toEqualTypeOf<BackupRun>();
    expectTypeOf<BackupRun>().toEqualTypeOf<Inferred>();
  });

  it('every nested record matches too', () => {
    expectTypeOf<z.infer<typeof RunObjectSchema>>().toEqualTypeOf<RunObject>();
    expectTypeOf<NonNullable<Inferred['job']>>().toEqualTypeOf<BackupRunJob>();
    expectTypeOf<NonNullable<Inferred['customer']>>().toEqualTypeOf<BackupRunCustomer>();
    expectTypeOf<NonNullable<Inferred['trigger']>>().toEqualTypeOf<BackupRunTrigger>();
  });

  it('optional fields stay optional and required ones required', () => {
    expectTypeOf<Pick<BackupRun, 'id' | 'source' | 'status' | 'objects'>>().toEqualTypeOf<
      Required<Pick<BackupRun, 'id' | 'source' | 'status' | 'objects'>>
    >();
    expectTypeOf<{ id: string }>().not.toMatchTypeOf<BackupRun>();
    expectTypeOf<BackupRun['durationMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BackupRun['status']>().toEqualTypeOf<RunStatus>();
    expectTypeOf<RunObject['status']>().toEqualTypeOf<RunObjectStatus>();
  });
});
