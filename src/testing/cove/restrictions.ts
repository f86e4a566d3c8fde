/**
 * Column restrictions: column codes that make a whole `EnumerateAccountStatistics` call fail with
 * 13501, as N-able does for some legacy or role-restricted columns (e.g. `D02Fxx`/`D03Fxx`).
 *
 * @internal
 * @module
 */
import { normalizeCode, parseColumnCode } from './codes';

/**
 * Global and per-partner restricted codes, and an optional allow-list (a tenant whose API user may
 * read only the listed columns). A partner's restrictions also apply to queries on its
 * descendants (the query's partner and every ancestor up to the root are checked).
 */
export class ColumnRestrictions {
  #global: string[] = [];
  readonly #perPartner = new Map<number, string[]>();
  /** Canonical codes of the allow-list, when there is one: every other column is restricted. */
  readonly #allowOnly: ReadonlySet<string> | undefined;

  constructor(
    initial?: Readonly<Record<number, readonly string[]>> | readonly string[],
    allowOnly?: readonly string[],
  ) {
    this.#allowOnly = allowOnly === undefined ? undefined : new Set(allowOnly.map(normalizeCode));
    this.reset(initial);
  }

  /** Replaces the global set (no `partnerId`) or one partner's set. */
  set(codes: readonly string[], partnerId?: number): void {
    if (partnerId === undefined) this.#global = [...codes];
    else this.#perPartner.set(partnerId, [...codes]);
  }

  /** Restores the initial configuration. */
  reset(initial?: Readonly<Record<number, readonly string[]>> | readonly string[]): void {
    this.#global = [];
    this.#perPartner.clear();
    if (initial === undefined) return;
    if (Array.isArray(initial)) {
      this.#global = [...(initial as readonly string[])];
      return;
    }
    for (const [partnerId, codes] of Object.entries(initial as Readonly<Record<number, readonly string[]>>)) {
      this.#perPartner.set(Number(partnerId), [...codes]);
    }
  }

  /**
   * Whether `code` is restricted for a query whose partner lineage (the partner, then its
   * ancestors) is `lineage`. Codes match in any notation (`D02F00` = `D2F0` = `S0`); an entry ending
   * in `*` matches by prefix of the canonical code (`D02F*`).
   */
  isRestricted(code: string, lineage: readonly number[]): boolean {
    const canonical = normalizeCode(code);
    // An allow-list refuses every column code outside it (row fields such as `AccountId` are no column).
    if (this.#allowOnly && parseColumnCode(code) && !this.#allowOnly.has(canonical)) return true;
    const patterns = [this.#global, ...lineage.map((id) => this.#perPartner.get(id) ?? [])];
    return patterns.some((list) =>
      list.some((pattern) =>
        pattern.endsWith('*')
          ? canonical.startsWith(pattern.slice(0, -1)) || code.startsWith(pattern.slice(0, -1))
          : normalizeCode(pattern) === canonical,
      ),
    );
  }
}
