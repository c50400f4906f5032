// Trail exports without a database: a small log in memory (leaves, tree,
// a signed checkpoint), each format rendered and verified, then damaged one
// byte at a time: the verifier must fail and name the entry.
#include "garant/access/trail_export.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "garant/access/event.h"
#include "garant/access/trail_verify.h"
#include "garant/audit/leaf.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"

namespace garant::access {
namespace {

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const std::string kTok(64, 'a');

Bytes Leaf(const audit::Event& e) {
  auto b = audit::EncodeLeaf(e);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return *b;
}

// A log of 6 leaves: 0 other, 1 access (kTok, one patient), 2 its finding,
// 3 other, 4 access (kTok and another), 5 other; signed at size 6.
class TrailExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Ed25519Seed seed{};
    seed[0] = 7;
    auto signer = audit::NoteSigner::Ed25519("garant.test/log", seed);
    ASSERT_TRUE(signer.ok());
    signer_.emplace(*signer);
    auto other = [&](int i) {
      return Leaf({"00000000-0000-4000-8000-00000000000" + std::to_string(i), "staff.login",
                   T("2026-12-01T08:00:00Z"), "staff:1", "staff/x", "{}"});
    };
    AccessEvent a;
    a.id = "11111111-1111-4111-8111-111111111111";
    a.occurred_at = T("2026-12-01T09:00:00Z");
    a.account = "chercheur.moreau";
    a.account_role = "chercheur";
    a.organisation = "CHU \"Lyon\", site; nord";
    a.action = Action::kExport;
    a.purpose = "research";
    a.project = "CONTACT-2026-001";
    a.decision = 3;
    a.patients = std::vector<std::string>{kTok};
    a.export_info = ExportInfo{"=cohorte.csv", std::string(64, 'e'), 1234, "enclave"};
    a.source = "entrepot";
    a.client_address = "10.0.0.8";
    AccessEvent b = a;
    b.id = "22222222-2222-4222-8222-222222222222";
    b.occurred_at = T("2026-12-01T10:00:00Z");
    b.action = Action::kView;
    b.export_info.reset();
    b.patients = std::vector<std::string>{kTok, std::string(64, 'b')};
    b.outcome = Outcome::kDenied;
    leaves_ = {
        other(0),
        Leaf({a.id, LeafType(a), T("2026-12-01T09:00:01Z"), "service:7", LeafObject(a),
              LeafPayload(a, 0)}),
        Leaf({"33333333-3333-4333-8333-333333333333", "finding.raised", T("2026-12-01T09:00:01Z"),
              "service:garantd", "access-event/" + a.id,
              R"({"rule":"export_without_authorisation","severity":"critical","event_id":")" +
                  a.id + R"(","event_index":1,"explanation":"Export.","facts":{}})"}),
        other(3),
        Leaf({b.id, LeafType(b), T("2026-12-01T10:00:01Z"), "service:7", LeafObject(b),
              LeafPayload(b, 0)}),
        other(5)};
    std::vector<audit::Digest> hashes;
    for (const auto& l : leaves_) hashes.push_back(audit::LeafHash(l));
    reader_ = std::make_unique<audit::LeafHashesReader>(hashes);
    audit::Checkpoint cp{"garant.test/log", {6, *audit::TreeHash(6, *reader_)}, {}};
    auto text = audit::FormatCheckpoint(cp);
    ASSERT_TRUE(text.ok());
    std::vector<audit::NoteSigner> signers = {*signer_};
    auto note = audit::SignNote(*text, signers);
    ASSERT_TRUE(note.ok());
    header_.query = {TrailKey::kPerson, kTok, T("2026-12-01T00:00:00Z"), std::nullopt};
    header_.cut = {*note, cp};
    header_.exported_at = T("2026-12-02T08:00:00Z");
    header_.export_event_id = "44444444-4444-4444-8444-444444444444";
    header_.export_event_index = 7;
  }

  ProvenEntry Entry(uint64_t index, std::vector<uint64_t> findings = {}) {
    ProvenEntry p;
    p.entry.index = index;
    p.entry.leaf = leaves_[index];
    p.proof = *audit::ProveRecord(6, index, *reader_);
    for (uint64_t f : findings) {
      p.entry.findings.push_back({f, "export_without_authorisation", leaves_[f]});
      p.finding_proofs.push_back(*audit::ProveRecord(6, f, *reader_));
    }
    return p;
  }

  // The whole export of entries 1 (with finding 2) and 4.
  std::string Render(TrailFormat f) {
    std::string out = *RenderHeader(f, header_);
    out += *RenderEntry(f, header_, Entry(1, {2}), 0);
    out += *RenderEntry(f, header_, Entry(4), 1);
    return out + RenderEnd(f, 2);
  }

  ExportVerification Verify(const std::string& file, const std::string* sidecar = nullptr) {
    std::istringstream in(file);
    std::istringstream side(sidecar ? *sidecar : "");
    std::vector<audit::NoteVerifier> verifiers = {signer_->Verifier()};
    auto r = VerifyTrailExport(in, sidecar ? &side : nullptr, verifiers, "garant.test/log");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ExportVerification{};
  }

  std::optional<audit::NoteSigner> signer_;
  std::vector<Bytes> leaves_;
  std::unique_ptr<audit::LeafHashesReader> reader_;
  TrailHeader header_;
};

