// garant compliance pack DIR: reads the registries and the log in one
// snapshot, verifies the log as `garant audit verify` does, writes the
// folder, then records the generation in the audit log (docs/compliance-pack.md).
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "audit_export.h"
#include "compliance_pack.h"
#include "garant/audit/note.h"
#include "garant/audit/pg_log_source.h"
#include "garant/audit/recorder.h"
#include "garant/audit/verifier.h"
#include "garant/compliance/consent_fhir.h"
#include "garant/compliance/pack.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/dates.h"
#include "garant/core/files.h"
#include "garant/core/paris_time.h"
#include "garant/runtime/config.h"
#include "garant/runtime/keys.h"

namespace garant::cli {
namespace fs = std::filesystem;
namespace {

// The UTC instant of midnight, Paris time, starting `day`.
TimePoint ParisMidnight(std::chrono::sys_days day) {
  const TimePoint utc_midnight = std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::sys_time<std::chrono::microseconds>(day));
  return utc_midnight - ParisUtcOffset(utc_midnight - std::chrono::hours(1));
}

// The security measures document: --security-doc, else the installed copy,
// else the source tree's (a build run from its tree). Empty when none.
std::string FindSecurityDoc(const Args& a) {
  if (auto f = a.Get("security-doc")) return *f;
  std::error_code ec;
  std::vector<fs::path> candidates = {"/usr/share/doc/garant/security.md"};
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / ".." / ".." / "docs" / "security.md");
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) return fs::weakly_canonical(c, ec).string();
  }
  return {};
}

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Headings(const std::string& markdown) {
  std::vector<std::string> out;
  std::istringstream in(markdown);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) out.push_back(line.substr(3));
  }
  return out;
}

Status WriteInto(const fs::path& dir, const std::string& name, const std::string& content) {
  return WriteFileAtomic(dir / name, content, 0644);
}

}  // namespace

