// garant's configuration: one flat set of keys, resolved in three layers:
//   config file  <  environment (GARANT_<KEY>)  <  command-line flags (--key value).
// Unknown keys are an error in every layer (a typo must not silently keep a
// default). Secrets are never values: only paths of files holding them
// (keys ending in "_file"); ReadSecretFile reads them.
//
// Pure: ResolveConfig takes the arguments, the environment and a file reader,
// so it is tested without touching the process. Thread-compatible value type.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant {

// A "[name]" section of the config file (e.g. "[access.rules.off_hours]"):
// its "key = value" lines, kept as text with where each came from. The module
// that owns the section checks its keys and values at start (e.g.
// access::RuleConfigFromSections); sections exist only in the config file.
struct ConfigSection {
  struct Entry {
    std::string key;
    std::string value;
    std::string where;  // "FILE:LINE"
  };
  std::string name;
  std::string where;  // "FILE:LINE" of the header
  std::vector<Entry> entries;
};

// Section names the config file may hold: "access.rules.<rule>" (the rule
// name itself is checked by the access module) and "audit.witness.<id>" (a
// witness garantd asks to cosign its checkpoints: server/src/audit/witnesses.h).
inline constexpr const char* kConfigSectionPrefixes[] = {"access.rules.", "audit.witness."};

// The longest retention of the audit log's content garant accepts, in days
// (3 years: CNIL délibération 2021-122).
inline constexpr int kMaxRetentionDays = 1095;

struct Config {
  // Server
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 16;                  // HTTP worker threads
  int64_t max_body_bytes = 1 << 20;  // larger request bodies get 413
  int request_timeout_seconds = 30;  // one read or write on a socket
  // A request's headers and body must all arrive within this time of the
  // moment garantd starts waiting for them (server/src/http/deadlines.h).
  int request_deadline_seconds = 20;
  // When > 0: /readyz and /metrics are served only on 127.0.0.1:metrics_port,
  // not on the main listener.
  int metrics_port = 0;
  std::string public_url;  // e.g. https://garant.example.fr; https → Secure cookies
  // Reverse proxies whose X-Forwarded-For is believed: comma-separated CIDRs
  // (server/src/http/client_address.h). Empty: the socket peer is the client.
  std::string trusted_proxies;
  // TLS served by garantd itself (docs/configuration.md, "TLS"): PEM files.
  // Both set: the main listener speaks https only; both empty: plain HTTP
  // (behind a TLS proxy). The key file is a secret file (ReadSecretFile's
  // rules). With tls_client_ca_file, a request carrying a service token must
  // come over a connection whose client certificate that authority signed.
  std::string tls_certificate_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Storage
  bool dev = false;            // embedded PostgreSQL in data_dir
  bool demo = false;           // with --dev: demo accounts and data
  bool demo_accesses = false;  // with --demo: a week of warehouse accesses (scripts/demo.sh)
  std::string data_dir;        // dev cluster and dev secrets
  std::string database_url;    // libpq URI or conninfo, without password
  std::string database_password_file;
  std::string migration_database_url;  // owner role for migrations; defaults to database_url
  int pool_size = 8;
  // Secrets (files)
  std::string pseudonymisation_key_file;
  // During a key rotation only: the key being replaced. Objections get tokens
  // under both keys and every list version is published under both
  // (docs/exclusion-lists.md §7). Unset once every consumer has moved.
  std::string previous_pseudonymisation_key_file;
  std::string signing_key_file;
  std::string encryption_key_file;
  // Keys and database separation (docs/security.md). During an encryption
  // key rotation only: the master being replaced (its values still open;
  // garant keys rotate-encryption re-seals them under the current one).
  std::string previous_encryption_key_file;
  // The password of migration_database_url's role (required outside --dev
  // when migration_database_url is set).
  std::string migration_database_password_file;
  // PEM file of the certificate authorities that sign the https:// consumers'
  // certificates (exclusion-list pushes); empty: the system's CAs.
  std::string consumer_ca_file;
  // A changed exclusion list is published at most once per this many seconds
  // (the first change after a quiet period at once): docs/exclusion-lists.md §7.
  int exclusion_publish_interval_seconds = 30;
  // Audit log
  std::string audit_origin = "contact.sos-medecins.fr/garant";
  std::string audit_state_file;  // last signed checkpoint, outside the database
  // When set, start even if the database's audit tree is smaller than, or
  // inconsistent with, the last signed checkpoint; the reason is logged in
  // an "audit.rollback.forced" audit event. Remove it after that start.
  std::string audit_force_rollback_reason;
  // Memory for full tiles and entry bundles served from /tlog/ (immutable):
  // readers then do not load the database appends go to. 0 disables it.
  int tile_cache_mib = 64;
  // Witnesses ([audit.witness.<id>] sections; docs/audit-log.md, "Witnesses"):
  // how many cosignatures make a checkpoint "cosigned" (0: all of them), and
  // how long one witness may take to answer.
  int audit_witness_quorum = 0;
  int audit_witness_timeout_ms = 3000;
  // Sessions
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  // What the public pages say about the controller (RGPD art. 13-14, LCEN
  // art. 6): filled by the operator. Empty: the pages say the information is
  // missing and garantd warns at start; with --demo, clearly fictitious values.
  std::string controller_name = "SOS MÉDECINS FRANCE";
  std::string controller_address;    // postal address, one line
  std::string publication_director;  // LCEN: directeur de la publication
  std::string dpo_postal_address;    // where patients write to the DPO
  std::string dpo_email;
  std::string dpo_phone;
  std::string hosting_provider;  // the HDS-certified host: name and address
  std::string legal_basis;       // RGPD art. 6 and 9 basis, as the DPO wrote it
  std::string cnil_formality;    // e.g. "déclaration de conformité au référentiel EDS n° …"
  std::string data_retention;    // how long the warehouse keeps data, e.g. "20 ans"
  std::string minors_notice;     // the text for minors on the form (the DPO's rule)
  // The register entry of the processing (RGPD art. 30), as the compliance
  // pack states it (garant compliance pack; docs/compliance-pack.md).
  std::string processing_purposes =
      "Constitution et gestion de l'entrepôt de données de santé CONTACT ; réutilisation des "
      "données pseudonymisées pour les finalités du référentiel CNIL « entrepôts de données de "
      "santé » (recherches, études et évaluations ; études de faisabilité ; pilotage et "
      "indicateurs), après avis du Comité scientifique et éthique";
  std::string processing_recipients =
      "Équipes des projets autorisés par le Comité scientifique et éthique (données "
      "pseudonymisées, dans la limite de leur autorisation) ; personnel habilité de SOS MÉDECINS "
      "FRANCE (délégué à la protection des données, secrétariat des comités, auditeurs)";
  std::string data_transfers = "Aucun transfert de données hors de l'Union européenne";
  // Retention of the audit log's content per event family, in days
  // (CNIL délibération 2021-122: 6 months to 1 year by default, up to 3
  // years; garantd --check-config refuses 0 and more than 1,095). `garant
  // audit prune` removes the content (leaf, patients) of older entries of
  // these families; their leaf hashes, chain and tiles stay. Objection
  // events and every other family are never pruned.
  int audit_retention_access_days = 365;  // access.* (warehouse accesses, patient sets)
  int audit_retention_staff_days = 365;   // staff.* (logins, passwords, second factors)
  // How long the audit log is kept, as the compliance pack states it (R22).
  std::string log_retention =
      "Contenu des événements d'accès et des actions du personnel supprimé après 365 jours par "
      "« garant audit prune » (empreintes, chaîne et points de contrôle conservés) ; oppositions, "
      "décisions et autres événements conservés sans limite";
  std::string accessibility_status =
      "non conforme";  // RGAA: conforme, partiellement conforme, non conforme
  // Logging
  std::string log_format = "text";  // text | json
  std::string log_level = "info";   // trace, debug, info, warn, error
  std::string config_file;          // the file this came from, if any
  // The config file's sections, in file order (a name appears at most once).
  std::vector<ConfigSection> sections;

