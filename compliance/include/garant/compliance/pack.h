// The compliance pack (garant compliance pack DIR): what a CNIL inspector
// asks for, read from the registries and the audit log in one snapshot, as
// a machine-readable pack.json and a static French index.html rendered from
// it. Format, sections and the traceability rule: docs/compliance-pack.md.
//
// Traceability: every count in the pack is a "figure" carrying the SQL that
// produced it, its parameters and, where the rows are bound to audit entries,
// the first and last audit index they came from, so an inspector can recount
// it on the database or in an export of the log. The pack never holds a
// patient's clear identity: the registries it reads hold none outside sealed
// columns, which it never selects.
//
// Thread-safety: GatherPackJson uses the caller's connection (one thread),
// inside the caller's transaction (REPEATABLE READ: one snapshot for every
// figure). RenderPackHtml is pure and thread-safe once the templates are
// loaded (it loads them itself on first use; the first call must not race).
// Errors: the database's, kDataLoss for a stored value the pack does not
// know, kInvalidArgument from RenderPackHtml for a document that is not a
// pack.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::compliance {

inline constexpr std::string_view kPackFormat = "garant-compliance-pack-v1";

// The register entry of the processing (RGPD art. 30), from configuration.
struct RegisterEntry {
  std::string controller_name, controller_address;
  std::string dpo_postal_address, dpo_email, dpo_phone;
  std::string purposes, legal_basis, cnil_formality, recipients;
  std::string data_retention, log_retention, transfers, hosting_provider;
};

// Public facts about the keys: ids and public halves, never a secret.
struct KeyFacts {
  std::string verify_key_hex;  // Ed25519: checkpoints and exclusion lists
  std::string signing_key_id;
  std::string audit_verifier_key;  // the note verifier key (name+id+base64)
  std::string pseudonym_key_id;
  std::string previous_pseudonym_key_id;  // empty outside a rotation
  int encryption_key_id = 0;
  std::optional<int> previous_encryption_key_id;
};

// The result of `garant audit verify` on the database, as the CLI ran it.
struct LogVerification {
  bool ok = false;
  std::string summary;  // VerifyReport::Summary or the error
  uint64_t checkpoint_size = 0;
  std::string checkpoint_root;  // base64
  std::string checkpoint_note;  // the signed note, as stored
};

struct PackOptions {
  TimePoint generated_at{};
  // The activity period [from, to): access events, findings, objections
  // received, list versions. Registries (projects, accounts) are as of the
  // snapshot. `from_day` / `to_day` are the Paris days as given (both
  // included), for display; empty when the bound was not given.
  TimePoint from{};
  TimePoint to{};
  std::string from_day, to_day;
  RegisterEntry register_entry;
  KeyFacts keys;
  LogVerification verification;
  // The security measures document copied into the pack (its file name in
  // the pack) and its "## " headings; empty when none was found.
  std::string security_file;
  std::vector<std::string> security_headings;
  std::string security_source;  // where it was copied from
};

// The pack as a JSON document (ending in "\n").
Result<std::string> GatherPackJson(db::Connection& conn, const PackOptions& options);

// index.html: French, static (no script, no outside resource), print CSS,
// every value escaped by ctemplate, every figure with its source.
Result<std::string> RenderPackHtml(std::string_view pack_json);

}  // namespace garant::compliance
