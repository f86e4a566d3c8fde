import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BackupRun, BackupRunSchema, type CoveStatisticsRow, normalizeRun } from '../../src/normalize';
import { deepFreeze } from './helpers';

// Statistics without D09F15 (Backupchecks' allow-list: I1, I14, I18, D01F00–D01F07, D09F00): the
// status still comes from D09F00, and the id is a fingerprint of the last-session figures.
const cove = (statistics: CoveStatisticsRow): BackupRun => {
  const run = normalizeRun({ source: 'cove', statistics: deepFreeze(statistics) });
  expect(BackupRunSchema.parse(run)).toEqual(run);
  return run;
};

const session = (overrides: Record<string, string> = {}): CoveStatisticsRow => ({
  accountId: 1201,
  partnerId: 33491,
  raw: {
    I1: 'acme-srv01',
    I14: '188702358870',
    I18: 'ACME-SRV01',
    D01F00: '5',
    D01F01: '41822',
    D01F02: '311',
    D01F03: '52613349376',
    D01F04: '731906048',
    D01F05: '216006656',
    D01F06: '0',
    D01F07: '55313349376',
    D09F00: '5',
    ...overrides,
  },
  missing: [],
});

describe('Cove statistics without D09F15', () => {
  it('the status comes from D09F00; the id is a derived fingerprint, marked as such', () => {
    const run = cove(session());
    expect(run.status).toBe('success');
    expect(run.vendorStatus).toBe('5');
    expect(run.id).toMatch(/^cove:1201:fp-[0-9a-f]{16}$/);
    expect(run.externalId).toBe(run.id.slice('cove:'.length));
    expect(run.idDerivation).toEqual({
      method: 'fingerprint',
      columns: ['D01F00', 'D01F01', 'D01F02', 'D01F03', 'D01F04', 'D01F05', 'D01F06', 'D09F00'],
    });
    expect(run.statusReason).toBe(
      'missing columns: D09F15 (absent); no last session time (D09F15): the id is a fingerprint of the last-session figures',
    );
    expect(run).not.toHaveProperty('startedAt');
    expect(run).not.toHaveProperty('sizeBytes');
    expect(run.objects).toEqual([{ name: 'Files and Folders', type: 'data-source', status: 'success' }]);
  });

  it('stays the same while the last session does not change, whatever the notation or key order', () => {
    const id = cove(session()).id;
    expect(cove(session()).id).toBe(id);
    const raw = session().raw;
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    expect(cove({ ...session(), raw: reordered }).id).toBe(id);
    const legacy = Object.fromEntries(
      Object.entries(raw).map(([code, value]) => [code.replace(/^D0(\d)F0(\d)$/, 'D$1F$2'), value]),
    );
    expect(cove({ ...session(), raw: legacy }).id).toBe(id);
    // Protected size and the colour bar change without a new session: not part of the fingerprint.
    expect(cove(session({ D01F07: '1', D01F08: '5555555555555555555555555550' })).id).toBe(id);
    // Device properties are no session figures either.
    expect(cove(session({ I14: '1', I1: 'renamed' })).id).toBe(id);
  });

  it('changes whenever a last-session figure changes', () => {
    const base = session();
    const id = cove(base).id;
    fc.assert(
      fc.property(
        fc.constantFrom('D01F00', 'D01F01', 'D01F02', 'D01F03', 'D01F04', 'D01F05', 'D01F06', 'D09F00'),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (code, value) => {
          fc.pre(String(value) !== base.raw[code]);
          // D09F00 = 0 means the device never ran: a no-session id, tested below.
          fc.pre(!(code === 'D09F00' && value === 0));
          const next = cove(session({ [code]: String(value) }));
          expect(next.id).not.toBe(id);
          expect(next.idDerivation?.method).toBe('fingerprint');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with D09F15 the id is the session time and nothing is derived', () => {
    const run = cove(session({ D09F15: '1764547200' }));
    expect(run.id).toBe('cove:1201:1764547200');
    expect(run).not.toHaveProperty('idDerivation');
    expect(run).not.toHaveProperty('statusReason');
  });

  it('D09F00 = 0 without D09F15 is a device that never ran', () => {
    const run = cove(session({ D09F00: '0', D01F00: '0' }));
    expect(run.id).toBe('cove:1201:no-session');
    expect(run).not.toHaveProperty('idDerivation');
    expect(run.statusReason).toMatch(/^the device has no backup session yet \(D09F00 is 0\)/);
  });

  it('no last-session column at all: one stable placeholder id, status unknown, both columns named', () => {
    const run = cove({ accountId: 7, raw: { I1: 'x', I14: '5' }, missing: ['D09F00'] });
    expect(run.id).toBe('cove:7:unknown-session');
    expect(run.status).toBe('unknown');
    expect(run.statusReason).toBe(
      'missing columns: D09F00 (absent), D09F15 (absent); no last-session column came back, so sessions cannot be told apart',
    );
  });

  it('"restricted" only for columns Cove refused; requested-but-not-returned ones are "absent"', () => {
    const run = cove({
      ...session(),
      missing: ['D09F15', 'D09F05', 'D09F06', 'D09F12'],
      dropped: ['D09F15', 'D09F12'],
    });
    expect(run.status).toBe('success');
    expect(run.statusReason).toMatch(
      /^missing columns: D09F15 \(restricted: Cove refused it\), D09F05 \(absent\), D09F06 \(absent\), D09F12 \(restricted: Cove refused it\);/,
    );
  });
});
