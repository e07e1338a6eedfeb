import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { findDsns, hasReplicationParam, isPoolerHost, isPoolerPort, parseDsn, redactDsn, supabaseDirectRef, type Dsn } from '../../src/powersync/dsn.js';

function parsed(text: string): Dsn {
  const result = parseDsn(text);
  assert.ok(result.ok, `expected ${redactDsn(text)} to parse`);
  return result;
}

describe('parseDsn', () => {
  it('reads a direct Supabase URI', () => {
    assert.deepEqual(parseDsn('postgresql://postgres:s3cr%40t@db.majxbigjafpzayzboxsf.supabase.co:5432/postgres'), {
      ok: true,
      scheme: 'postgresql',
      user: 'postgres',
      hasPassword: true,
      host: 'db.majxbigjafpzayzboxsf.supabase.co',
      port: 5432,
      database: 'postgres',
      params: {},
      unixSocket: false,
    });
  });

  it('defaults the port, and reads query parameters without the password', () => {
    const dsn = parsed('postgres://powersync_storage@127.0.0.1/powersync_storage?sslmode=disable&password=hunter2&connect_timeout=10');
    assert.equal(dsn.scheme, 'postgres');
    assert.equal(dsn.port, 5432);
    assert.equal(dsn.hasPassword, true);
    assert.deepEqual(dsn.params, { sslmode: 'disable', connect_timeout: '10' });
  });

  it('reads a DSN without a password or a database', () => {
    const dsn = parsed('postgresql://app@db.internal:6000');
    assert.deepEqual([dsn.user, dsn.hasPassword, dsn.host, dsn.port, dsn.database], ['app', false, 'db.internal', 6000, undefined]);
  });

  it('tells a unix socket from a TCP host', () => {
    const viaQuery = parsed('postgresql://powersync_storage@/powersync_storage?host=/var/run/postgresql');
    assert.deepEqual([viaQuery.host, viaQuery.unixSocket, viaQuery.database], ['/var/run/postgresql', true, 'powersync_storage']);
    const encoded = parsed('postgresql://u@%2Frun%2Fpostgresql/db');
    assert.deepEqual([encoded.host, encoded.unixSocket], ['/run/postgresql', true]);
    const empty = parsed('postgresql:///db');
    assert.deepEqual([empty.host, empty.unixSocket], ['', true]);
    const ipv6 = parsed('postgresql://u:p@[::1]:5433/db');
    assert.deepEqual([ipv6.host, ipv6.port, ipv6.unixSocket], ['::1', 5433, false]);
  });

  it('does not read files or warn for sslrootcert / sslmode parameters', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const dsn = parsed('postgresql://u:p@h/db?sslmode=require&sslrootcert=/nonexistent/ca.pem');
      assert.deepEqual(dsn.params, { sslmode: 'require', sslrootcert: '/nonexistent/ca.pem' });
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });

  it('explains what is wrong without showing the password', () => {
    const invalid = 'not a valid URI; percent-encode any @ : / ? # % in the user name and password';
    const cases: [string, string][] = [
      ['postgresql://postgres:Zq9x/w@db.x.supabase.co:5432/postgres', invalid],
      ['postgresql://postgres:Zq9x?w@db.x.supabase.co/postgres', invalid],
      ['postgresql://postgres:Zq9x@db.x.supabase.co:99999/postgres', invalid],
      ['postgresql://postgres:Zq9x@h1:5432,h2:5432/postgres', 'the URI lists several hosts; PowerSync connects to exactly one'],
      ['postgresql://postgres:Zq9x@h/db?port=x', 'the port is not a number from 1 to 65535'],
      ['host=db.x.supabase.co password=Zq9x user=postgres', 'a key=value connection string; write a postgresql:// URI'],
      ['mysql://root:Zq9x@h/db', 'not a postgres:// or postgresql:// URI'],
    ];
    for (const [text, error] of cases) {
      const result = parseDsn(text);
      assert.deepEqual(result, { ok: false, error }, redactDsn(text));
      assert.ok(!JSON.stringify(result).includes('Zq9x'));
    }
  });
});

