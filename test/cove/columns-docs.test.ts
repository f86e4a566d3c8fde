import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listColumns } from '../../src/cove/columns';
import { renderColumnReference } from '../../src/cove/columns/reference-markdown';

const checkedIn = readFileSync(new URL('../../docs/cove-columns.md', import.meta.url), 'utf8');

describe('docs/cove-columns.md', () => {
  it('is up to date with the catalogue (run node .ci/scripts/gen-column-docs.ts)', () => {
    expect(checkedIn).toBe(renderColumnReference());
  });

  it('mentions every catalogued column and its legacy code', () => {
    for (const info of listColumns()) {
      expect(checkedIn).toContain(`\`${info.code}\``);
      if (info.legacy !== undefined) expect(checkedIn).toContain(`\`${info.legacy}\``);
    }
  });

  it('documents the legacy gotchas', () => {
    expect(checkedIn).toContain('`TS` = I6');
    expect(checkedIn).toContain('`TZ` = I24');
    expect(checkedIn).toContain('`T7` = D09F06');
  });
});
