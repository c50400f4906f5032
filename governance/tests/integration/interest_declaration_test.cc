// Declarations of interest (sql/0029) against a real PostgreSQL: annual,
// dated, append-only; the conflicts they imply on projects of the member's
// committee (derived at the declaration and at a later submission); conflicts
// declared at a meeting; recusals in the decision's audit entry.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/audit/leaf.h"
#include "garant/core/migrations.h"
#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "garant/sql/migrations.h"
#include "governance_db.h"
#include "pg_cluster.h"

namespace garant::governance {
namespace {

using namespace std::chrono_literals;

using govtest::kActor;
using govtest::kCosigner;
using govtest::T;
Date D(const char* s) { return *ParseDate(s); }

class InterestDeclarationTest : public govtest::GovernanceDbTest {
 protected:
  void SetUp() override {
    GovernanceDbTest::SetUp();
    if (HasFatalFailure()) return;
    committee_ = CreateCse({1, 2, true, 0});
    ASSERT_NE(committee_, 0);
    for (const char* name : {"A", "B", "C"}) {
      Member m;
      m.committee_id = committee_;
      m.full_name = name;
      m.role = MemberRole::kMember;
      m.voting = true;
      m.term_start = D("2025-01-01");
      auto added = store_->AddMember(kActor, m);
      ASSERT_TRUE(added.ok()) << added.status().ToString();
      ids_.push_back(added->id);
    }
  }

  int64_t Project(const std::string& ref, const std::string& organisation) {
    governance::Project p;
    p.reference = ref;
    p.title = "Titre";
    p.public_summary = "Résumé.";
    p.purpose = "research";
    p.no_forbidden_use = true;
    p.legal_basis = "RGPD art. 6.1.e";
    p.formality = "mr-004";
    p.formality_reference = "MR-004 n° 1";
    p.investigator = "Dr X";
    p.organisation = organisation;
    p.data_domains = {"visits"};
    p.committee_id = committee_;
    auto r = store_->CreateProject(kActor, p);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }

  InterestDeclaration Declaration(int64_t member, std::vector<std::string> orgs) {
    InterestDeclaration d;
    d.member_id = member;
    d.year = 2026;
    d.signed_on = D("2026-01-15");
    d.public_summary = "Consultant pour un laboratoire ; aucun autre lien.";
    d.organisations = std::move(orgs);
    return d;
  }

  std::vector<ConflictRecord> ConflictsOn(int64_t project) {
    std::vector<ConflictRecord> out;
    auto all = store_->ListConflicts();
    EXPECT_TRUE(all.ok());
    for (auto& k : *all) {
      if (k.conflict.project_id == project) out.push_back(k);
    }
    return out;
  }

