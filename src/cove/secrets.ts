/**
 * The Cove client's {@link SecretStore}: the password for the client's lifetime, each visa as a
 * rotating secret (Cove returns a new one with every response), and any visa-shaped string masked
 * by pattern, so that even a visa the store has forgotten never shows.
 *
 * @module
 */
import { REDACTED, SecretStore } from '../core/redact';

/**
 * A Cove visa: `<partnerId>-<n>-<n>-<unix issue time>-<signature>`, e.g.
 * `33491-50121-1-1512736778-A99E8BAC…`.
 */
const VISA_PATTERN = /\b\d+-\d+-\d+-\d{9,11}-[A-Za-z0-9_+/=.~]{6,}/g;

/** The client's secret store: password plus recent visas, and visa-shaped text. */
export class CoveSecretStore extends SecretStore {
  /** Registers a visa (kept among the most recent ones). */
  addVisa(visa: string | undefined): void {
    this.addRotating(visa);
  }

  override redactText(text: string): string {
    return super.redactText(text).replace(VISA_PATTERN, REDACTED);
  }

  override toJSON(): string {
    return 'CoveSecretStore';
  }
}