int CompliancePack(const Args& a, const std::string& dir_arg) {
  // The command line first, before any database is opened.
  std::optional<std::chrono::sys_days> from_day, to_day;
  for (const char* flag : {"from", "to"}) {
    if (auto v = a.Get(flag)) {
      auto d = ParseTypedDay(*v);
      if (!d) {
        std::cerr << "garant: --" << flag << " must be a day (AAAA-MM-JJ or JJ/MM/AAAA)\n";
        return kExitUsage;
      }
      (std::string(flag) == "from" ? from_day : to_day) = *d;
    }
  }
  if (from_day && to_day && *to_day < *from_day) {
    std::cerr << "garant: --to is before --from\n";
    return kExitUsage;
  }
  const fs::path dir(dir_arg);
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec))) {
    std::cerr << "garant: " << dir_arg << " must be a new or empty directory\n";
    return kExitUsage;
  }
  const std::string security_path = FindSecurityDoc(a);
  std::string security_text;
  if (!security_path.empty()) {
    auto text = ReadWhole(security_path);
    if (!text.ok()) return Fail(text.status());
    security_text = std::move(*text);
  }

  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  auto keys = runtime::LoadKeys(*config);
  if (!keys.ok()) return Fail(keys.status());
  auto verifier_key = ConfiguredVerifierKey(a);
  if (!verifier_key.ok()) return Fail(verifier_key.status());
  auto verifier = audit::NoteVerifier::Parse(*verifier_key);
  if (!verifier.ok()) return Fail(verifier.status());
  auto pub = crypto::Ed25519PublicFromSeed(keys->signing_seed);
  if (!pub.ok()) return Fail(pub.status());

  compliance::PackOptions o;
  o.generated_at = SystemClock::Instance().Now();
  o.from = from_day ? ParisMidnight(*from_day) : TimePoint{};
  o.to = to_day ? ParisMidnight(*to_day + std::chrono::days(1)) : o.generated_at;
  if (from_day) o.from_day = FormatIsoDay(*from_day);
  if (to_day) o.to_day = FormatIsoDay(*to_day);
  const Config& c = *config;
  o.register_entry = {c.controller_name, c.controller_address, c.dpo_postal_address,
                      c.dpo_email,       c.dpo_phone,          c.processing_purposes,
                      c.legal_basis,     c.cnil_formality,     c.processing_recipients,
                      c.data_retention,  c.log_retention,      c.data_transfers,
                      c.hosting_provider};
  o.keys.verify_key_hex = HexEncode(*pub);
  o.keys.signing_key_id = consent::SigningKeyId(*pub);
  o.keys.audit_verifier_key = *verifier_key;
  o.keys.pseudonym_key_id = consent::PseudonymKeyId(keys->pseudonymisation);
  if (keys->previous_pseudonymisation) {
    o.keys.previous_pseudonym_key_id = consent::PseudonymKeyId(*keys->previous_pseudonymisation);
  }
  o.keys.encryption_key_id = keys->sealing.current_id();
  if (auto p = keys->sealing.previous_id()) o.keys.previous_encryption_key_id = *p;
  if (!security_text.empty()) {
    o.security_file = "mesures-de-securite.md";
    o.security_source = security_path;
    o.security_headings = Headings(security_text);
  }

  auto database = Database::Open(a);
  if (!database.ok()) return Fail(database.status());
  std::string pack_json, consents, checkpoint_note;
  {
    auto conn = (*database)->pool().Acquire();
    if (!conn.ok()) return Fail(conn.status());
    // One snapshot: the verification, the checkpoint and every figure.
    db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
    if (!tx.status().ok()) return Fail(tx.status());
    audit::VerifyOptions vo;
    vo.origin = verifier->name();
    vo.verifiers = {*verifier};
    audit::PgLogSource source(**conn);
    auto report = audit::VerifyLog(source, vo);
    if (report.ok()) {
      o.verification.ok = report->ok();
      o.verification.summary = report->Summary();
      o.verification.checkpoint_size = report->checkpoint.head.size;
      o.verification.checkpoint_root = Base64Encode(report->checkpoint.head.root);
    } else {
      o.verification.summary = report.status().message();
    }
    auto note = source.LatestCheckpoint();
    if (note.ok()) checkpoint_note = *note;
    auto gathered = compliance::GatherPackJson(**conn, o);
    if (!gathered.ok()) return Fail(gathered.status());
    pack_json = std::move(*gathered);
    auto objections = compliance::LoadObjectionConsents(**conn, o.keys.pseudonym_key_id);
    if (!objections.ok()) return Fail(objections.status());
    auto bundle = compliance::ConsentBundleJson(
        *objections, compliance::ConsentBundleOptions{o.generated_at, c.controller_name});
    if (!bundle.ok()) return Fail(bundle.status());
    consents = std::move(*bundle);
  }
  auto html = compliance::RenderPackHtml(pack_json);
  if (!html.ok()) return Fail(html.status());

  fs::create_directories(dir, ec);
  if (ec) return Fail(Status::Unavailable("cannot create " + dir_arg + ": " + ec.message()));
  std::string verification =
      (o.verification.ok ? "OK: " : "FAILED: ") + o.verification.summary + "\n";
  for (const auto& [name, content] : std::vector<std::pair<std::string, const std::string*>>{
           {"pack.json", &pack_json},
           {"index.html", &*html},
           {"checkpoint.txt", &checkpoint_note},
           {"verification.txt", &verification},
           {"oppositions.fhir.json", &consents}}) {
    if (Status st = WriteInto(dir, name, *content); !st.ok()) return Fail(st);
  }
  if (!security_text.empty()) {
    if (Status st = WriteInto(dir, o.security_file, security_text); !st.ok()) return Fail(st);
  }
  const std::string pack_sha = HexEncode(crypto::Sha256(std::string_view(pack_json)));
  const std::string html_sha = HexEncode(crypto::Sha256(std::string_view(*html)));
  const boost::json::object payload = {{"from", FormatRfc3339Utc(o.from)},
                                       {"to", FormatRfc3339Utc(o.to)},
                                       {"checkpoint_size", o.verification.checkpoint_size},
                                       {"verified", o.verification.ok},
                                       {"pack_json_sha256", pack_sha},
                                       {"index_html_sha256", html_sha}};
  if (Status st = audit::RecordAlone((*database)->pool(), (*database)->recorder(),
                                     "compliance.pack.generated", "compliance-pack",
                                     boost::json::serialize(payload));
      !st.ok()) {
    return Fail(st);
  }
  std::cout << "compliance pack written to " << dir_arg << " (index.html, pack.json, "
            << "checkpoint.txt, verification.txt, oppositions.fhir.json"
            << (security_text.empty() ? "" : ", " + o.security_file) << ")\n"
            << "pack.json sha256 " << pack_sha << "\n"
            << "audit log: " << (o.verification.ok ? "verified, " : "VERIFICATION FAILED, ")
            << o.verification.summary << "\n";
  if (security_text.empty()) {
    std::cout << "no security measures document found: pass --security-doc FILE\n";
  }
  return o.verification.ok ? kExitOk : kExitFailure;
}

}  // namespace garant::cli