TEST_F(TrailExportTest, JsonLinesVerifiesAndCarriesCheckpointLeavesAndProofs) {
  const std::string text = Render(TrailFormat::kJsonl);
  auto v = Verify(text);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 2u);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  auto head = boost::json::parse(line).as_object();
  EXPECT_EQ(head.at("checkpoint").at("size").as_int64(), 6);
  EXPECT_EQ(head.at("checkpoint").at("note").as_string(), header_.cut.note);
  EXPECT_EQ(head.at("query").at("person_token").as_string(), kTok);
  std::getline(in, line);
  auto e = boost::json::parse(line).as_object();
  EXPECT_EQ(e.at("index").as_int64(), 1);
  EXPECT_EQ(*Base64Decode(e.at("leaf").as_string()), leaves_[1]);
  EXPECT_EQ(e.at("event").at("payload").at("account").as_string(), "chercheur.moreau");
  EXPECT_EQ(e.at("findings").at(0).at("rule").as_string(), "export_without_authorisation");
  EXPECT_EQ(e.at("findings").at(0).at("index").as_int64(), 2);
}

TEST_F(TrailExportTest, EveryFormatVerifies) {
  EXPECT_TRUE(Verify(Render(TrailFormat::kFhir)).ok);
  for (char sep : {',', ';'}) {
    header_.separator = sep;
    const std::string proofs = Render(TrailFormat::kCsvProofs);
    auto v = Verify(Render(TrailFormat::kCsv), &proofs);
    EXPECT_TRUE(v.ok) << v.problem;
    EXPECT_EQ(v.format, TrailFormat::kCsv);
  }
}

TEST_F(TrailExportTest, FhirIsOneBundleOfAuditEvents) {
  auto bundle = boost::json::parse(Render(TrailFormat::kFhir)).as_object();
  EXPECT_EQ(bundle.at("resourceType").as_string(), "Bundle");
  EXPECT_EQ(bundle.at("type").as_string(), "searchset");
  EXPECT_EQ(bundle.at("total").as_int64(), 2);
  const auto& r = bundle.at("entry").at(0).at("resource").as_object();
  EXPECT_EQ(r.at("resourceType").as_string(), "AuditEvent");
  EXPECT_EQ(r.at("type").at("code").as_string(), "110106");  // export
  EXPECT_EQ(r.at("agent").at(0).at("policy").at(0).as_string(), "urn:garant:decision:3");
  EXPECT_EQ(r.at("agent").at(0).at("network").at("address").as_string(), "10.0.0.8");
  EXPECT_EQ(r.at("entity").at(0).at("what").at("identifier").at("value").as_string(), kTok);
  const auto& view = bundle.at("entry").at(1).at("resource").as_object();
  EXPECT_EQ(view.at("type").at("code").as_string(), "110110");  // patient record
  EXPECT_EQ(view.at("outcome").as_string(), "4");               // denied
  // No entries: no empty array (FHIR forbids them).
  std::string empty = *RenderHeader(TrailFormat::kFhir, header_) + RenderEnd(TrailFormat::kFhir, 0);
  auto e = boost::json::parse(empty).as_object();
  EXPECT_FALSE(e.contains("entry"));
  EXPECT_TRUE(Verify(empty).ok);
}