  int64_t committee_ = 0;
  std::vector<int64_t> ids_;
};

TEST_F(InterestDeclarationTest, ADeclarationDerivesConflictsOnTheProjectsOfNamedOrganisations) {
  int64_t lab = Project("LAB-1", "Laboratoire Alpha");
  int64_t other = Project("UNI-1", "Université de Lille");
  auto d = store_->RecordDeclaration(kActor, Declaration(ids_[1], {"  LABORATOIRE Alpha "}));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->organisations, std::vector<std::string>{"laboratoire alpha"});
  auto on_lab = ConflictsOn(lab);
  ASSERT_EQ(on_lab.size(), 1u);
  EXPECT_EQ(on_lab[0].conflict.member_id, ids_[1]);
  EXPECT_EQ(on_lab[0].source, ConflictSource::kDeclaration);
  EXPECT_EQ(on_lab[0].declaration_id, d->id);
  EXPECT_TRUE(ConflictsOn(other).empty());
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE event_type = "
                  "'governance.member.interests_declared'"),
            1);
  EXPECT_EQ(
      Count("SELECT count(*) FROM audit_entries WHERE event_type = 'governance.conflict.declared'"),
      1);
  // A project submitted later by the same organisation gets it too.
  int64_t later = Project("LAB-2", "laboratoire alpha");
  ASSERT_EQ(ConflictsOn(later).size(), 1u);
  // Declared again: no duplicate.
  ASSERT_TRUE(store_->RecordDeclaration(kActor, Declaration(ids_[1], {"Laboratoire Alpha"})).ok());
  EXPECT_EQ(ConflictsOn(lab).size(), 1u);
  // The conflicted member cannot vote on it.
  Meeting m;
  m.committee_id = committee_;
  m.held_at = clock_.Now() - 24h;
  m.agenda = {lab};
  m.present = ids_;
  auto meeting = store_->RecordMeeting(kActor, m);
  ASSERT_TRUE(meeting.ok());
  DecisionDraft dd;
  dd.project_id = lab;
  dd.meeting_id = meeting->id;
  dd.outcome = Outcome::kFavourable;
  dd.reasons = "Intérêt public.";
  dd.votes = {{ids_[0], VoteChoice::kFor}, {ids_[1], VoteChoice::kFor}};
  EXPECT_EQ(store_->RecordDecision(kActor, dd, true).status().reason(), reason::kConflictedMember);
  // Without that vote: recorded, and the recusal is in the audit entry.
  dd.votes = {{ids_[0], VoteChoice::kFor}, {ids_[2], VoteChoice::kFor}};
  ASSERT_TRUE(store_->RecordDecision(kActor, dd, true).ok());
  auto r = owner_.Exec(
      "SELECT max(idx) FROM audit_entries WHERE event_type = 'governance.decision.recorded'");
  ASSERT_TRUE(r.ok());
  auto leaf = audit::ReadLeaf(owner_, static_cast<uint64_t>(r->Int(0, 0)));
  ASSERT_TRUE(leaf.ok());
  auto ev = audit::DecodeLeaf(*leaf);
  ASSERT_TRUE(ev.ok());
  auto payload = boost::json::parse(ev->payload).as_object();
  ASSERT_EQ(payload["recused"].as_array().size(), 1u);
  EXPECT_EQ(payload["recused"].as_array()[0].as_int64(), ids_[1]);
}

TEST_F(InterestDeclarationTest, OrganisationsMatchWhateverTheirSpellingAndNeverByPrefix) {
  // The same organisations written otherwise: accents, case, punctuation,
  // legal form, link words.
  int64_t perrin = Project("PER-1", "CABINET PERRIN-CONSEIL S.A.S.");
  int64_t sante = Project("SAN-1", "Laboratoire de Santé Plus");
  int64_t chu = Project("CHU-1", "C.H.U. de Lyon");
  // Near misses: a shorter name, a longer one, another number.
  int64_t perrin_short = Project("PER-2", "Cabinet Perrin");
  int64_t sante_ouest = Project("SAN-2", "Laboratoire Santé Plus Ouest");
  int64_t clinique = Project("CLI-1", "Clinique 3000");
  auto d = store_->RecordDeclaration(
      kActor, Declaration(ids_[0], {"Cabinet Perrin Conseil", "laboratoire sante plus, sarl",
                                    "CHU Lyon", "Clinique 2000"}));
  // A comma is refused inside a name: the list above is four names, the
  // second holds one, so it is refused as a whole.
  ASSERT_FALSE(d.ok());
  d = store_->RecordDeclaration(
      kActor, Declaration(ids_[0], {"Cabinet Perrin Conseil", "laboratoire sante plus sarl",
                                    "CHU Lyon", "Clinique 2000"}));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  for (int64_t p : {perrin, sante, chu}) {
    auto on = ConflictsOn(p);
    ASSERT_EQ(on.size(), 1u) << p;
    EXPECT_EQ(on[0].conflict.member_id, ids_[0]);
    EXPECT_EQ(on[0].source, ConflictSource::kDeclaration);
    EXPECT_EQ(on[0].declaration_id, d->id);
  }
  for (int64_t p : {perrin_short, sante_ouest, clinique}) EXPECT_TRUE(ConflictsOn(p).empty()) << p;
  EXPECT_EQ(
      Count("SELECT count(*) FROM audit_entries WHERE event_type = 'governance.conflict.declared'"),
      3);
  // A project submitted later, spelled yet another way, gets it too; a near
  // miss submitted later does not.
  int64_t later = Project("PER-3", "Cabinet  Perrin Conseil (SARL)");
  EXPECT_EQ(ConflictsOn(later).size(), 1u);
  int64_t near = Project("CLI-2", "Clinique 2001");
  EXPECT_TRUE(ConflictsOn(near).empty());
  // The stored declaration keeps the names as typed (lower-case).
  EXPECT_EQ(d->organisations[0], "cabinet perrin conseil");
}

