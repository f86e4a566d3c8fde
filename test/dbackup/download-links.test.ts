import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import { DBackupAuthError } from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.byteLength;
  return bytes;
}

const TOKEN_LINK = /\/api\/storage\/public-download\?token=([0-9a-f]{64})$/;

describe('storage download links (DBackup builds them from the Origin header, which Node never sends)', () => {
  it('createDownloadUrl always returns an absolute URL on the client’s baseUrl', async () => {
    const { client, mock } = setup();
    const file = (await client.storage.listFiles(IDS.adapters.localPrimary))[0]!;
    const link = await client.storage.createDownloadUrl(IDS.adapters.localPrimary, file.path);
    expect(link.url).toMatch(new RegExp(`^${mock.baseUrl}${TOKEN_LINK.source}`));
    // The absolute link works with any HTTP client, no key needed.
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(file.size);
  });

  it('resolves the link under a baseUrl with a path prefix (DBackup behind a reverse proxy)', async () => {
    const { client, mock } = setup({ mock: { baseUrl: 'https://proxy.mock.test/dbackup' } });
    expect(mock.baseUrl).toBe('https://proxy.mock.test/dbackup');
    const file = (await client.storage.listFiles(IDS.adapters.localPrimary))[0]!;
    const link = await client.storage.createDownloadUrl(IDS.adapters.localPrimary, file.path);
    expect(link.url.startsWith('https://proxy.mock.test/dbackup/api/storage/public-download?token=')).toBe(
      true,
    );
    expect(await readAll((await client.storage.publicDownload(link.url)).body)).toBe(file.size);
  });

  it('publicDownload accepts the absolute URL, the relative link the server sent, or the bare token', async () => {
    const { client, mock } = setup();
    const file = (await client.storage.listFiles(IDS.adapters.localPrimary))[0]!;
    const mint = async () => {
      const { url } = await client.storage.createDownloadUrl(IDS.adapters.localPrimary, file.path);
      const token = TOKEN_LINK.exec(url)?.[1];
      if (!token) throw new Error(`unexpected link ${url}`);
      return { url, relative: url.slice(mock.baseUrl.length), token };
    };
    const a = await mint();
    expect(await readAll((await client.storage.publicDownload(a.url)).body)).toBe(file.size);
    const b = await mint();
    expect(b.relative.startsWith('/api/storage/public-download?token=')).toBe(true);
    expect(await readAll((await client.storage.publicDownload(b.relative)).body)).toBe(file.size);
    const c = await mint();
    expect(await readAll((await client.storage.publicDownload(c.token)).body)).toBe(file.size);
    // Each was sent as the bare token, once.
    const downloads = mock.requests.filter((r) => r.path === '/api/storage/public-download');
    expect(downloads.map((r) => [r.search, r.status])).toEqual([
      [`?token=${a.token}`, 200],
      [`?token=${b.token}`, 200],
      [`?token=${c.token}`, 200],
    ]);
  });

  it('a spent link fails with DBackupAuthError whose message and JSON never show the token', async () => {
    const { client } = setup();
    const file = (await client.storage.listFiles(IDS.adapters.localPrimary))[0]!;
    const { url } = await client.storage.createDownloadUrl(IDS.adapters.localPrimary, file.path);
    const token = TOKEN_LINK.exec(url)?.[1] as string;
    await readAll((await client.storage.publicDownload(url)).body);
    for (const again of [url, token, url.replace(/^https:\/\/[^/]+/, '')]) {
      const error = await client.storage.publicDownload(again).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DBackupAuthError);
      const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
      expect(shown).not.toContain(token);
    }
  });

  it('refuses a link without a token before sending anything', async () => {
    const { client, mock } = setup();
    for (const bad of [
      '',
      '  ',
      '/api/storage/public-download',
      '/api/storage/public-download?token=',
      'https://dbackup.mock.test/api/storage/public-download',
      'https://',
      'abc def',
    ]) {
      await expect(client.storage.publicDownload(bad)).rejects.toBeInstanceOf(ConfigError);
    }
    expect(mock.requests).toHaveLength(0);
  });
});
