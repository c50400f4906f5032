// garant audit trail / verify-export: the access trail as a verifiable export
// (docs/audit-trail-exports.md), fetched from garantd (--url, --token-file)
// or read from the database (--data-dir, --config), and its offline check.
#pragma once

#include "cli.h"

namespace garant::cli {

// garant audit trail (--person-token T | --account A | --project P)
//   [--from T] [--to T] --format csv|jsonl|fhir [--sep semicolon]
//   --output FILE [--url URL --token-file F [--ca-file CA] [--client-cert C --client-key K]
//                  | --data-dir D | --config F]
// For CSV, writes FILE and FILE.proofs.jsonl. Files appear only complete.
int AuditTrail(const Args& a);
// garant audit prune [--dry-run] (audit_prune.cc).
int AuditPrune(const Args& a);

// garant audit verify-export FILE --key K [--proofs SIDECAR]
// Exit 0 when everything verifies; 1 naming the entry (index) otherwise.
int AuditVerifyExport(const Args& a);

// Lines for the usage text of `garant audit`.
extern const char* const kTrailUsage;

}  // namespace garant::cli
