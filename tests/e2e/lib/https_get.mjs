// An https GET with node:https (not fetch: a private authority, a client
// certificate) to a garantd serving TLS itself, checked against
// docs/openapi.yaml when its path is under /api/v1/ (lib/openapi-check.mjs,
// whose fetch check a suite importing this module gets too).
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { assertDescribed } from './openapi-check.mjs';

// GET https://127.0.0.1:PORT/PATH trusting the authority in the PEM file
// `ca`, presenting `cert` ({ pem, key } file paths) when given: resolves with
// { status, headers, body }; rejects with a transport error, or with the
// OpenAPI check's error.
export function httpsGet(port, path, { ca, headers = {}, cert } = {}) {
  return new Promise((res, rej) => {
    const options = { host: '127.0.0.1', port, path, headers, ca: readFileSync(ca), agent: false };
    if (cert) Object.assign(options, { cert: readFileSync(cert.pem), key: readFileSync(cert.key) });
    https.get(options, (r) => {
      let body = '';
      r.on('data', (c) => { body += c; });
      r.on('end', () => {
        try {
          assertDescribed({ path, status: r.statusCode, headers: r.headers, body });
        } catch (e) {
          rej(e);
          return;
        }
        res({ status: r.statusCode, headers: r.headers, body });
      });
    }).on('error', rej);
  });
}
