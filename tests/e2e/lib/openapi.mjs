// docs/openapi.yaml as a checker of real exchanges. Importing
// './lib/openapi-check.mjs' in a suite wraps fetch: every /api/v1/ request the
// suite makes is checked against the description, and the call throws when
//   - the server answered a route the description lacks (anything but 404/405),
//   - the answer's status is not described for the operation,
//   - a JSON answer does not match the status's schema,
//   - a header the description requires (Retry-After on 503) is missing,
//   - a request the server accepted (2xx) has a JSON body its schema refuses.
// Requests refused by the server are not checked against the request schema:
// suites send bad bodies on purpose. Schemas are compiled by Ajv (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1) in strict mode, so a misspelt keyword
// in the description fails too.
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { join } from 'node:path';
import { repoRoot } from './garantd.mjs';

export const specPath = join(repoRoot, 'docs', 'openapi.yaml');
const COMPONENTS = 'https://garant.invalid/openapi/components';

// { valid, errors, spec } of docs/openapi.yaml (YAML parsed by the validator).
export async function loadSpec(path = specPath) {
  const validator = new Validator();
  const result = await validator.validate(path);
  return { ...result, spec: validator.specification };
}

function rewriteRefs(value) {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${COMPONENTS}#/$defs/${v.slice('#/components/schemas/'.length)}`
        : rewriteRefs(v);
    }
    return out;
  }
  return value;
}

export class OpenApiChecker {
  constructor(spec) {
    this.spec = spec;
    this.ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    this.ajv.addSchema({ $id: COMPONENTS, $defs: rewriteRefs(spec.components?.schemas ?? {}) });
    this.compiled = new Map();
    this.routes = Object.keys(spec.paths).map((template) => ({
      template,
      regex: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  // Follows a local "#/components/…" reference (responses, parameters, bodies).
  resolve(obj) {
    let o = obj;
    while (o && o.$ref) {
      o = o.$ref.slice(2).split('/').reduce((acc, part) => acc?.[part], this.spec);
      if (!o) throw new Error(`unresolved reference ${obj.$ref}`);
    }
    return o;
  }

  validator(schema) {
    const key = JSON.stringify(schema);
    if (!this.compiled.has(key)) this.compiled.set(key, this.ajv.compile(rewriteRefs(schema)));
    return this.compiled.get(key);
  }

  // Errors (strings) of `value` against `schema`; [] when valid.
  errorsOf(schema, value) {
    const v = this.validator(schema);
    if (v(value)) return [];
    return [this.ajv.errorsText(v.errors, { dataVar: 'body' })];
  }

  // Every schema of the description, compiled: a bad keyword throws here.
  compileAll() {
    for (const name of Object.keys(this.spec.components?.schemas ?? {})) {
      this.ajv.getSchema(`${COMPONENTS}#/$defs/${name}`);
    }
    for (const { template } of this.routes) {
      for (const [method, op] of Object.entries(this.spec.paths[template])) {
        if (!op || typeof op !== 'object' || !op.responses) continue;
        const body = op.requestBody && this.resolve(op.requestBody);
        for (const media of Object.values(body?.content ?? {})) if (media.schema) this.validator(media.schema);
        for (const r of Object.values(op.responses)) {
          for (const media of Object.values(this.resolve(r).content ?? {})) {
            if (media.schema) this.validator(media.schema);
          }
        }
        void method;
      }
    }
  }

  operation(method, path) {
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const route = this.routes.find((r) => r.regex.test(path));
    if (!route) return { template: null, op: null };
    return { template: route.template, op: this.spec.paths[route.template][m] ?? null };
  }

  // One exchange: { method, path, requestBody (text or undefined), status,
  // headers (a Headers), contentType, responseText }. Returns error strings.
  check({ method, path, requestBody, status, headers, contentType, responseText }) {
    const { template, op } = this.operation(method, path);
    if (!op) {
      return status === 404 || status === 405 ? [] : [`${method} ${path} is not described (answered ${status})`];
    }
    const errors = [];
    const described = op.responses[String(status)] ?? op.responses.default;
    if (!described) return [`${method} ${template}: status ${status} is not described`];
    const response = this.resolve(described);
    for (const [name, h] of Object.entries(response.headers ?? {})) {
      if (this.resolve(h).required && !headers.has(name)) errors.push(`header ${name} missing`);
    }
    const isJson = (contentType ?? '').startsWith('application/json');
    if (isJson && responseText) {
      const media = response.content?.['application/json'];
      if (!media) {
        errors.push(`${method} ${template} ${status}: a JSON answer is not described`);
      } else if (media.schema) {
        errors.push(...this.errorsOf(media.schema, JSON.parse(responseText)).map((e) => `answer: ${e}`));
      }
    }
    if (status >= 200 && status < 300 && typeof requestBody === 'string' && op.requestBody) {
      const media = this.resolve(op.requestBody).content?.['application/json'];
      if (media?.schema) {
        let parsed;
        try { parsed = JSON.parse(requestBody); } catch { parsed = undefined; }
        if (parsed !== undefined) {
          errors.push(...this.errorsOf(media.schema, parsed).map((e) => `accepted request: ${e}`));
        }
      }
    }
    return errors.map((e) => `${method} ${path} → ${status}: ${e}`);
  }
}

// Wraps globalThis.fetch so that every /api/v1/ exchange is checked
// (see the top of this file). Idempotent.
export function installFetchCheck(checker) {
  if (globalThis.fetch.garantOpenApi) return;
  const realFetch = globalThis.fetch;
  const wrapped = async (input, init = {}) => {
    const res = await realFetch(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (!url.pathname.startsWith('/api/v1/')) return res;
    const contentType = res.headers.get('content-type') ?? '';
    const responseText = contentType.startsWith('application/json') ? await res.clone().text() : undefined;
    const errors = checker.check({
      method: (init.method ?? 'GET').toUpperCase(), path: url.pathname,
      requestBody: typeof init.body === 'string' ? init.body : undefined,
      status: res.status, headers: res.headers, contentType, responseText,
    });
    if (errors.length > 0) throw new Error(`docs/openapi.yaml: ${errors.join('\n')}`);
    return res;
  };
  wrapped.garantOpenApi = true;
  globalThis.fetch = wrapped;
}
