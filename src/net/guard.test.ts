import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertPublicHost, guardedLookup, isPrivateAddress } from './guard.ts';

it('classifies loopback, private, link-local/metadata, CGNAT and IPv6 local ranges as private', () => {
  for (const a of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])
    assert.equal(isPrivateAddress(a), true, a);
  for (const a of ['1.1.1.1', '151.101.1.140', '2a04:4e42::81']) assert.equal(isPrivateAddress(a), false, a);
});

it('refuses literal private hosts and localhost names before any connection', () => {
  assert.throws(() => assertPublicHost('169.254.169.254'), /private/);
  assert.throws(() => assertPublicHost('[::1]'), /private/);
  assert.throws(() => assertPublicHost('api.localhost'), /private/);
  assert.doesNotThrow(() => assertPublicHost('news.example.org'));
});

it('checks every resolved address: one private address among public ones refuses the host', async () => {
  const fakeDns = ((
    _host: string,
    _opts: unknown,
    cb: (e: null, a: Array<{ address: string; family: number }>) => void,
  ) =>
    cb(null, [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ])) as never;
  const error = await new Promise<Error | null>((resolve) =>
    guardedLookup(fakeDns)('rebind.example', { all: true }, (e) => resolve(e)),
  );
  assert.match(String(error), /10\.0\.0\.5/);
  const publicDns = ((
    _h: string,
    _o: unknown,
    cb: (e: null, a: Array<{ address: string; family: number }>) => void,
  ) => cb(null, [{ address: '93.184.216.34', family: 4 }])) as never;
  const ok = await new Promise<unknown>((resolve) =>
    guardedLookup(publicDns)('ok.example', {}, (e, address) => resolve(e ?? address)),
  );
  assert.equal(ok, '93.184.216.34');
});
