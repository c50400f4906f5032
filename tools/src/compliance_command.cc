// garant compliance consents | pack: what garant hands a CNIL inspector
// (docs/compliance-pack.md). The pack itself is compliance_pack_command.cc.
#include <boost/json.hpp>
#include <iostream>

#include "cli.h"
#include "compliance_pack.h"
#include "garant/audit/recorder.h"
#include "garant/compliance/consent_fhir.h"
#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/runtime/config.h"
#include "garant/runtime/keys.h"

namespace garant::cli {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  garant compliance consents --format fhir [--data-dir D | --config F]\n"
    "    writes the objection registry to standard output as a FHIR R4 Bundle (type\n"
    "    collection) of Consent resources: one per objection, provision deny, scope\n"
    "    research, the patient as a pseudonymous token (never a clear identity).\n"
    "    Recorded in the audit log (compliance.consents.exported).\n"
    "  garant compliance pack DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "                     [--data-dir D | --config F] [--security-doc FILE]\n"
    "    writes a folder for a CNIL control to DIR (new or empty): index.html (French,\n"
    "    static, printable), pack.json (every figure with the SQL and audit index range\n"
    "    it came from), the audit log's latest checkpoint and its verification, the\n"
    "    security measures. --from/--to bound the activity figures (Paris days,\n"
    "    both included; default: everything). Recorded in the audit log\n"
    "    (compliance.pack.generated, with the SHA-256 of pack.json and index.html).\n";

int Consents(const Args& a) {
  if (a.words.size() != 1 || a.Get("format") != std::optional<std::string>("fhir")) {
    std::cerr << "garant: compliance consents needs --format fhir\n" << kUsage;
    return kExitUsage;
  }
  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  auto keys = runtime::LoadKeys(*config);
  if (!keys.ok()) return Fail(keys.status());
  const std::string key_id = consent::PseudonymKeyId(keys->pseudonymisation);
  auto database = Database::Open(a);
  if (!database.ok()) return Fail(database.status());
  std::string bundle;
  size_t count = 0;
  {
    auto conn = (*database)->pool().Acquire();
    if (!conn.ok()) return Fail(conn.status());
    db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
    if (!tx.status().ok()) return Fail(tx.status());
    auto objections = compliance::LoadObjectionConsents(**conn, key_id);
    if (!objections.ok()) return Fail(objections.status());
    count = objections->size();
    compliance::ConsentBundleOptions options{SystemClock::Instance().Now(),
                                             config->controller_name};
    auto rendered = compliance::ConsentBundleJson(*objections, options);
    if (!rendered.ok()) return Fail(rendered.status());
    bundle = std::move(*rendered);
  }
  // The export is recorded before it is handed out: no export without its entry.
  const boost::json::object payload = {
      {"format", "fhir"},
      {"consents", count},
      {"pseudonym_key_id", key_id},
      {"sha256", HexEncode(crypto::Sha256(std::string_view(bundle)))}};
  if (Status st = audit::RecordAlone((*database)->pool(), (*database)->recorder(),
                                     "compliance.consents.exported", "objections",
                                     boost::json::serialize(payload));
      !st.ok()) {
    return Fail(st);
  }
  std::cout << bundle << std::flush;
  return std::cout ? kExitOk : kExitFailure;
}

}  // namespace

int ComplianceCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok() || parsed->words.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  if (a.words[0] == "consents") return Consents(a);
  if (a.words[0] == "pack" && a.words.size() == 2) return CompliancePack(a, a.words[1]);
  std::cerr << kUsage;
  return kExitUsage;
}

}  // namespace garant::cli
