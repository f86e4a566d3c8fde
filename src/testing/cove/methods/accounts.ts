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

/** One device plus its storage node in the `homeNodeInfo` OUT param. */
export const getAccountInfoById: MethodHandler = (params, ctx) => {
  const accountId = asInt(params.accountId);
  const device = accountId === undefined ? undefined : ctx.world.device(accountId);
  if (!device || !ctx.world.inScope(device.partnerId, sessionOf(ctx).partnerId)) throw securityError();
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
          Host: node.host,
          HttpGatewayHost: node.host,
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
