// garant audit export|verify: the auditor's offline tools.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "audit_export.h"
#include "audit_source.h"
#include "audit_trail.h"
#include "cli.h"
#include "client_tls.h"
#include "garant/audit/note.h"
#include "garant/audit/pg_log_source.h"
#include "garant/audit/verifier.h"
#include "garantd_client.h"
#include "verify_proof.h"

namespace garant::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  garant audit export DIR (--data-dir D | --config F)\n"
    "    writes the signed audit log to the empty directory DIR (tlog-tiles layout, entry\n"
    "    bundles, hash chain, checkpoints, public key, README.md for the auditor)\n"
    "  garant audit verify (URL | DIR) --key KEY [--checkpoint OLD_CHECKPOINT_FILE]\n"
    "                     [--ca-file F] [--client-cert C --client-key K] [--token-file T]\n"
    "  garant audit verify (--data-dir D | --config F) [--key KEY] [--checkpoint FILE]\n"
    "    checks the checkpoint signature, every leaf hash, the hash chain (when available),\n"
    "    the Merkle tree and the consistency with OLD_CHECKPOINT_FILE; exits 0 only when\n"
    "    all holds, else names the first bad index and the kind of damage and exits 1.\n"
    "    KEY is the verifier key (name+id+base64, from /api/v1/audit/public-key) or a file\n"
    "    holding it. URL is the server, e.g. http://127.0.0.1:8080/ or\n"
    "    https://audit.example.org/. Over https the server's certificate must be signed by\n"
    "    an authority of --ca-file F (PEM; default: the system's authorities) and name the\n"
    "    host; otherwise nothing is read, the refusal is printed and the exit status is 1.\n"
    "    --client-cert C --client-key K (both or neither): a client certificate (PEM) and its\n"
    "    key (PEM, mode 600) presented over https; a server with tls_client_ca_file refuses a\n"
    "    service token without one (401).\n"
    "    A server gives its entry bundles (the leaves) to auditors only: --token-file T\n"
    "    names a file (mode 0600) holding an auditor token (garant token create NAME\n"
    "    --role auditor), sent as 'Authorization: Bearer'; it is never printed. Without\n"
    "    it, such a server answers 401 and verification fails saying so. Checkpoints\n"
    "    and hash tiles are public. With --witness [NAME=]VKEY (repeated) [--quorum N], the "
    "latest\n"
    "    checkpoint must also carry N of those witnesses' cosignatures (default: all);\n"
    "    otherwise NOT YET COSIGNED and exit 1 (a server's /tlog/checkpoint carries them).\n"
    "  garant audit public-key (--data-dir D | --config F)\n"
    "  garant audit verify-proof FILE --key KEY [--witness VKEY]... [--quorum N]\n"
    "    verifies a receipt (.tlog-proof) offline: the log's signature, the entry's inclusion\n"
    "    and the cosignatures of the witnesses given (VKEY: a witness's verifier key or a file\n"
    "    holding it); says what it proves, in English and French. Exits 0 when valid and\n"
    "    cosigned by N witnesses (default: all those given), 1 when invalid or not yet\n"
    "    cosigned.\n"
    "  garant audit prune [--dry-run] (--data-dir D | --config F)\n"
    "    retention: removes the content of access entries older than\n"
    "    audit_retention_access_days and of staff entries older than\n"
    "    audit_retention_staff_days (365 each by default), and the patients of those access\n"
    "    events; leaf hashes, chain, tiles and checkpoints stay, so the log still verifies\n"
    "    (pruned entries are reported as pruned). Objections and every other family are\n"
    "    never pruned. Runs as the owner role and is recorded as an audit.pruned entry.\n"
    "    --dry-run counts what would go and changes nothing.\n";

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A key string, or the first line of a file holding one.
Result<audit::NoteVerifier> LoadVerifier(const std::string& key_or_file) {
  std::string key = key_or_file;
  std::error_code ec;
  if (fs::is_regular_file(key_or_file, ec)) {
    GARANT_ASSIGN_OR_RETURN(key, ReadText(key_or_file));
    key = key.substr(0, key.find('\n'));
  }
  while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
  auto v = audit::NoteVerifier::Parse(key);
  if (!v.ok()) return Status::InvalidArgument("--key: " + v.status().message());
  return v;
}

int Report(const Result<audit::VerifyReport>& report) {
  if (!report.ok()) {
    std::cerr << "garant: audit log verification FAILED: " << report.status().message() << "\n";
    return kExitFailure;
  }
  const audit::VerifyReport& r = *report;
  if (r.ok()) {
    if (r.pruned > 0) {
      std::cout << "pruned: " << r.pruned << " entries (retention; content removed, hashes kept): "
                << audit::PrunedRanges(r.pruned_ranges) << "\n";
    }
    std::cout << "OK: " << r.Summary() << "\n"
              << "checkpoint: " << r.checkpoint.origin << " size " << r.checkpoint.head.size
              << " root " << Base64Encode(r.checkpoint.head.root) << "\n";
    return kExitOk;
  }
  std::cout << "FAILED: " << r.Summary() << "\n";
  if (r.kind != audit::DamageKind::kNone) {
    std::cout << "first bad index: " << r.index << "\n"
              << "kind: " << audit::DamageKindName(r.kind) << "\n";
  }
  for (const auto& c : r.rejected_checkpoints) {
    std::cout << "rejected checkpoint: " << c.substr(0, c.find('\n')) << "\n";
  }
  return kExitFailure;
}

