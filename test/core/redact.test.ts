import { describe, expect, it } from 'vitest';
import {
  excerpt,
  REDACTED,
  redactHeaders,
  redactSecretsByKey,
  redactUrl,
  SecretStore,
} from '../../src/core/redact';

const KEY = `dbackup_${'ab12'.repeat(15)}`;

describe('redaction', () => {
  it('masks known secrets anywhere in text, and any dbackup key or bearer token', () => {
    const store = new SecretStore();
    store.add('hunter2-password');
    const text = `login with hunter2-password and Bearer abc.def and ${KEY} and Basic dXNlcjpwYXNz`;
    const out = store.redactText(text);
    expect(out).not.toContain('hunter2-password');
    expect(out).not.toContain(KEY);
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('dXNlcjpwYXNz');
    expect(out).toContain(REDACTED);
  });

  it('rotating secrets are masked, and only the most recent ones are kept', () => {
    const store = new SecretStore(2);
    store.add('long-lived-password');
    for (const visa of ['visa-aaaa-1', 'visa-bbbb-2', 'visa-cccc-3']) store.addRotating(visa);
    const out = store.redactText('long-lived-password visa-aaaa-1 visa-bbbb-2 visa-cccc-3');
    expect(out).toBe(`${REDACTED} visa-aaaa-1 ${REDACTED} ${REDACTED}`);
  });

  it('ignores secrets too short to mask safely', () => {
    const store = new SecretStore();
    store.add('ab');
    expect(store.redactText('abc')).toBe('abc');
  });

  it('masks secret-named keys deeply, case-insensitively, without mutating input', () => {
    const input = { Password: 'p', nested: [{ visa: 'v', Token: 't', name: 'ok' }], apiKey: 'k', empty: '' };
    const out = redactSecretsByKey(input);
    expect(out).toEqual({
      Password: REDACTED,
      nested: [{ visa: REDACTED, Token: REDACTED, name: 'ok' }],
      apiKey: REDACTED,
      empty: '',
    });
    expect(input.Password).toBe('p');
  });

  it('masks credential headers and URL query secrets', () => {
    expect(redactHeaders({ Authorization: `Bearer ${KEY}`, 'content-type': 'x', Cookie: 'visa=1' })).toEqual({
      Authorization: REDACTED,
      'content-type': 'x',
      Cookie: REDACTED,
    });
    expect(redactUrl('https://x.test/api/storage/public-download?token=abc123&file=a')).toBe(
      `https://x.test/api/storage/public-download?token=${REDACTED}&file=a`,
    );
  });

  it('masks the secrets a store knows in header values, e.g. a server echoing the visa in a response header', () => {
    const store = new SecretStore();
    store.addRotating('33491-50121-1-1712345678-ABCDEF0123');
    store.addHeaderValues({ 'x-proxy-secret': 'proxy "secret" value', 'x-number': 5 });
    const echoed = {
      'x-echo': 'visa=33491-50121-1-1712345678-ABCDEF0123',
      location: `https://elsewhere.test/?p=${encodeURIComponent('proxy "secret" value')}`,
      'x-json': JSON.stringify({ h: 'proxy "secret" value' }),
      'x-plain': 'nothing to see',
    };
    expect(redactHeaders(echoed, undefined, store)).toEqual({
      'x-echo': `visa=${REDACTED}`,
      location: `https://elsewhere.test/?p=${REDACTED}`,
      'x-json': `{"h":"${REDACTED}"}`,
      'x-plain': 'nothing to see',
    });
    // Without the store only patterns are masked: the reason hook payloads pass theirs.
    expect(redactHeaders(echoed)['x-json']).toContain('proxy');
    // Anything but an object of headers registers nothing and does not throw.
    for (const bad of [null, undefined, 'x', ['a-secret-value']]) new SecretStore().addHeaderValues(bad);
  });

  it('masks URL tokens inside free text and JSON, without eating the rest of the text', () => {
    const body = {
      url: 'https://x.test/api/storage/public-download?token=SECRETTOKEN123',
      expiresIn: 'soon',
    };
    const text = excerpt(body);
    expect(text).not.toContain('SECRETTOKEN123');
    expect(text).toContain('expiresIn');
    expect(new SecretStore().redactText('see https://x.test/d?file=a&token=abc123 now')).toBe(
      `see https://x.test/d?file=a&token=${REDACTED} now`,
    );
  });

  it('excerpt truncates and redacts', () => {
    const store = new SecretStore();
    store.add('visa-123456');
    const text = excerpt({ visa: 'visa-123456', note: `said visa-123456 ${'x'.repeat(500)}` }, store, 100);
    expect(text).not.toContain('visa-123456');
    expect(text.length).toBeLessThanOrEqual(101);
    expect(JSON.stringify(store)).not.toContain('visa-123456');
  });
});
