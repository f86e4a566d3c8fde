/**
 * `Login`: the only method that needs no visa. Wrong partner string, username or password all give
 * the same 2100 error, as on the real server. With `loginResult: 'minimal'` the user record carries
 * only `PartnerId`, `Name` and `Flags`, as Backupchecks' tenant returned it.
 *
 * @internal
 * @module
 */
import { loginError } from '../rpc';
import type { MethodHandler } from './context';

/** `Login {partner, username, password}` → UserInfo and a new session. */
export const login: MethodHandler = (params, ctx) => {
  const { credentials, world } = ctx;
  if (
    params.partner !== credentials.partner ||
    params.username !== credentials.username ||
    params.password !== credentials.password
  ) {
    throw loginError();
  }
  const email = credentials.username.includes('@')
    ? credentials.username
    : (/\(([^()\s]+@[^()\s]+)\)/.exec(credentials.partner)?.[1] ?? '');
  const session = { partnerId: world.root.id, userId: ctx.userId };
  if (ctx.behaviour.loginResult === 'minimal') {
    // What Backupchecks' live tenant returned: no Id, no e-mail, no names, no times.
    return {
      result: {
        Flags: ['SecurityOfficer', 'NonInteractive'],
        Name: credentials.username,
        PartnerId: world.root.id,
      },
      session,
    };
  }
  return {
    result: {
      EmailAddress: email,
      FirstLoginTime: world.root.creationTime + 3_600,
      FirstName: 'API',
      Flags: ['AllowApiAuthentication', 'NonInteractive'],
      FullName: 'API User',
      Id: ctx.userId,
      LastLoginTime: ctx.nowSecs,
      Name: credentials.username,
      PartnerId: world.root.id,
      Password: null,
      PhoneNumber: '',
      RoleId: 1,
      Title: '',
      TwoFactorAuthenticationStatus: 'Disabled',
    },
    session,
  };
};
