import { describe, expectTypeOf, it } from 'vitest';
import {
  type ColourBar,
  type ColumnCode,
  type ColumnValue,
  type DataSourceCode,
  decodeColumn,
  decodeSettings,
  type EnumValue,
  isColumnCode,
  type RowValues,
  type SessionStatus,
  type StatisticColumnCode,
} from '../../src/cove/columns';

describe('ColumnCode', () => {
  it('accepts every spelling', () => {
    const codes: ColumnCode[] = [
      'I0',
      'I1',
      'I85',
      'AN',
      'TS',
      'TZ',
      'REM',
      'D09F00',
      'D9F00',
      'D9F0',
      'D09F0',
      'D23F21',
      'T0',
      'TL',
      'T7',
      'T@',
      'S0',
      'R0',
      'K@',
      'AA843',
    ];
    expectTypeOf(codes).toEqualTypeOf<ColumnCode[]>();
  });

  it('rejects typos and absent codes', () => {
    // @ts-expect-error F99 is not a field
    const f99: ColumnCode = 'D09F99';
    // @ts-expect-error I7 does not exist
    const i7: ColumnCode = 'I7';
    // @ts-expect-error D13 does not exist
    const d13: ColumnCode = 'D13F00';
    // @ts-expect-error the docs' typo, letter o
    const typo: ColumnCode = 'Do9F00';
    // @ts-expect-error D10 has no unpadded spelling other than itself
    const d010: ColumnCode = 'D010F00';
    // @ts-expect-error no legacy field char X
    const tx: ColumnCode = 'TX';
    // @ts-expect-error codes are case-sensitive
    const lower: ColumnCode = 'd09f00';
    void [f99, i7, d13, typo, d010, tx, lower];
  });

  it('StatisticColumnCode is padded only', () => {
    expectTypeOf<'D09F00'>().toExtend<StatisticColumnCode>();
    expectTypeOf<'D9F0'>().not.toExtend<StatisticColumnCode>();
  });
});

describe('ColumnValue', () => {
  it('maps every kind to its decoded type', () => {
    expectTypeOf<ColumnValue<'D09F00'>>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<ColumnValue<'D9F0'>>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<ColumnValue<'T0'>>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<ColumnValue<'D09F17'>>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<ColumnValue<'I14'>>().toEqualTypeOf<number>();
    expectTypeOf<ColumnValue<'US'>>().toEqualTypeOf<number>();
    expectTypeOf<ColumnValue<'I1'>>().toEqualTypeOf<string>();
    expectTypeOf<ColumnValue<'AN'>>().toEqualTypeOf<string>();
    expectTypeOf<ColumnValue<'D09F15'>>().toEqualTypeOf<string | null>();
    expectTypeOf<ColumnValue<'TL'>>().toEqualTypeOf<string | null>();
    expectTypeOf<ColumnValue<'I78'>>().toEqualTypeOf<DataSourceCode[]>();
    expectTypeOf<ColumnValue<'AP'>>().toEqualTypeOf<DataSourceCode[]>();
    expectTypeOf<ColumnValue<'D09F08'>>().toEqualTypeOf<ColourBar>();
    expectTypeOf<ColumnValue<'TB'>>().toEqualTypeOf<SessionStatus[]>();
    expectTypeOf<ColumnValue<'AA843'>>().toEqualTypeOf<string>();
    expectTypeOf<ColumnValue<'R0'>>().toEqualTypeOf<SessionStatus>();
    expectTypeOf<ColumnValue<'D19F20'>>().toEqualTypeOf<number>();
    expectTypeOf<ColumnValue<'D09F19'>>().toEqualTypeOf<string>();
  });

  it('resolves TS and TZ as device columns, not Total columns', () => {
    expectTypeOf<ColumnValue<'TS'>>().toEqualTypeOf<string | null>();
    expectTypeOf<ColumnValue<'TZ'>>().toEqualTypeOf<number>();
  });

  it('gives enum columns their own names', () => {
    expectTypeOf<ColumnValue<'I36'>>().toEqualTypeOf<
      EnumValue<'Offline' | 'Failed' | 'Undefined' | 'Running' | 'Synchronized'>
    >();
    expectTypeOf<ColumnValue<'I32'>['name']>().toEqualTypeOf<
      'Undefined' | 'Workstation' | 'Server' | 'unknown'
    >();
    expectTypeOf<ColumnValue<'AT'>['name']>().toEqualTypeOf<
      'Unknown' | 'BackupManager' | 'M365' | 'unknown'
    >();
  });
});

describe('RowValues and decoders', () => {
  it('RowValues has optional keys typed by code', () => {
    expectTypeOf<RowValues<['I1', 'D09F00', 'I14']>>().toEqualTypeOf<{
      I1?: string;
      D09F00?: SessionStatus;
      I14?: number;
    }>();
  });

  it('decodeSettings types the requested keys and leaves extras unknown', () => {
    const decoded = decodeSettings([], ['I1', 'D9F0', 'TL'] as const);
    expectTypeOf(decoded.values.I1).toEqualTypeOf<string | undefined>();
    expectTypeOf(decoded.values.D9F0).toEqualTypeOf<SessionStatus | undefined>();
    expectTypeOf(decoded.values.TL).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(decoded.values.I78).toEqualTypeOf<unknown>();
    expectTypeOf(decoded.missing).toEqualTypeOf<string[]>();
  });

  it('decodeColumn narrows by literal code', () => {
    const result = decodeColumn('D09F00', '5');
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<SessionStatus>();
    const loose = decodeColumn('I' + '1', 'x');
    if (loose.ok) expectTypeOf(loose.value).toEqualTypeOf<unknown>();
  });

  it('isColumnCode narrows a string', () => {
    const value: string = 'I1';
    if (isColumnCode(value)) expectTypeOf(value).toEqualTypeOf<ColumnCode>();
  });
});