int Verify(const Args& a) {
  const bool https = a.words.size() == 2 && a.words[1].starts_with("https://");
  if (a.Has("ca-file") && !https) {
    std::cerr << "garant: --ca-file applies to an https:// URL only\n" << kUsage;
    return kExitUsage;
  }
  auto tls_files = ClientTlsFlags(a);
  if (!tls_files.ok()) {
    std::cerr << "garant: " << tls_files.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (!tls_files->certificate_file.empty() && !https) {
    std::cerr << "garant: --client-cert and --client-key apply to an https:// URL only\n" << kUsage;
    return kExitUsage;
  }
  audit::VerifyOptions options;
  std::optional<audit::NoteVerifier> verifier;
  if (auto k = a.Get("key")) {
    auto v = LoadVerifier(*k);
    if (!v.ok()) return Fail(v.status());
    verifier = *v;
  } else if (a.words.size() == 1 && (a.Has("data-dir") || a.Has("config"))) {
    auto key = ConfiguredVerifierKey(a);
    if (!key.ok()) return Fail(key.status());
    auto v = LoadVerifier(*key);
    if (!v.ok()) return Fail(v.status());
    verifier = *v;
  } else {
    std::cerr << "garant: --key is required\n" << kUsage;
    return kExitUsage;
  }
  options.origin = verifier->name();
  options.verifiers = {*verifier};
  std::vector<witness::CosignatureVerifier> witnesses;
  std::map<std::string, std::string> labels;
  size_t quorum = 0;
  if (Status st = ParseWitnessFlags(a, &witnesses, &quorum, &labels); !st.ok()) return Fail(st);
  // With --witness: the latest checkpoint must also carry the quorum's cosignatures.
  auto report = [&](audit::LogSource& source) {
    const int rc = Report(audit::VerifyLog(source, options));
    if (rc != kExitOk || witnesses.empty()) return rc;
    Result<std::string> note = source.LatestCheckpoint();
    if (!note.ok()) return Fail(note.status());
    return ReportCosignatures(*note, witnesses, quorum, "the latest checkpoint", labels);
  };
  if (auto c = a.Get("checkpoint")) {
    auto text = ReadText(*c);
    if (!text.ok()) return Fail(text.status());
    options.trusted_checkpoints.push_back(*text);
  }

  const bool remote = a.words.size() == 2 &&
                      (a.words[1].starts_with("http://") || a.words[1].starts_with("https://"));
  std::string bearer;
  if (a.Has("token-file")) {
    if (!remote) {
      std::cerr << "garant: --token-file applies to an http:// or https:// URL only\n" << kUsage;
      return kExitUsage;
    }
    auto token = ReadServiceTokenFile(*a.Get("token-file"));
    if (!token.ok()) {
      std::cerr << "garant: " << token.status().message() << "\n";
      return kExitUsage;
    }
    bearer = std::move(*token);
  }

  if (a.words.size() == 1) {  // the database itself
    auto database = Database::Open(a);
    if (!database.ok()) return Fail(database.status());
    auto conn = (*database)->pool().Acquire();
    if (!conn.ok()) return Fail(conn.status());
    db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
    if (!tx.status().ok()) return Fail(tx.status());
    audit::PgLogSource source(**conn);
    return report(source);
  }

  const std::string& target = a.words[1];
  std::unique_ptr<TileFetcher> fetcher;
  if (remote) {
    auto f = RemoteFetcher(target, *tls_files, bearer);
    if (!f.ok()) return Fail(f.status());
    fetcher = std::move(*f);
  } else {
    std::error_code ec;
    if (!fs::is_directory(target, ec)) {
      std::cerr << "garant: " << target << " is neither a URL nor a directory\n";
      return kExitUsage;
    }
    fetcher = DirectoryFetcher(target);
  }
  audit::TiledLogSource source(*fetcher);
  return report(source);
}

}  // namespace

int AuditCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {"dry-run"});
  if (!parsed.ok() || parsed->words.empty()) {
    std::cerr << kUsage << kTrailUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  const std::string& verb = a.words[0];
  if (verb == "verify" && a.words.size() <= 2) return Verify(a);
  if (verb == "trail") return AuditTrail(a);
  if (verb == "prune" && a.words.size() == 1 && (a.Has("config") || a.Has("data-dir"))) {
    return AuditPrune(a);
  }
  if (verb == "verify-export") return AuditVerifyExport(a);
  if (verb == "verify-proof") return AuditVerifyProof(a);
  if (verb == "export" && a.words.size() == 2) {
    auto summary = ExportAuditLog(a, a.words[1]);
    if (!summary.ok()) return Fail(summary.status());
    std::cout << "exported " << summary->entries << " entries and " << summary->checkpoints + 1
              << " checkpoint(s) to " << a.words[1] << " (" << summary->files << " files)\n";
    return kExitOk;
  }
  if (verb == "public-key" && a.words.size() == 1) {
    auto key = ConfiguredVerifierKey(a);
    if (!key.ok()) return Fail(key.status());
    std::cout << *key << "\n";
    return kExitOk;
  }
  std::cerr << kUsage << kTrailUsage;
  return kExitUsage;
}

}  // namespace garant::cli
