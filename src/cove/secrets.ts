/**
 * A {@link SecretStore} that also masks visas without growing forever. Cove returns a new visa
 * with every response, so a long-running client would otherwise register one secret per call and
 * make every redaction slower. The password stays registered for the client's lifetime; only the
 * most recent visas are kept (older ones are no longer held by the client, so they cannot leak
 * from it), and any visa-shaped string is masked by pattern as well.
 *
 * @module
 */
import { REDACTED, SecretStore } from '../core/redact';

/** How many recent visas are masked by exact value. */
const VISA_MEMORY = 64;

/**
 * A Cove visa: `<partnerId>-<n>-<n>-<unix issue time>-<signature>`, e.g.
 * `33491-50121-1-1512736778-A99E8BAC…`. Matched in free text so that even a visa the store has
 * forgotten is masked.
 */
const VISA_PATTERN = /\b\d+-\d+-\d+-\d{9,11}-[A-Za-z0-9_+/=.~]{6,}/g;

/** The client's secret store: password plus recent visas. */
export class CoveSecretStore extends SecretStore {
  readonly #visas: string[] = [];

  /** Registers a visa (kept among the last {@link VISA_MEMORY}). */
  addVisa(visa: string | undefined): void {
    if (typeof visa !== 'string' || visa.length < 4 || this.#visas.includes(visa)) return;
    this.#visas.push(visa);
    if (this.#visas.length > VISA_MEMORY) this.#visas.shift();
  }

  override redactText(text: string): string {
    let out = super.redactText(text);
    for (const visa of this.#visas) {
      if (out.includes(visa)) out = out.split(visa).join(REDACTED);
    }
    return out.replace(VISA_PATTERN, REDACTED);
  }

  override toJSON(): string {
    return 'CoveSecretStore';
  }
}
