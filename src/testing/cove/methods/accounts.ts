/**
 * Device (account) methods: `EnumerateAccounts` and `GetAccountInfoById`. Like the real server they
 * return each device's `Password` and `Token`; the SDK client is expected to strip them.
 *
 * @internal
 * @module
 */
import type { DeviceRecord } from '../data';
import { securityError } from '../rpc';
import { asInt, type MethodHandler, scopedPartnerId, sessionOf, sortedKeys } from './context';

/** The never-expires sentinel (INT32_MAX). */
const NEVER = 2_147_483_647;

function accountInfo(device: DeviceRecord): Record<string, unknown> {
  return {
    CreationTime: device.creationTime,
    ExpirationTime: NEVER,
    Id: device.id,
    LocationId: device.storageNode.locationId,
    Name: device.name,
    NameAlias: null,
    PartnerId: device.partnerId,
    Password: device.password,
    ProductId: 28_382 + device.accountType,
    RemovalTime: 0,
    StorageLocationId: device.storageNode.locationId,
    Token: device.token,
    Type: 'BackupManager',
  };
}

/** Devices owned directly by `partnerId` (not its sub-partners), ordered by id. */
export const enumerateAccounts: MethodHandler = (params, ctx) => {
  const partnerId = scopedPartnerId(params.partnerId, ctx);
  return { result: ctx.world.devices.filter((d) => d.partnerId === partnerId).map(accountInfo) };
};

function scopedDevice(value: unknown, ctx: Parameters<MethodHandler>[1]): DeviceRecord {
  const accountId = asInt(value);
  const device = accountId === undefined ? undefined : ctx.world.device(accountId);
  if (!device || !ctx.world.inScope(device.partnerId, sessionOf(ctx).partnerId)) throw securityError();
  return device;
}

/**
 * The device's remote-access endpoints: its storage node's URL (`Url`, and `WebRcgUrl` for the
 * web restore console), the device name and its token.
 */
export const enumerateAccountRemoteAccessEndpoints: MethodHandler = (params, ctx) => {
  const device = scopedDevice(params.accountId, ctx);
  const hostname = device.storageNode.host.replace(/:\d+$/, '');
  return {
    result: [
      {
        AccountName: device.name,
        InternalInfoPageUrl: `https://${hostname}/info/${device.id}`,
        Token: device.token,
        Url: `https://${hostname}`,
        WebRcgUrl: `https://${hostname}/webrcg/?account=${encodeURIComponent(device.name)}`,
      },
    ],
  };
};

/** One device plus its storage node in the `homeNodeInfo` OUT param. */
export const getAccountInfoById: MethodHandler = (params, ctx) => {
  const device = scopedDevice(params.accountId, ctx);
  const node = device.storageNode;
  const accounts = ctx.world.devices.filter((d) => d.storageNode.id === node.id).length;
  return {
    result: sortedKeys({ ...accountInfo(device), OverrideVirtual: 'Default', StorageId: 0 }),
    siblings: {
      homeNodeInfo: {
        ActiveAccounts: accounts,
        CommonInfo: {
          CertificateInfo: { ValidationMethod: 'OsTrustStore' },
          Family: 'WEBMOD',
          GatewayHost: '',
          Host: ctx.world.hostless.has(device.id) ? '' : node.host,
          HttpGatewayHost: ctx.world.hostless.has(device.id) ? '' : node.host,
          Name: node.name,
          Password: '*****',
          Path: '',
          StorageId: node.storageId,
          User: '*****',
        },
        Id: node.id,
        LocationId: node.locationId,
        ModeInfo: { Mode: 'Operable' },
        StateInfo: {
          PrivilegedStorage: 0,
          State: ['Online'],
          TotalStorage: 269_320_579,
          UpdateTimestamp: ctx.world.anchorSecs - 600,
          UsedStorage: 210_196_248,
        },
        TotalAccounts: accounts,
      },
    },
  };
};
