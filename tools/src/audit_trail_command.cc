// garant audit trail / verify-export (see audit_trail.h).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "audit_trail.h"
#include "client_tls.h"
#include "garant/access/event.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/access/trail_export.h"
#include "garant/access/trail_verify.h"
#include "garant/audit/note.h"
#include "garant/core/clock.h"
#include "garant/core/files.h"
#include "garant/core/random.h"
#include "garant/core/urlencoded.h"
#include "garantd_client.h"
#include "verify_proof.h"

namespace garant::cli {
namespace fs = std::filesystem;

const char* const kTrailUsage =
    "  garant audit trail (--person-token T | --account A | --project P) [--from TIME]\n"
    "                     [--to TIME] --format csv|jsonl|fhir [--sep semicolon] --output FILE\n"
    "                     [--url URL --token-file F [--ca-file CA] [--client-cert C --client-key "
    "K]\n"
    "                      | --data-dir D | --config F]\n"
    "    the access trail of a person (token), an account or a project, [from, to) on the\n"
    "    access time, with the signed checkpoint it was cut from and each entry's inclusion\n"
    "    proof; CSV also writes FILE.proofs.jsonl. Recorded as an access event (export).\n"
    "    With --url over https: --ca-file CA (PEM authorities; default: the system's) and\n"
    "    --client-cert C --client-key K (both or neither: a client certificate and its key,\n"
    "    PEM, the key mode 600), which a server with tls_client_ca_file requires.\n"
    "  garant audit verify-export FILE --key KEY [--proofs SIDECAR]\n"
    "                             [--witness [NAME=]VKEY]... [--quorum N]\n"
    "    checks the checkpoint's signature, each entry's inclusion proof and that each entry\n"
    "    is exactly what its leaf says; exits 0 only when all holds, else names the entry\n"
    "    (its audit index and line) and exits 1. A CSV is checked with FILE.proofs.jsonl.\n"
    "    With --witness (a witness's verifier key, or a file holding one; NAME a label), the\n"
    "    export's checkpoint must also carry valid cosignatures by N of them (default: all):\n"
    "    exit 1 when fewer (NOT YET COSIGNED) or when one of theirs does not verify (FAILED).\n";

namespace {

int Usage(const std::string& why) {
  std::cerr << "garant: " << why << "\n" << kTrailUsage;
  return kExitUsage;
}

// The last line of a file (without its newline), read from its end.
std::string LastLine(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff from = std::max<std::streamoff>(0, size - 65536);
  in.seekg(from);
  std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!tail.empty() && tail.back() == '\n') tail.pop_back();
  size_t nl = tail.rfind('\n');
  return nl == std::string::npos ? tail : tail.substr(nl + 1);
}

std::string FirstLine(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string line;
  std::getline(in, line);
  return line;
}

// The entry count of an end line {"end":{"entries":N}}, or -1.
int64_t EndCount(const std::string& line) {
  const std::string head = "{\"end\":{\"entries\":";
  if (line.rfind(head, 0) != 0 || line.size() < head.size() + 3) return -1;
  std::string digits = line.substr(head.size(), line.size() - head.size() - 2);
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoll(digits);
}

// A key string, or the first line of a file holding one (as `audit verify`).
Result<audit::NoteVerifier> LoadKey(const std::string& key_or_file) {
  std::string key = key_or_file;
  std::error_code ec;
  if (fs::is_regular_file(key_or_file, ec)) {
    std::ifstream in(key_or_file);
    std::getline(in, key);
  }
  while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
  auto v = audit::NoteVerifier::Parse(key);
  if (!v.ok()) return Status::InvalidArgument("--key: " + v.status().message());
  return v;
}

struct Request {
  access::TrailQuery query;
  access::TrailFormat format = access::TrailFormat::kJsonl;
  char separator = ',';
  std::string output;
  runtime::ClientTlsFiles tls;  // --ca-file, --client-cert, --client-key (with --url)
};

Result<Request> ParseRequest(const Args& a) {
  Request r;
  int keys = 0;
  for (auto [flag, key] : {std::pair{"person-token", access::TrailKey::kPerson},
                           std::pair{"account", access::TrailKey::kAccount},
                           std::pair{"project", access::TrailKey::kProject}}) {
    if (auto v = a.Get(flag)) {
      r.query.key = key;
      r.query.value = *v;
      ++keys;
    }
  }
  if (keys != 1) {
    return Status::InvalidArgument("give exactly one of --person-token, --account, --project");
  }
  for (auto [flag, slot] : {std::pair{"from", &r.query.from}, std::pair{"to", &r.query.to}}) {
    if (auto v = a.Get(flag)) {
      TimePoint t;
      if (!ParseRfc3339(*v, &t)) {
        return Status::InvalidArgument(std::string("--") + flag + " must be an RFC 3339 time");
      }
      *slot = t;
    }
  }
  GARANT_RETURN_IF_ERROR(access::ValidateTrailQuery(r.query));
  auto format = access::ParseTrailFormat(a.Get("format").value_or(""));
  if (!format || *format == access::TrailFormat::kCsvProofs) {
    return Status::InvalidArgument("--format must be csv, jsonl or fhir");
  }
  r.format = *format;
  if (auto sep = a.Get("sep")) {
    if (r.format != access::TrailFormat::kCsv) {
      return Status::InvalidArgument("--sep applies to --format csv");
    }
    if (*sep == "semicolon") {
      r.separator = ';';
    } else if (*sep != "comma") {
      return Status::InvalidArgument("--sep must be comma or semicolon");
    }
  }
  auto out = a.Get("output");
  if (!out || out->empty()) return Status::InvalidArgument("--output FILE is required");
  r.output = *out;
  if (a.Has("url") != a.Has("token-file")) {
    return Status::InvalidArgument("--url and --token-file go together");
  }
  if (a.Has("url") && (a.Has("data-dir") || a.Has("config"))) {
    return Status::InvalidArgument("either --url or --data-dir/--config, not both");
  }
  GARANT_ASSIGN_OR_RETURN(r.tls, ClientTlsFlags(a));
  if (!r.tls.certificate_file.empty() && !a.Has("url")) {
    return Status::InvalidArgument("--client-cert and --client-key need --url");
  }
  return r;
}

std::string QueryString(const Request& r, access::TrailFormat format,
                        std::optional<uint64_t> checkpoint) {
  std::string q = "/api/v1/audit/trail?" + std::string(access::ToString(r.query.key)) + "=" +
                  UrlEncode(r.query.value);
  if (r.query.from) q += "&from=" + UrlEncode(FormatRfc3339Utc(*r.query.from));
  if (r.query.to) q += "&to=" + UrlEncode(FormatRfc3339Utc(*r.query.to));
  q += "&format=" + std::string(access::ToString(format));
  if (r.separator == ';') q += "&sep=semicolon";
  if (checkpoint) q += "&checkpoint=" + std::to_string(*checkpoint);
  return q;
}

// The export is complete: its last line is the format's end line.
Status CheckComplete(const fs::path& temp, access::TrailFormat format) {
  const std::string last = LastLine(temp);
  const bool ok = format == access::TrailFormat::kFhir
                      ? last.find("\"total\":") != std::string::npos
                      : EndCount(last) >= 0;
  if (!ok) return Status::Unavailable("the export was cut short (no end line): nothing written");
  return Status::Ok();
}

// The checkpoint size in a sidecar's header line.
Result<uint64_t> SidecarCheckpoint(const fs::path& p) {
  const std::string head = FirstLine(p);
  const std::string key = "\"size\":";
  size_t at = head.find(key);
  if (at == std::string::npos) return Status::DataLoss("the proofs file has no checkpoint");
  size_t end = head.find_first_not_of("0123456789", at + key.size());
  return std::stoull(head.substr(at + key.size(), end - at - key.size()));
}

Status FetchRemote(const Args& a, const Request& r, uint64_t* entries) {
  GARANT_ASSIGN_OR_RETURN(std::string token, ReadServiceTokenFile(*a.Get("token-file")));
  GarantdClient::Options options;
  options.tls = r.tls;
  GARANT_ASSIGN_OR_RETURN(GarantdClient client,
                          GarantdClient::Create(*a.Get("url"), std::move(token), options));
  if (r.format != access::TrailFormat::kCsv) {
    AtomicFile file(r.output, 0640);
    GARANT_RETURN_IF_ERROR(file.Open());
    GARANT_RETURN_IF_ERROR(
        client.GetToStream(QueryString(r, r.format, std::nullopt), file.stream()));
    GARANT_RETURN_IF_ERROR(file.Finish());
    GARANT_RETURN_IF_ERROR(CheckComplete(file.temp_path(), r.format));
    *entries = 0;
    if (r.format == access::TrailFormat::kJsonl) *entries = EndCount(LastLine(file.temp_path()));
    return file.Commit();
  }
  // CSV: the proofs first; then the rows, cut at the same checkpoint.
  AtomicFile proofs(r.output + ".proofs.jsonl", 0640);
  GARANT_RETURN_IF_ERROR(proofs.Open());
  GARANT_RETURN_IF_ERROR(client.GetToStream(
      QueryString(r, access::TrailFormat::kCsvProofs, std::nullopt), proofs.stream()));
  GARANT_RETURN_IF_ERROR(proofs.Finish());
  GARANT_RETURN_IF_ERROR(CheckComplete(proofs.temp_path(), access::TrailFormat::kCsvProofs));
  const int64_t count = EndCount(LastLine(proofs.temp_path()));
  GARANT_ASSIGN_OR_RETURN(uint64_t size, SidecarCheckpoint(proofs.temp_path()));
  AtomicFile csv(r.output, 0640);
  GARANT_RETURN_IF_ERROR(csv.Open());
  GARANT_RETURN_IF_ERROR(
      client.GetToStream(QueryString(r, access::TrailFormat::kCsv, size), csv.stream()));
  GARANT_RETURN_IF_ERROR(csv.Finish());
  int64_t rows = -1;  // the header row
  {
    std::ifstream in(csv.temp_path(), std::ios::binary);
    std::string line;
    while (std::getline(in, line)) ++rows;
  }
  if (rows != count) {
    return Status::Unavailable("the CSV has " + std::to_string(rows) + " rows, its proofs " +
                               std::to_string(count) + ": nothing written");
  }
  *entries = static_cast<uint64_t>(count);
  GARANT_RETURN_IF_ERROR(proofs.Commit());
  return csv.Commit();
}

Status ReadLocal(const Args& a, const Request& r, uint64_t* entries) {
  GARANT_ASSIGN_OR_RETURN(std::unique_ptr<Database> database, Database::Open(a));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, database->pool().Acquire());
  GARANT_ASSIGN_OR_RETURN(access::TrailCut cut, access::CutTrail(*conn));
  // No rule applies to garant's own access events (see trail_routes.cc).
  access::AccessStore store(database->pool(), database->audit_log(), SystemClock::Instance(),
                            SecureRandom::Instance(), access::RuleConfig{});
  access::AccessEvent ev;
  ev.id = SecureRandom::Instance().Uuid4();
  ev.occurred_at = SystemClock::Instance().Now();
  ev.account = std::string(kCliActor);
  ev.action = access::Action::kExport;
  if (r.query.key == access::TrailKey::kPerson) ev.patients = std::vector{r.query.value};
  ev.source = "garant";
  GARANT_ASSIGN_OR_RETURN(auto recorded, store.RecordBatch(std::string(kCliActor), {ev}));
  access::TrailHeader h{r.query, std::move(cut),       ev.occurred_at,
                        ev.id,   recorded.at(0).index, r.separator};
  db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(h.pruned_entries,
                          access::CountPrunedInTrail(*conn, h.query, h.cut.checkpoint.head.size));
  std::optional<AtomicFile> proofs;
  if (r.format == access::TrailFormat::kCsv) {
    proofs.emplace(r.output + ".proofs.jsonl", 0640);
    GARANT_RETURN_IF_ERROR(proofs->Open());
    GARANT_RETURN_IF_ERROR(
        access::WriteTrailExport(*conn, access::TrailFormat::kCsvProofs, h, proofs->stream())
            .status());
  }
  AtomicFile file(r.output, 0640);
  GARANT_RETURN_IF_ERROR(file.Open());
  GARANT_ASSIGN_OR_RETURN(*entries, access::WriteTrailExport(*conn, r.format, h, file.stream()));
  if (proofs) GARANT_RETURN_IF_ERROR(proofs->Commit());
  return file.Commit();
}

}  // namespace

