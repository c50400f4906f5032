// Imported by a suite for its side effect: every /api/v1/ exchange the suite
// makes with fetch is checked against docs/openapi.yaml (lib/openapi.mjs).
import { OpenApiChecker, installFetchCheck, loadSpec } from './openapi.mjs';

const loaded = await loadSpec();
if (!loaded.valid) throw new Error(`docs/openapi.yaml is not valid OpenAPI: ${JSON.stringify(loaded.errors)}`);
const checker = new OpenApiChecker(loaded.spec);
installFetchCheck(checker);

// For the exchanges a suite makes without fetch (node:https, node:http): throws
// when { method, path, status, headers (an object or a Headers), body (text),
// requestBody } does not match the description. Paths outside /api/v1/ pass.
export function assertDescribed({ method = 'GET', path, status, headers = {}, body, requestBody }) {
  const pathname = new URL(path, 'http://garant.invalid').pathname;
  if (!pathname.startsWith('/api/v1/')) return;
  const h = headers instanceof Headers ? headers : new Headers(
    Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, String(v)]])));
  const contentType = h.get('content-type') ?? '';
  const errors = checker.check({
    method: method.toUpperCase(), path: pathname, requestBody, status, headers: h, contentType,
    responseText: contentType.startsWith('application/json') ? body : undefined,
  });
  if (errors.length > 0) throw new Error(`docs/openapi.yaml: ${errors.join('\n')}`);
}
