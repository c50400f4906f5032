// A throwaway public-key infrastructure made with the openssl command, for
// suites that run garantd or garant with TLS (tls.test.mjs,
// cli_client_cert.test.mjs): P-256 keys, authorities, and certificates they
// sign. Every file goes into `dir`; keys are written with mode 0600 unless
// asked otherwise (garant refuses a key file readable by group or others).
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_EXT = ['subjectAltName=IP:127.0.0.1', 'extendedKeyUsage=serverAuth'];
export const CLIENT_EXT = ['extendedKeyUsage=clientAuth'];

function openssl(...args) { execFileSync('openssl', args, { stdio: 'pipe' }); }

export function pki(dir) {
  // A P-256 key file; `mode` of the key file.
  function key(name, mode = 0o600) {
    const p = join(dir, `${name}.key`);
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p);
    chmodSync(p, mode);
    return p;
  }

  // A self-signed authority: { key, pem } (file paths).
  function authority(name) {
    const k = key(name);
    const pem = join(dir, `${name}.pem`);
    openssl('req', '-x509', '-key', k, '-out', pem, '-days', '2', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    return { key: k, pem };
  }

  // A certificate signed by `ca` for `ext` (extension lines, e.g. SERVER_EXT
  // or CLIENT_EXT), valid `days` (negative: expired): { key, pem }.
  function issue(ca, name, ext, days = 2) {
    const k = key(name);
    const csr = join(dir, `${name}.csr`);
    const extFile = join(dir, `${name}.ext`);
    const pem = join(dir, `${name}.pem`);
    writeFileSync(extFile, `${ext.join('\n')}\n`);
    openssl('req', '-new', '-key', k, '-out', csr, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', csr, '-CA', ca.pem, '-CAkey', ca.key, '-CAcreateserial',
      '-out', pem, '-days', String(days), '-extfile', extFile);
    return { key: k, pem };
  }

  return { key, authority, issue };
}
