// garant filter: the ingestion filter (docs/exclusion-lists.md §6).
//
// Order of work, so that an unusable list never lets a record through and a
// failure never leaves a half-written file: (1) read the keys and the list and
// verify the list completely (exit 2, nothing written, no record read);
// (2) stream the records into temporary files beside the targets; (3) on
// success fsync and rename them into place; on any failure delete them.
// With --server the list is fetched from garantd (filter_remote.h) and goes
// through the same verification; once the outputs are in place the run is
// recorded in garantd's audit log, and the report (written last) names the
// audit entry. A run that could not be recorded exits 3, its outputs kept.

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "client_tls.h"
#include "filter_remote.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/filter.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/config.h"
#include "garant/core/files.h"

namespace garant::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: garant filter (--exclusions LIST.json | --server URL --token-file F [--save-list F]\n"
    "                      [--ca-file F] [--client-cert C --client-key K])\n"
    "                     --verify-key KEY --pseudonym-key KEY\n"
    "                     [--input F] [--output F] [--rejects F] [--report F]\n"
    "                     [--project REF] [--format jsonl|csv]\n"
    "                     [--fields birth_name=NAME,given_names=NAME,...]\n"
    "                     [--rpps-field NAME] [--professional-flag-field NAME]\n"
    "  --exclusions     the signed exclusion list, from a file\n"
    "  --server         or fetch it from garantd (https://host[:port], or http:// on the\n"
    "                   host itself), with the ingestion service token held in --token-file\n"
    "                   (mode 600); the run is then recorded in garantd's audit log (event\n"
    "                   filter.run). --ca-file F: PEM authorities for https (default: system)\n"
    "  --client-cert C --client-key K: with --server, a client certificate (PEM) and its\n"
    "                   key (PEM, mode 600) presented over https (garantd with\n"
    "                   tls_client_ca_file requires one with service tokens); both or neither\n"
    "  --save-list      with --server: keep the fetched list in this file (written on success)\n"
    "  --verify-key     file holding the Ed25519 public key of the list signer (64 hex)\n"
    "  --pseudonym-key  file holding the 32-byte pseudonymisation key (64 hex)\n"
    "  --rpps-field     the member (CSV: column) holding a health professional's RPPS\n"
    "                   number (default rpps): replaced by its token; when the professional\n"
    "                   objected, removed and --professional-flag-field (default\n"
    "                   professional_objection) is set to true. The record is kept.\n"
    "  --input/--output default to stdin/stdout; rejects and report default to stderr.\n"
    "  The list is verified (signature, digest, count, expiry, key ids) before any record\n"
    "  is read; exit 2 if it is unusable or cannot be fetched, with nothing written.\n"
    "exit: 0 done, 1 I/O failure (nothing left behind), 2 usage error or unusable list,\n"
    "      3 filtered (outputs written) but the run could not be recorded in the audit log\n";

constexpr int kExitNotRecorded = 3;

// The outputs: written beside their targets, renamed over them on Commit
// (deleted when not committed), with the permissions of a plain new file.
constexpr mode_t kOutputMode = 0666;

// 32 bytes from a file of 64 hex digits (surrounding white space allowed).
Result<std::array<uint8_t, 32>> ReadHexKey(const std::string& path, const char* what, bool secret) {
  std::string text;
  if (secret) {
    GARANT_ASSIGN_OR_RETURN(Bytes b, ReadSecretFile(path));
    text.assign(b.begin(), b.end());
  } else {
    GARANT_ASSIGN_OR_RETURN(text, ReadFile(path));
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  std::array<uint8_t, 32> key;
  if (!HexDecodeInto(std::string_view(text).substr(start), key)) {
    return Status::InvalidArgument(std::string(what) + " " + path +
                                   " must hold 32 bytes as 64 hex digits");
  }
  return key;
}

Status ApplyFieldMapping(const std::string& spec, consent::FieldNames* f) {
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      return Status::InvalidArgument("--fields: expected FIELD=NAME, got '" + item + "'");
    }
    std::string field = item.substr(0, eq), name = item.substr(eq + 1);
    std::string* target = field == "birth_name"    ? &f->birth_name
                          : field == "used_name"   ? &f->used_name
                          : field == "given_names" ? &f->given_names
                          : field == "birth_date"  ? &f->birth_date
                          : field == "sex"         ? &f->sex
                          : field == "ins"         ? &f->ins
                          : field == "birth_place" ? &f->birth_place
                                                   : nullptr;
    if (target == nullptr)
      return Status::InvalidArgument("--fields: unknown field '" + field + "'");
    *target = name;
  }
  return Status::Ok();
}

