// Imported by a suite for its side effect: every /api/v1/ exchange the suite
// makes with fetch is checked against docs/openapi.yaml (lib/openapi.mjs).
import { OpenApiChecker, installFetchCheck, loadSpec } from './openapi.mjs';

const loaded = await loadSpec();
if (!loaded.valid) throw new Error(`docs/openapi.yaml is not valid OpenAPI: ${JSON.stringify(loaded.errors)}`);
installFetchCheck(new OpenApiChecker(loaded.spec));