describe('redactDsn', () => {
  it('masks the password of a URI', () => {
    assert.equal(redactDsn('postgresql://postgres:s3cr%40t@db.x.supabase.co:5432/postgres'), 'postgresql://postgres:****@db.x.supabase.co:5432/postgres');
  });

  it('leaves a URI without a password as it is', () => {
    for (const text of ['postgresql://postgres@db.x.supabase.co/postgres', 'postgres://db.internal:5432/db', 'postgres://u:@h/db']) assert.equal(redactDsn(text), text);
  });

  it('masks up to the last @, whatever the password contains', () => {
    assert.equal(redactDsn('postgresql://u:p@ss/w?rd#x@h:5432/db'), 'postgresql://u:****@h:5432/db');
    assert.equal(redactDsn('PS_SOURCE_DSN=postgresql://u:pa ss@h/db'), 'PS_SOURCE_DSN=postgresql://u:****@h/db');
  });

  it('masks a password with no host after it', () => {
    assert.equal(redactDsn('postgresql://u:secret/db'), 'postgresql://u:****/db');
    assert.equal(redactDsn('postgresql://u:secret'), 'postgresql://u:****');
  });

  it('masks password settings in a query, a conninfo or the environment', () => {
    assert.equal(redactDsn('postgres://h/db?user=u&password=hunter2&sslmode=disable'), 'postgres://h/db?user=u&password=****&sslmode=disable');
    assert.equal(redactDsn("host=h password='a b\\' c' user=u"), 'host=h password=**** user=u');
    assert.equal(redactDsn('PGPASSWORD=hunter2'), 'PGPASSWORD=****');
  });

  it('masks every DSN in a text', () => {
    const text = 'uri: "postgresql://a:one@h1/db"\n# old: postgres://b:two@h2/db\n';
    assert.equal(redactDsn(text), 'uri: "postgresql://a:****@h1/db"\n# old: postgres://b:****@h2/db\n');
  });
});

describe('findDsns', () => {
  it('finds DSN literals with their offsets, without surrounding quotes or punctuation', () => {
    const text = 'let a = "postgresql://u:p@h/db"; b = [postgres://h2/db2, x];\nuri: POSTGRES://h3/db3';
    assert.deepEqual(findDsns(text), [
      { text: 'postgresql://u:p@h/db', start: 9, end: 30 },
      { text: 'postgres://h2/db2', start: 38, end: 55 },
      { text: 'POSTGRES://h3/db3', start: 66, end: 83 },
    ]);
    for (const match of findDsns(text)) assert.equal(text.slice(match.start, match.end), match.text);
  });

  it('finds nothing in text without a DSN', () => {
    assert.deepEqual(findDsns('services.postgresql.enable = true;'), []);
  });
});

describe('DSN pitfalls', () => {
  it('recognises the Supabase pooler by host and port', () => {
    assert.equal(isPoolerHost('aws-0-eu-central-1.pooler.supabase.com'), true);
    assert.equal(isPoolerHost('AWS-0-EU-CENTRAL-1.POOLER.SUPABASE.COM'), true);
    assert.equal(isPoolerHost('db.majxbigjafpzayzboxsf.supabase.co'), false);
    assert.equal(isPoolerHost('pooler.supabase.com.evil.example'), false);
    assert.equal(isPoolerPort(6543), true);
    assert.equal(isPoolerPort(5432), false);
  });

  it('reads the project ref of a direct Supabase host', () => {
    assert.equal(supabaseDirectRef('db.majxbigjafpzayzboxsf.supabase.co'), 'majxbigjafpzayzboxsf');
    assert.equal(supabaseDirectRef('aws-0-eu-central-1.pooler.supabase.com'), undefined);
    assert.equal(supabaseDirectRef('majxbigjafpzayzboxsf.supabase.co'), undefined);
    assert.equal(supabaseDirectRef('db.majxbigjafpzayzboxsf.supabase.co.example'), undefined);
  });

  it('sees a replication parameter', () => {
    assert.equal(hasReplicationParam(parsed('postgresql://u@h/db?replication=database')), true);
    assert.equal(hasReplicationParam(parsed('postgresql://u@h/db?sslmode=disable')), false);
  });
});