TEST_F(InterestDeclarationTest, TheLatestDeclarationIsInForce) {
  ASSERT_TRUE(store_->RecordDeclaration(kActor, Declaration(ids_[0], {"Alpha"})).ok());
  InterestDeclaration next = Declaration(ids_[0], {});
  next.year = 2027;
  next.signed_on = D("2026-03-01");
  next.public_summary = "Aucun lien d'intérêts.";
  ASSERT_TRUE(store_->RecordDeclaration(kActor, next).ok());
  int64_t p = Project("ALPHA-1", "Alpha");
  EXPECT_TRUE(ConflictsOn(p).empty());
  auto all = store_->ListDeclarations(committee_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].year, 2027);  // newest first
  // Append-only.
  EXPECT_FALSE(owner_.Exec("UPDATE gov_interest_declarations SET year = 2020").ok());
  EXPECT_FALSE(owner_.Exec("DELETE FROM gov_interest_declarations").ok());
}

TEST_F(InterestDeclarationTest, BadDeclarationsAreRefusedAndNothingRecorded) {
  const int64_t audit_before = Count("SELECT count(*) FROM audit_entries");
  InterestDeclaration d = Declaration(ids_[0], {"Alpha"});
  d.year = 1999;
  EXPECT_EQ(store_->RecordDeclaration(kActor, d).status().reason(), reason::kInvalidDeclaration);
  d = Declaration(ids_[0], {"Alpha"});
  d.signed_on = D("2026-03-11");  // tomorrow
  EXPECT_EQ(store_->RecordDeclaration(kActor, d).status().reason(), reason::kInvalidDeclaration);
  d = Declaration(ids_[0], {"Alpha"});
  d.public_summary = "  ";
  EXPECT_EQ(store_->RecordDeclaration(kActor, d).status().reason(), reason::kInvalidDeclaration);
  d = Declaration(ids_[0], {"Alpha, Bêta"});
  EXPECT_EQ(store_->RecordDeclaration(kActor, d).status().reason(), reason::kInvalidDeclaration);
  d = Declaration(999999, {"Alpha"});
  EXPECT_EQ(store_->RecordDeclaration(kActor, d).status().code(), Code::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_interest_declarations"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), audit_before);
}

TEST_F(InterestDeclarationTest, AConflictDeclaredAtAMeetingNamesIt) {
  int64_t p = Project("UNI-2", "Université de Lille");
  int64_t q = Project("UNI-3", "Université de Lille");
  Meeting m;
  m.committee_id = committee_;
  m.held_at = clock_.Now() - 24h;
  m.agenda = {p};
  m.present = ids_;
  auto meeting = store_->RecordMeeting(kActor, m);
  ASSERT_TRUE(meeting.ok());
  auto k = store_->DeclareConflict(kActor, {ids_[2], p, "Co-auteur du protocole"}, meeting->id);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->source, ConflictSource::kMeeting);
  auto stored = ConflictsOn(p);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].meeting_id, meeting->id);
  // Not on that meeting's agenda: refused.
  auto off = store_->DeclareConflict(kActor, {ids_[2], q, "x"}, meeting->id);
  EXPECT_EQ(off.status().reason(), reason::kProjectNotOnAgenda);
  EXPECT_TRUE(ConflictsOn(q).empty());
}

}  // namespace
}  // namespace garant::governance