int AuditTrail(const Args& a) {
  if (a.words.size() != 1) return Usage("audit trail takes no positional argument");
  auto r = ParseRequest(a);
  if (!r.ok()) return Usage(r.status().message());
  uint64_t entries = 0;
  Status st = a.Has("url") ? FetchRemote(a, *r, &entries) : ReadLocal(a, *r, &entries);
  if (!st.ok()) return Fail(st);
  std::cout << "wrote the " << access::ToString(r->format) << " trail export to " << r->output;
  if (r->format == access::TrailFormat::kCsv) std::cout << " and " << r->output << ".proofs.jsonl";
  std::cout << "\n";
  // What the export's header states of the events pruned by retention.
  const std::string stated =
      r->format == access::TrailFormat::kCsv ? r->output + ".proofs.jsonl" : r->output;
  if (auto pruned = access::PrunedEntriesOfExport(FirstLine(stated))) {
    std::cout << "pruned: " << *pruned << " access event(s) of the range left out (retention; "
              << (r->query.key == access::TrailKey::kPerson
                      ? "every pruned event of the range, whoever it concerned"
                      : "this " + std::string(access::ToString(r->query.key)) + "'s")
              << ")\n";
  }
  return kExitOk;
}

int AuditVerifyExport(const Args& a) {
  if (a.words.size() != 2) return Usage("verify-export takes one FILE");
  auto k = a.Get("key");
  if (!k) return Usage("--key is required");
  auto verifier = LoadKey(*k);
  if (!verifier.ok()) return Fail(verifier.status());
  std::vector<witness::CosignatureVerifier> witnesses;
  std::map<std::string, std::string> labels;
  size_t quorum = 0;
  if (Status st = ParseWitnessFlags(a, &witnesses, &quorum, &labels); !st.ok()) {
    return Usage(st.message());
  }
  const std::string path = a.words[1];
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(Status::InvalidArgument("cannot read " + path));
  const bool csv = access::LooksLikeCsvExport(FirstLine(path));
  const std::string sidecar_path = a.Get("proofs").value_or(path + ".proofs.jsonl");
  std::ifstream sidecar;
  if (csv) {
    sidecar.open(sidecar_path, std::ios::binary);
    if (!sidecar) {
      return Fail(Status::InvalidArgument("a CSV export is checked with its proofs: cannot read " +
                                          sidecar_path));
    }
  }
  std::vector<audit::NoteVerifier> verifiers = {*verifier};
  auto report =
      access::VerifyTrailExport(file, csv ? &sidecar : nullptr, verifiers, verifier->name());
  if (!report.ok()) return Fail(report.status());
  if (report->ok) {
    std::cout << "OK: " << report->entries << " entries of a " << access::ToString(report->format)
              << " trail export verified\n"
              << "checkpoint: " << report->checkpoint.origin << " size "
              << report->checkpoint.head.size << " root "
              << Base64Encode(report->checkpoint.head.root) << "\n";
    // With --witness: the export's checkpoint must carry the quorum's
    // cosignatures (the one history the witnesses saw).
    if (witnesses.empty()) return kExitOk;
    return ReportCosignatures(report->note, witnesses, quorum, "the export's checkpoint", labels);
  }
  std::cout << "FAILED: " << report->problem << " (line " << report->line << " of "
            << (report->in_sidecar ? sidecar_path : path) << ")\n";
  if (report->index) std::cout << "bad entry index: " << *report->index << "\n";
  return kExitFailure;
}

}  // namespace garant::cli