TEST_F(TrailExportTest, CsvQuotesAndDisarmsFormulas) {
  header_.separator = ';';
  const std::string csv = Render(TrailFormat::kCsv);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFindex;event_id;", 0), 0u);
  EXPECT_NE(csv.find("\"CHU \"\"Lyon\"\", site; nord\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(";'=cohorte.csv;"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";export_without_authorisation\r\n"), std::string::npos) << csv;
}

// Flipping any byte of an entry line (past the header) fails and names the entry.
TEST_F(TrailExportTest, OneByteChangedInAnEntryFailsNamingIt) {
  for (TrailFormat f : {TrailFormat::kJsonl, TrailFormat::kFhir, TrailFormat::kCsv}) {
    const std::string proofs = Render(TrailFormat::kCsvProofs);
    const std::string text = Render(f);
    size_t first = text.find('\n') + 1;
    size_t second = text.find('\n', first) + 1;
    size_t third = text.find('\n', second) + 1;
    int tried = 0, named = 0;
    for (size_t at = second; at + 1 < third; at += 7) {
      std::string bad = text;
      bad[at] = static_cast<char>(bad[at] ^ 0x01);
      auto v = f == TrailFormat::kCsv ? Verify(bad, &proofs) : Verify(bad);
      ASSERT_FALSE(v.ok) << ToString(f) << " byte " << at;
      EXPECT_NE(v.problem.find("entry"), std::string::npos) << v.problem;
      // Only a byte of the index itself (or of its key) can make it name
      // another index, or none.
      if (v.index == 4u && v.problem.find("entry 4") != std::string::npos) ++named;
      ++tried;
    }
    EXPECT_GT(tried, 10);
    EXPECT_GE(named, tried - 3) << ToString(f);
  }
}

TEST_F(TrailExportTest, ForgedOrForeignCheckpointFails) {
  std::string text = Render(TrailFormat::kJsonl);
  // Another key.
  crypto::Ed25519Seed seed{};
  seed[0] = 8;
  auto other = audit::NoteSigner::Ed25519("garant.test/log", seed);
  std::istringstream in(text);
  std::vector<audit::NoteVerifier> verifiers = {other->Verifier()};
  auto r = VerifyTrailExport(in, nullptr, verifiers, "garant.test/log");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_FALSE(r->index.has_value());
  EXPECT_NE(r->problem.find("signature"), std::string::npos) << r->problem;
  // A truncated export.
  auto v = Verify(text.substr(0, text.rfind("{\"end\"")));
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.problem.find("truncated"), std::string::npos) << v.problem;
  // An entry dropped: the end line no longer counts.
  std::string dropped = *RenderHeader(TrailFormat::kJsonl, header_) +
                        *RenderEntry(TrailFormat::kJsonl, header_, Entry(1, {2}), 0) +
                        RenderEnd(TrailFormat::kJsonl, 2);
  EXPECT_FALSE(Verify(dropped).ok);
}

TEST_F(TrailExportTest, AnEntryOutsideTheQueryFails) {
  header_.query = {TrailKey::kAccount, "someone.else", std::nullopt, std::nullopt};
  auto v = Verify(Render(TrailFormat::kJsonl));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.index, 1u);
  EXPECT_NE(v.problem.find("another account"), std::string::npos) << v.problem;
}

// The count of pruned entries the export leaves out (retention) is in the
// header of JSON Lines, of the CSV sidecar and of the FHIR Bundle; it is
// part of what the verifier re-renders, so a changed count fails, and
// PrunedEntriesOfExport reads it back.
TEST_F(TrailExportTest, HeaderStatesThePrunedEntriesItLeavesOut) {
  header_.pruned_entries = 3;
  for (TrailFormat f : {TrailFormat::kJsonl, TrailFormat::kCsvProofs, TrailFormat::kFhir}) {
    const std::string file = Render(f);
    const std::string first = file.substr(0, file.find('\n'));
    EXPECT_EQ(PrunedEntriesOfExport(first), std::optional<uint64_t>(3)) << ToString(f);
    if (f != TrailFormat::kCsvProofs) {
      EXPECT_TRUE(Verify(file).ok) << ToString(f) << ": " << Verify(file).problem;
    }
    // The count is garant's statement, not provable from the file (the
    // pruned leaves are gone): the verifier checks that it is a count and
    // that the header is what garant renders from it.
    for (auto [from, to] :
         f == TrailFormat::kFhir
             ? std::vector<std::pair<std::string, std::string>>{{"\"valueString\":\"3\"",
                                                                 "\"valueString\":\"-3\""},
                                                                {"\"pruned_scope\"",
                                                                 "\"pruned_x\""}}
             : std::vector<std::pair<std::string, std::string>>{
                   {"\"entries\":3", "\"entries\":-3"},
                   {"\"entries\":3", "\"entries\":\"3\""},
                   {"\"scope\":\"range\"", "\"scope\":\"key\""}}) {
      std::string changed = file;
      const size_t at = changed.find(from);
      ASSERT_NE(at, std::string::npos) << ToString(f) << " " << from;
      changed.replace(at, from.size(), to);
      if (f == TrailFormat::kCsvProofs) {
        const std::string csv = Render(TrailFormat::kCsv);
        EXPECT_TRUE(Verify(csv, &file).ok) << Verify(csv, &file).problem;
        EXPECT_FALSE(Verify(csv, &changed).ok) << to;
      } else {
        EXPECT_FALSE(Verify(changed).ok) << ToString(f) << " " << to;
      }
    }
  }
  const std::string jsonl = Render(TrailFormat::kJsonl);
  EXPECT_NE(jsonl.find(R"("pruned":{"entries":3,"scope":"range"})"), std::string::npos) << jsonl;
  header_.query = {TrailKey::kAccount, "chercheur.moreau", std::nullopt, std::nullopt};
  EXPECT_NE(Render(TrailFormat::kJsonl).find(R"("scope":"key")"), std::string::npos);
  // An export that states nothing (written before garant stated it).
  header_.pruned_entries.reset();
  const std::string old = Render(TrailFormat::kJsonl);
  EXPECT_EQ(PrunedEntriesOfExport(old.substr(0, old.find('\n'))), std::nullopt);
  EXPECT_EQ(PrunedEntriesOfExport("not json"), std::nullopt);
}

}  // namespace
}  // namespace garant::access
