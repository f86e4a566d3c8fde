/**
 * Vault recovery kits: `GET /api/vault/recovery-kit?ids=a,b` (the 3.2.0 source) and
 * `GET /api/vault/:id/recovery-kit` (the published docs).
 *
 * @internal
 * @module
 */
import { authStyles, requireKey } from '../auth';
import { iso } from '../fake';
import { binary, text } from '../responses';
import type { MockRuntime, RouteDefinition, RouteInput } from '../router';
import { buildZip } from '../zip';

function recoveryKit(ids: string[], { auth, now }: RouteInput, runtime: MockRuntime): Response {
  const key = requireKey(auth, 'vault:write', authStyles.plainText);
  if (key instanceof Response) return key;
  if (ids.length === 0) return text('No encryption profiles selected', 400);
  const profiles = [];
  for (const id of ids) {
    const profile = runtime.store.encryptionProfiles.find((p) => p.id === id);
    if (!profile) return text(`Encryption profile ${id} not found`, 404);
    profiles.push(profile);
  }
  const files = [
    { name: 'master.key', content: profiles.map((p) => p.masterKeyHex).join('\n') },
    { name: 'decrypt_backup.js', content: '// DBackup offline decryption helper (mock)\n' },
    {
      name: 'decrypt_drag_drop_windows.bat',
      content: '@echo off\r\nnode decrypt_backup.js "%~1" "%MASTER_KEY%"\r\n',
    },
    { name: 'decrypt_linux_mac.sh', content: '#!/bin/bash\nnode decrypt_backup.js "$1" "$MASTER_KEY"\n' },
    {
      name: 'README.txt',
      content: `# Recovery Kit for ${profiles.map((p) => p.name).join(', ')}\nGenerated at: ${iso(now)}\n`,
    },
  ];
  const first = profiles[0];
  const filename =
    profiles.length === 1 && first
      ? `recovery_kit_${first.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}.zip`
      : `recovery_kit_${profiles.length}_profiles.zip`;
  return binary(buildZip(files, new Date(now)), {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${filename}"`,
  });
}

/** Vault routes. */
export const vaultRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/vault/recovery-kit',
    handle(input, runtime) {
      const ids = (input.url.searchParams.get('ids') ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      return recoveryKit(ids, input, runtime);
    },
  },
  {
    // The path the published docs give; the 3.2.0 source serves `?ids=` above.
    method: 'GET',
    path: '/api/vault/:id/recovery-kit',
    handle(input, runtime) {
      return recoveryKit([input.params.id ?? ''], input, runtime);
    },
  },
];