  bool cookies_secure() const { return public_url.rfind("https://", 0) == 0; }
  bool serves_tls() const { return !tls_certificate_file.empty(); }
};

using Environment = std::map<std::string, std::string>;
using FileReader = std::function<Result<std::string>(const std::string& path)>;

// Returns the keys ResolveConfig knows, for --help and docs.
const std::vector<std::string>& ConfigKeys();

// args: the flags only (no program name). "--dev" and "--demo" are booleans;
// other flags take a value ("--port 8080" or "--port=8080"). "--config FILE"
// names the config file (also GARANT_CONFIG). Config file syntax: one
// "key = value" per line, '#' starts a comment line, blank lines ignored;
// a "[name]" line starts a section (kConfigSectionPrefixes): the lines after
// it, up to the next section, are that section's entries, not flat keys.
// An unknown section name, a section repeated, a key repeated in a section:
// kInvalidArgument naming the file and line.
// Errors: kInvalidArgument naming the key and the layer it came from.
Result<Config> ResolveConfig(const std::vector<std::string>& args, const Environment& env,
                             const FileReader& read_file);

// The process environment as a map (GARANT_* entries only).
Environment ProcessEnvironment();
// Reads a whole file. kNotFound / kPermissionDenied / kUnavailable on failure.
Result<std::string> ReadFile(const std::string& path);
// Reads a secret file: refuses (kFailedPrecondition) a file readable by group
// or others, or not a regular file; trims one trailing newline. Never logs the
// content. kNotFound when it does not exist, kPermissionDenied when this
// process may not read it, kUnavailable for other I/O errors (errno text).
Result<Bytes> ReadSecretFile(const std::string& path);

}  // namespace garant