int Unusable(const std::string& what) {
  std::cerr << "garant filter: " << what << "\n"
            << "garant filter: refusing to filter: nothing was read or written\n";
  return kExitUsage;
}

}  // namespace

int FilterCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok()) {
    std::cerr << "garant filter: " << parsed.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  for (const auto& [flag, value] : a.flags) {
    static const std::vector<std::string> kKnown = {
        "exclusions",  "verify-key", "pseudonym-key", "input",
        "output",      "rejects",    "report",        "project",
        "format",      "fields",     "server",        "token-file",
        "save-list",   "ca-file",    "rpps-field",    "professional-flag-field",
        "client-cert", "client-key"};
    if (std::find(kKnown.begin(), kKnown.end(), flag) == kKnown.end()) {
      std::cerr << "garant filter: unknown option --" << flag << "\n" << kUsage;
      return kExitUsage;
    }
  }
  if (!a.words.empty() || !a.Has("verify-key") || !a.Has("pseudonym-key")) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (a.Has("exclusions") == a.Has("server")) {
    std::cerr << "garant filter: give either --exclusions FILE or --server URL (exactly one)\n"
              << kUsage;
    return kExitUsage;
  }
  if (a.Has("server") != a.Has("token-file") ||
      ((a.Has("save-list") || a.Has("ca-file") || a.Has("client-cert") || a.Has("client-key")) &&
       !a.Has("server"))) {
    std::cerr << "garant filter: --token-file goes with --server (and is required by it); "
                 "--save-list, --ca-file, --client-cert and --client-key need --server\n";
    return kExitUsage;
  }
  auto tls_files = ClientTlsFlags(a);
  if (!tls_files.ok()) {
    std::cerr << "garant filter: " << tls_files.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  std::optional<GarantdClient> client;
  if (auto url = a.Get("server")) {
    auto token = ReadServiceTokenFile(*a.Get("token-file"));
    if (!token.ok()) return Unusable(token.status().message());
    GarantdClient::Options o;
    o.tls = *tls_files;
    auto c = GarantdClient::Create(*url, std::move(*token), o);
    if (!c.ok()) return Unusable(c.status().message());
    client.emplace(std::move(*c));
  }

  // ---- 1. keys and list, fully verified before anything else ----
  auto verify_key = ReadHexKey(*a.Get("verify-key"), "verify key", /*secret=*/false);
  if (!verify_key.ok()) return Unusable(verify_key.status().message());
  auto pseudonym_key = ReadHexKey(*a.Get("pseudonym-key"), "pseudonym key", /*secret=*/true);
  if (!pseudonym_key.ok()) return Unusable(pseudonym_key.status().message());

  std::optional<std::string> project_scope;
  if (auto p = a.Get("project")) {
    project_scope = consent::ProjectScope(*p);
    if (!consent::IsValidScope(*project_scope)) {
      std::cerr << "garant filter: --project: not a project reference\n";
      return kExitUsage;
    }
  }
  consent::FilterOptions options;
  if (auto f = a.Get("fields")) {
    if (Status st = ApplyFieldMapping(*f, &options.fields); !st.ok()) {
      std::cerr << "garant filter: " << st.message() << "\n";
      return kExitUsage;
    }
  }
  if (auto v = a.Get("rpps-field")) options.rpps_field = *v;
  if (auto v = a.Get("professional-flag-field")) options.flag_field = *v;
  {
    const consent::FieldNames& f = options.fields;
    const std::vector<std::string> taken = {
        f.birth_name, f.used_name, f.given_names, f.birth_date,
        f.sex,        f.ins,       f.birth_place, std::string(consent::kPersonTokenField)};
    for (const auto& [flag, name] : {std::pair{"--rpps-field", &options.rpps_field},
                                     std::pair{"--professional-flag-field", &options.flag_field}}) {
      if (name->empty() || name->size() > 64 ||
          std::find(taken.begin(), taken.end(), *name) != taken.end()) {
        std::cerr << "garant filter: " << flag
                  << ": must be 1 to 64 bytes and not an identity field or person_token\n";
        return kExitUsage;
      }
    }
    if (options.rpps_field == options.flag_field) {
      std::cerr << "garant filter: --rpps-field and --professional-flag-field must differ\n";
      return kExitUsage;
    }
  }
  consent::RecordFormat format = consent::RecordFormat::kJsonLines;
  std::string format_name = a.Get("format").value_or("");
  if (format_name.empty()) {
    format_name = a.Get("input").value_or("").ends_with(".csv") ? "csv" : "jsonl";
  }
  if (format_name == "csv") {
    format = consent::RecordFormat::kCsv;
  } else if (format_name != "jsonl") {
    std::cerr << "garant filter: --format must be jsonl or csv\n";
    return kExitUsage;
  }

  const std::string key_id = consent::ListPseudonymKeyId(*pseudonym_key);
  const std::string list_path =
      client ? client->base_url() + "/api/v1/exclusions/current" : *a.Get("exclusions");
  auto document = client ? FetchCurrentList(*client, key_id) : ReadFile(list_path);
  if (!document.ok())
    return Unusable("cannot read the exclusion list: " + document.status().message());
  const TimePoint started = SystemClock::Instance().Now();
  consent::VerifyOptions vo;
  vo.verify_key = *verify_key;
  vo.now = started;
  vo.expected_pseudonym_key_id = key_id;
  auto list = consent::VerifyExclusionList(*document, vo);
  if (!list.ok()) {
    return Unusable("exclusion list " + list_path + " is unusable: " + list.status().message());
  }
  std::optional<AtomicFile> list_file;  // --save-list: made visible with the outputs
  if (auto p = a.Get("save-list")) {
    list_file.emplace(*p, kOutputMode);
    if (Status st = list_file->Open(); !st.ok()) {
      std::cerr << "garant filter: " << st.message() << "\n";
      return kExitFailure;
    }
    list_file->stream() << *document;
  }
  document->clear();
  document->shrink_to_fit();
  const consent::ListHeader header = list->header;
  consent::ExclusionIndex index = consent::ExclusionIndex::Build(*list, project_scope);
  const consent::ExclusionIndex professionals = consent::ExclusionIndex::BuildProfessionals(*list);
  options.professionals = &professionals;
  *list = consent::ExclusionList{};  // the index is all we need now
  options.current_year = std::stoi(FormatRfc3339Utc(started).substr(0, 4));

  // ---- 2. stream the records into temporary files ----
  std::ifstream input_file;
  std::istream* in = &std::cin;
  std::string input_name = "-";
  if (auto p = a.Get("input"); p && *p != "-") {
    input_file.open(*p, std::ios::binary);
    if (!input_file) {
      std::cerr << "garant filter: cannot open the input " << *p << "\n";
      return kExitFailure;
    }
    in = &input_file;
    input_name = *p;
  }
  std::optional<AtomicFile> out_file, rejects_file, report_file;
  auto open = [](std::optional<AtomicFile>& f, const std::optional<std::string>& path) -> Status {
    if (!path || *path == "-") return Status::Ok();
    f.emplace(*path, kOutputMode);
    return f->Open();
  };
  for (auto [file, flag] : {std::pair{&out_file, "output"}, std::pair{&rejects_file, "rejects"},
                            std::pair{&report_file, "report"}}) {
    if (Status st = open(*file, a.Get(flag)); !st.ok()) {
      std::cerr << "garant filter: " << st.message() << "\n";
      return kExitFailure;
    }
  }
  std::ostream& out = out_file ? out_file->stream() : std::cout;
  std::ostream& rejects = rejects_file ? rejects_file->stream() : std::cerr;

  consent::RecordFilter filter(index, *pseudonym_key, options);
  auto report = consent::FilterStream(filter, format, *in, out, rejects);
  if (!report.ok()) {
    std::cerr << "garant filter: " << report.status().message()
              << " (no output file was written)\n";
    return report.status().code() == Code::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  const TimePoint finished = SystemClock::Instance().Now();

  boost::json::object r;
  r["format"] = "garant-filter-report-v1";
  r["list_version"] = header.version;
  r["list_digest"] = header.digest;
  r["list_issued_at"] = header.issued_at;
  r["list_expires_at"] = header.expires_at;
  r["pseudonym_key_id"] = header.pseudonym_key_id;
  r["signing_key_id"] = header.signing_key_id;
  r["project"] = project_scope ? boost::json::value(*a.Get("project")) : boost::json::value();
  r["record_format"] = format_name;
  r["input"] = input_name;
  r["input_sha256"] = report->input_sha256;
  r["records"] = report->counts.records;
  r["kept"] = report->counts.kept;
  r["excluded"] = report->counts.excluded;
  r["rejected"] = report->counts.rejected;
  r["rpps_field"] = options.rpps_field;
  r["rpps_tokenised"] = report->counts.rpps_tokenised;
  r["professional_flagged"] = report->counts.professional_flagged;
  r["started_at"] = FormatRfc3339Utc(started);
  r["finished_at"] = FormatRfc3339Utc(finished);

  // ---- 3. make the files visible, output first and report last ----
  // With --server the run is recorded once the outputs are visible, and the
  // report, which names the audit entry, is written afterwards.
  std::vector<std::optional<AtomicFile>*> files = {&list_file, &out_file, &rejects_file};
  if (!client) files.push_back(&report_file);
  if (!client && report_file) report_file->stream() << boost::json::serialize(r) << "\n";
  if (!out_file) std::cout.flush();
  for (auto* f : files) {
    if (!*f) continue;
    if (Status st = (*f)->Finish(); !st.ok()) {
      std::cerr << "garant filter: " << st.message() << " (no output file was written)\n";
      return kExitFailure;
    }
  }
  for (auto* f : files) {
    if (!*f) continue;
    if (Status st = (*f)->Commit(); !st.ok()) {
      std::cerr << "garant filter: " << st.message() << "\n";
      return kExitFailure;
    }
  }
  int exit_code = kExitOk;
  if (client) {
    FilterRunFacts run{header,
                       project_scope ? a.Get("project") : std::nullopt,
                       format_name,
                       report->input_sha256,
                       report->counts,
                       FormatRfc3339Utc(started),
                       FormatRfc3339Utc(finished),
                       options.rpps_field};
    auto recorded = RecordFilterRun(*client, run);
    r["server"] = client->base_url();
    r["audit_event_id"] = FilterRunEventId(run);
    r["audit_index"] = recorded.ok() && recorded->index ? boost::json::value(*recorded->index)
                                                        : boost::json::value();
    if (recorded.ok()) {
      std::cerr << "garant filter: run recorded in the audit log"
                << (recorded->index ? " at index " + std::to_string(*recorded->index) : "")
                << " (event " << recorded->event_id << ")\n";
    } else {
      std::cerr << "garant filter: the records were filtered and the outputs written, but the "
                   "run could not be recorded in the audit log: "
                << recorded.status().message() << "\n";
      exit_code = kExitNotRecorded;
    }
  }
  const std::string report_text = boost::json::serialize(r) + "\n";
  if (client && report_file) {
    report_file->stream() << report_text;
    Status st = report_file->Finish();
    if (st.ok()) st = report_file->Commit();
    if (!st.ok()) {
      std::cerr << "garant filter: the report was not written: " << st.message() << "\n";
      return exit_code == kExitOk ? kExitFailure : exit_code;
    }
  }
  std::cerr << "garant filter: list version " << header.version << ", " << report->counts.records
            << " records: " << report->counts.kept << " kept, " << report->counts.excluded
            << " excluded, " << report->counts.rejected << " rejected; "
            << report->counts.rpps_tokenised << " RPPS tokenised, "
            << report->counts.professional_flagged << " flagged (professional objection)\n";
  if (!report_file) std::cerr << report_text;
  return exit_code;
}

}  // namespace garant::cli
