// Verification of a trail export: parse the header, open the checkpoint,
// then for each entry prove its leaves and re-render it (trail_export.h).
// Over 400 lines on purpose: one reader per format's header and entry line,
// and one loop that checks them all in the same order.
#include "garant/access/trail_verify.h"

#include <boost/json.hpp>
#include <cstring>
#include <utility>

#include "garant/access/event.h"
#include "garant/audit/hash.h"
#include "garant/audit/leaf.h"
#include "garant/audit/merkle.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::access {
namespace {

namespace json = boost::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kFhirHead = "{\"resourceType\":\"Bundle\"";

// A problem with an entry (or the header when index is nullopt).
struct Problem {
  std::string what;
  std::optional<uint64_t> index;
};

bool ReadLine(std::istream& in, std::string* line) {
  if (!std::getline(in, *line)) return false;
  if (!in.eof()) *line += '\n';  // keep the terminator: lines are compared exactly
  return true;
}

std::optional<uint64_t> ParseU64(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (s.size() > 1 && s[0] == '0') return std::nullopt;
  return v;
}

// The index an entry line names, found without parsing it (for the message
// when the line no longer parses).
std::optional<uint64_t> GuessIndex(std::string_view line) {
  for (std::string_view key : {"\"index\":", "{\"url\":\"index\",\"valueString\":\""}) {
    size_t at = line.find(key);
    if (at == std::string_view::npos) continue;
    size_t start = at + key.size(), end = start;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
    if (auto v = ParseU64(line.substr(start, end - start))) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Str(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}
std::optional<uint64_t> U64(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (v == nullptr) return std::nullopt;
  if (v->is_uint64()) return v->as_uint64();
  if (v->is_int64() && v->as_int64() >= 0) return static_cast<uint64_t>(v->as_int64());
  return std::nullopt;
}

std::optional<TimePoint> Time(std::string_view s) {
  TimePoint t;
  if (!ParseRfc3339(s, &t)) return std::nullopt;
  return t;
}

Result<audit::Digest> DigestOf(std::string_view b64) {
  GARANT_ASSIGN_OR_RETURN(Bytes b, Base64Decode(b64));
  if (b.size() != audit::kDigestSize) return Status::InvalidArgument("a hash is not 32 bytes");
  audit::Digest d{};
  std::memcpy(d.data(), b.data(), d.size());
  return d;
}

// ---- headers ----

Result<TrailQuery> QueryFrom(const json::object& q) {
  TrailQuery out;
  int keys = 0;
  for (TrailKey k : {TrailKey::kPerson, TrailKey::kAccount, TrailKey::kProject}) {
    if (auto v = Str(q, ToString(k))) {
      out.key = k;
      out.value = *v;
      ++keys;
    }
  }
  if (keys != 1) return Status::InvalidArgument("the query names no key, or more than one");
  if (auto s = Str(q, "from")) {
    out.from = Time(*s);
    if (!out.from) return Status::InvalidArgument("the query's 'from' is not a time");
  }
  if (auto s = Str(q, "to")) {
    out.to = Time(*s);
    if (!out.to) return Status::InvalidArgument("the query's 'to' is not a time");
  }
  return out;
}

// The header of a JSON Lines export or of a CSV sidecar.
Result<TrailHeader> JsonHeader(std::string_view line, std::string_view want_format) {
  json::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("the header is not a JSON object");
  const json::object& o = v.as_object();
  if (U64(o, "garant_trail_export") != 1u || Str(o, "format") != std::string(want_format)) {
    return Status::InvalidArgument("not a garant trail export header (format " +
                                   std::string(want_format) + ")");
  }
  TrailHeader h;
  const json::value* q = o.if_contains("query");
  const json::value* cp = o.if_contains("checkpoint");
  const json::value* ev = o.if_contains("export_event");
  if (q == nullptr || !q->is_object() || cp == nullptr || !cp->is_object() || ev == nullptr ||
      !ev->is_object()) {
    return Status::InvalidArgument("the header lacks query, checkpoint or export_event");
  }
  GARANT_ASSIGN_OR_RETURN(h.query, QueryFrom(q->as_object()));
  const json::object& c = cp->as_object();
  h.cut.note = Str(c, "note").value_or("");
  h.cut.checkpoint.origin = Str(c, "origin").value_or("");
  h.cut.checkpoint.head.size = U64(c, "size").value_or(0);
  GARANT_ASSIGN_OR_RETURN(h.cut.checkpoint.head.root, DigestOf(Str(c, "root").value_or("")));
  auto at = Time(Str(o, "exported_at").value_or(""));
  if (!at) return Status::InvalidArgument("the header's exported_at is not a time");
  h.exported_at = *at;
  h.export_event_id = Str(ev->as_object(), "id").value_or("");
  h.export_event_index = U64(ev->as_object(), "index").value_or(0);
  if (const json::value* pruned = o.if_contains("pruned")) {
    const json::value* n =
        pruned->is_object() ? pruned->as_object().if_contains("entries") : nullptr;
    if (n == nullptr || !n->is_number() || (n->is_int64() && n->as_int64() < 0) || n->is_double()) {
      return Status::InvalidArgument("the header's pruned.entries is not a count");
    }
    h.pruned_entries = n->is_uint64() ? n->as_uint64() : static_cast<uint64_t>(n->as_int64());
  }
  if (want_format == "csv") {
    auto sep = Str(o, "separator").value_or(",");
    if (sep != "," && sep != ";") return Status::InvalidArgument("the separator is ',' or ';'");
    h.separator = sep[0];
  }
  return h;
}

// Sub-extensions of a FHIR complex extension, in order.
std::vector<std::pair<std::string, std::string>> SubExtensions(const json::object& ext) {
  std::vector<std::pair<std::string, std::string>> out;
  const json::value* subs = ext.if_contains("extension");
  if (subs == nullptr || !subs->is_array()) return out;
  for (const auto& s : subs->as_array()) {
    if (!s.is_object()) continue;
    const json::object& so = s.as_object();
    std::string url = Str(so, "url").value_or("");
    std::string value;
    for (const auto& kv : so) {
      if (kv.key().starts_with("value") && kv.value().is_string()) {
        value = std::string(kv.value().as_string());
      }
    }
    out.emplace_back(std::move(url), std::move(value));
  }
  return out;
}

const json::object* FindExtension(const json::object& o, std::string_view url) {
  const json::value* exts = o.if_contains("extension");
  if (exts == nullptr || !exts->is_array()) return nullptr;
  for (const auto& e : exts->as_array()) {
    if (e.is_object() && Str(e.as_object(), "url") == std::string(url)) return &e.as_object();
  }
  return nullptr;
}

Result<TrailHeader> FhirHeader(std::string_view line) {
  std::string text(line);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  text += "}";
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return Status::InvalidArgument("the Bundle's first line does not parse");
  const json::object& b = v.as_object();
  const json::value* meta = b.if_contains("meta");
  if (meta == nullptr || !meta->is_object())
    return Status::InvalidArgument("the Bundle has no meta");
  const json::object* cp = FindExtension(meta->as_object(), kFhirCheckpointUrl);
  const json::object* qx = FindExtension(meta->as_object(), kFhirQueryUrl);
  if (cp == nullptr || qx == nullptr) {
    return Status::InvalidArgument("the Bundle's meta lacks the checkpoint or the query");
  }
  TrailHeader h;
  for (const auto& [url, value] : SubExtensions(*cp)) {
    if (url == "origin") h.cut.checkpoint.origin = value;
    if (url == "size") h.cut.checkpoint.head.size = ParseU64(value).value_or(0);
    if (url == "root") {
      GARANT_ASSIGN_OR_RETURN(h.cut.checkpoint.head.root, DigestOf(value));
    }
    if (url == "note") h.cut.note = value;
  }
  json::object q;
  for (const auto& [url, value] : SubExtensions(*qx)) {
    if (url == "export_event") {
      h.export_event_id = value;
    } else if (url == "export_event_index") {
      h.export_event_index = ParseU64(value).value_or(0);
    } else if (url == "pruned_entries") {
      h.pruned_entries = ParseU64(value);
      if (!h.pruned_entries) return Status::InvalidArgument("pruned_entries is not a count");
    } else if (url == "pruned_scope") {
      // Follows from the query's key; the re-rendered header checks it.
    } else {
      q[url] = value;
    }
  }
  GARANT_ASSIGN_OR_RETURN(h.query, QueryFrom(q));
  auto at = Time(Str(b, "timestamp").value_or(""));
  if (!at) return Status::InvalidArgument("the Bundle's timestamp is not a time");
  h.exported_at = *at;
  return h;
}

// ---- entries ----

// What an entry line carries to be proven: the leaves and their proofs.
struct Carrier {
  uint64_t index = 0;
  Bytes leaf;
  std::vector<audit::Digest> proof;
  struct Finding {
    uint64_t index = 0;
    std::string rule;
    Bytes leaf;
    std::vector<audit::Digest> proof;
  };
  std::vector<Finding> findings;
};

Result<std::vector<audit::Digest>> ProofFrom(const json::value* v) {
  std::vector<audit::Digest> out;
  if (v == nullptr || !v->is_array()) return Status::InvalidArgument("no proof");
  for (const auto& h : v->as_array()) {
    if (!h.is_string()) return Status::InvalidArgument("a proof hash is not a string");
    GARANT_ASSIGN_OR_RETURN(audit::Digest d, DigestOf(h.as_string()));
    out.push_back(d);
  }
  return out;
}

// A JSON Lines entry or a sidecar line.
Result<Carrier> JsonCarrier(std::string_view line) {
  json::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("the line is not a JSON object");
  const json::object& o = v.as_object();
  Carrier c;
  auto index = U64(o, "index");
  if (!index) return Status::InvalidArgument("no index");
  c.index = *index;
  GARANT_ASSIGN_OR_RETURN(c.leaf, Base64Decode(Str(o, "leaf").value_or("")));
  GARANT_ASSIGN_OR_RETURN(c.proof, ProofFrom(o.if_contains("proof")));
  const json::value* fs = o.if_contains("findings");
  if (fs == nullptr || !fs->is_array()) return Status::InvalidArgument("no findings array");
  for (const auto& f : fs->as_array()) {
    if (!f.is_object()) return Status::InvalidArgument("a finding is not an object");
    const json::object& fo = f.as_object();
    Carrier::Finding cf;
    auto fi = U64(fo, "index");
    if (!fi) return Status::InvalidArgument("a finding has no index");
    cf.index = *fi;
    cf.rule = Str(fo, "rule").value_or("");
    GARANT_ASSIGN_OR_RETURN(cf.leaf, Base64Decode(Str(fo, "leaf").value_or("")));
    GARANT_ASSIGN_OR_RETURN(cf.proof, ProofFrom(fo.if_contains("proof")));
    c.findings.push_back(std::move(cf));
  }
  return c;
}

Result<Carrier> FhirCarrier(std::string_view line, uint64_t ordinal) {
  std::string_view prefix = ordinal == 0 ? ",\"entry\":[" : ",";
  if (!line.starts_with(prefix)) return Status::InvalidArgument("not a Bundle entry line");
  json::error_code ec;
  json::value v = json::parse(line.substr(prefix.size()), ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("the entry is not a JSON object");
  const json::value* res = v.as_object().if_contains("resource");
  if (res == nullptr || !res->is_object())
    return Status::InvalidArgument("the entry has no resource");
  const json::value* exts = res->as_object().if_contains("extension");
  if (exts == nullptr || !exts->is_array()) return Status::InvalidArgument("no audit extension");
  Carrier c;
  bool seen = false;
  for (const auto& x : exts->as_array()) {
    if (!x.is_object()) continue;
    std::string url = Str(x.as_object(), "url").value_or("");
    if (url != kFhirEntryUrl && url != kFhirFindingUrl) continue;
    uint64_t index = 0;
    bool has_index = false;
    Bytes leaf;
    std::vector<audit::Digest> proof;
    std::string rule;
    for (const auto& [k, value] : SubExtensions(x.as_object())) {
      if (k == "index") {
        auto i = ParseU64(value);
        if (!i) return Status::InvalidArgument("a bad index");
        index = *i;
        has_index = true;
      } else if (k == "leaf") {
        GARANT_ASSIGN_OR_RETURN(leaf, Base64Decode(value));
      } else if (k == "proof") {
        GARANT_ASSIGN_OR_RETURN(audit::Digest d, DigestOf(value));
        proof.push_back(d);
      } else if (k == "rule") {
        rule = value;
      }
    }
    if (!has_index) return Status::InvalidArgument("an audit extension without index");
    if (url == kFhirEntryUrl) {
      c.index = index;
      c.leaf = std::move(leaf);
      c.proof = std::move(proof);
      seen = true;
    } else {
      c.findings.push_back({index, rule, std::move(leaf), std::move(proof)});
    }
  }
  if (!seen) return Status::InvalidArgument("no audit-entry extension");
  return c;
}

// Proves the carrier's leaves against the checkpoint and builds the entry.
Result<ProvenEntry> Prove(const Carrier& c, const audit::TreeHead& head) {
  auto check = [&](uint64_t index, const Bytes& leaf, const std::vector<audit::Digest>& proof,
                   std::string_view what) -> Status {
    if (index >= head.size) {
      return Status::InvalidArgument(std::string(what) + " index is beyond the checkpoint");
    }
    if (leaf.empty()) return Status::InvalidArgument(std::string(what) + " has no leaf");
    Status st = audit::CheckRecord(proof, head.size, head.root, index, audit::LeafHash(leaf));
    if (!st.ok()) {
      return Status::DataLoss(std::string(what) +
                              "'s inclusion proof does not verify against the checkpoint root");
    }
    return Status::Ok();
  };
  GARANT_RETURN_IF_ERROR(check(c.index, c.leaf, c.proof, "the entry"));
  ProvenEntry p;
  p.entry.index = c.index;
  p.entry.leaf = c.leaf;
  p.proof = c.proof;
  uint64_t last = c.index;
  for (const auto& f : c.findings) {
    GARANT_RETURN_IF_ERROR(check(f.index, f.leaf, f.proof, "a finding"));
    if (f.index <= last) return Status::InvalidArgument("findings out of index order");
    last = f.index;
    auto ev = audit::DecodeLeaf(f.leaf);
    if (!ev.ok() || ev->type != "finding.raised") {
      return Status::DataLoss("a finding's leaf is not a finding.raised entry");
    }
    json::error_code ec;
    json::value pv = json::parse(ev->payload, ec);
    if (ec || !pv.is_object() || U64(pv.as_object(), "event_index") != c.index) {
      return Status::DataLoss("a finding's leaf is about another entry");
    }
    p.entry.findings.push_back({f.index, f.rule, f.leaf});
    p.finding_proofs.push_back(f.proof);
  }
  return p;
}

// The entry answers the export's query (as far as its leaf tells).
Status MatchesQuery(const ProvenEntry& p, const TrailQuery& q) {
  auto ev = audit::DecodeLeaf(p.entry.leaf);
  if (!ev.ok() || !ev->type.starts_with("access.")) {
    return Status::DataLoss("the leaf is not an access event");
  }
  json::error_code ec;
  json::value pv = json::parse(ev->payload, ec);
  if (ec || !pv.is_object()) return Status::DataLoss("the leaf's payload is not an object");
  const json::object& o = pv.as_object();
  if (q.key == TrailKey::kAccount && Str(o, "account") != q.value) {
    return Status::DataLoss("the event is of another account than the query's");
  }
  if (q.key == TrailKey::kProject && Str(o, "project") != q.value) {
    return Status::DataLoss("the event is of another project than the query's");
  }
  if (q.key == TrailKey::kPerson) {
    auto digest = Str(o, "patients_digest");
    if (!digest) return Status::DataLoss("the event names no patients");
    if (U64(o, "patient_count") == 1u && *digest != PatientsDigest({q.value})) {
      return Status::DataLoss("the event's one patient is not the query's person");
    }
  }
  auto occurred = Time(Str(o, "occurred_at").value_or(""));
  if (!occurred || (q.from && *occurred < *q.from) || (q.to && !(*occurred < *q.to))) {
    return Status::DataLoss("the event is outside the query's period");
  }
  return Status::Ok();
}

}  // namespace

bool LooksLikeCsvExport(std::string_view first_line) {
  if (first_line.starts_with(kBom)) first_line.remove_prefix(kBom.size());
  return first_line.starts_with("index,") || first_line.starts_with("index;");
}

Result<ExportVerification> VerifyTrailExport(std::istream& file, std::istream* sidecar,
                                             std::span<const audit::NoteVerifier> verifiers,
                                             std::string_view origin) {
  ExportVerification out;
  std::string first;
  if (!ReadLine(file, &first)) {
    out.problem = "the file is empty";
    out.line = 1;
    return out;
  }
  const bool csv = LooksLikeCsvExport(first);
  const bool fhir = first.starts_with(kFhirHead);
  out.format = csv ? TrailFormat::kCsv : fhir ? TrailFormat::kFhir : TrailFormat::kJsonl;
  if (csv && sidecar == nullptr) {
    return Status::InvalidArgument("a CSV export is verified with its .proofs.jsonl sidecar");
  }
  // Where the proofs are: the file itself, or the sidecar.
  std::istream& proofs = csv ? *sidecar : file;
  const TrailFormat carrier_format = csv ? TrailFormat::kCsvProofs : out.format;
  std::string proof_head = first;
  uint64_t proof_line = 1, file_line = 1;
  auto fail = [&](std::string what, std::optional<uint64_t> index, bool in_sidecar) {
    out.ok = false;
    out.problem = std::move(what);
    out.index = index;
    out.in_sidecar = in_sidecar;
    out.line = in_sidecar ? proof_line : file_line;
    return out;
  };
  if (csv && !ReadLine(proofs, &proof_head))
    return fail("the sidecar is empty", std::nullopt, true);

  Result<TrailHeader> header = fhir  ? FhirHeader(first)
                               : csv ? JsonHeader(proof_head, "csv")
                                     : JsonHeader(first, "jsonl");
  if (!header.ok()) return fail("header: " + header.status().message(), std::nullopt, csv);
  TrailHeader& h = *header;
  out.checkpoint = h.cut.checkpoint;
  auto opened = audit::OpenCheckpoint(h.cut.note, origin, verifiers);
  if (!opened.ok()) {
    return fail("the checkpoint's signature: " + opened.status().message(), std::nullopt, csv);
  }
  if (!(opened->checkpoint.head == h.cut.checkpoint.head) ||
      opened->checkpoint.origin != h.cut.checkpoint.origin) {
    return fail("the header's checkpoint is not the one its signed note states", std::nullopt, csv);
  }
  out.note = h.cut.note;
  // The header lines are exactly what their content renders to.
  for (auto [fmt, line, side] : {std::tuple{out.format, &first, false},
                                 std::tuple{TrailFormat::kCsvProofs, &proof_head, true}}) {
    if (side && !csv) continue;
    auto want = RenderHeader(fmt, h);
    // A CSV's byte-order mark is encoding, not content: tools may drop it.
    auto unmarked = [](std::string_view s) {
      return s.starts_with(kBom) ? s.substr(kBom.size()) : s;
    };
    if (!want.ok() || unmarked(*want) != unmarked(*line)) {
      if (side) proof_line = 1;
      return fail("the header line is not as garant writes it", std::nullopt, side);
    }
  }

  std::optional<uint64_t> previous;
  uint64_t n = 0;
  std::string pline, fline;
  while (true) {
    if (!ReadLine(proofs, &pline)) {
      return fail("the export ends early: no end line (truncated?)", previous, csv);
    }
    ++proof_line;
    if (!csv) file_line = proof_line;
    const bool is_end =
        fhir ? (pline.starts_with("],\"total\":") || pline.starts_with(",\"total\":"))
             : pline.starts_with("{\"end\":");
    if (is_end) {
      if (pline != RenderEnd(carrier_format, n)) {
        return fail("the end line does not count " + std::to_string(n) + " entries", std::nullopt,
                    csv);
      }
      std::string extra;
      if (ReadLine(proofs, &extra)) {
        ++proof_line;
        return fail("text after the end line", std::nullopt, csv);
      }
      if (csv && ReadLine(file, &fline)) {
        ++file_line;
        return fail("the CSV has more rows than its sidecar", std::nullopt, false);
      }
      break;
    }
    Result<Carrier> carrier = fhir ? FhirCarrier(pline, n) : JsonCarrier(pline);
    if (!carrier.ok()) {
      return fail("entry " + (GuessIndex(pline) ? std::to_string(*GuessIndex(pline)) : "?") + ": " +
                      carrier.status().message(),
                  GuessIndex(pline), csv);
    }
    const uint64_t index = carrier->index;
    auto name = [&](const std::string& what) {
      return "entry " + std::to_string(index) + ": " + what;
    };
    if (previous && index <= *previous) {
      return fail(name("entries are not in increasing index order"), index, csv);
    }
    Result<ProvenEntry> proven = Prove(*carrier, h.cut.checkpoint.head);
    if (!proven.ok()) return fail(name(proven.status().message()), index, csv);
    if (Status st = MatchesQuery(*proven, h.query); !st.ok()) {
      return fail(name(st.message()), index, csv);
    }
    auto want = RenderEntry(carrier_format, h, *proven, n);
    if (!want.ok()) return fail(name(want.status().message()), index, csv);
    if (*want != pline) {
      return fail(name("its content does not match its leaf"), index, csv);
    }
    if (csv) {
      if (!ReadLine(file, &fline)) {
        ++file_line;
        return fail(name("the CSV has fewer rows than its sidecar"), index, false);
      }
      ++file_line;
      auto row = RenderEntry(TrailFormat::kCsv, h, *proven, n);
      if (!row.ok() || *row != fline) {
        return fail(name("its CSV row does not match its leaf"), index, false);
      }
    }
    previous = index;
    ++n;
  }
  out.ok = true;
  out.entries = n;
  return out;
}

}  // namespace garant::access
