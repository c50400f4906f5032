// CaseStore against a real PostgreSQL: findings grouped by account and Paris
// day, every step of the workflow with its row and its audit leaf, refused
// steps that write nothing, concurrent transitions (one lands), the status
// and case id in the findings list. Over 400 lines: one fixture, one test
// per part of the workflow.
#include "garant/access/cases.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "garant/access/store.h"
#include "garant/audit/leaf.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::access {
namespace {

using testsupport::SharedCluster;

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const TimePoint kNow = T("2026-12-01T10:00:00Z");

class CaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string info = SharedCluster().CreateDatabase();
    auto owner = db::Connection::Open(info);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    auto applied = db::ApplyMigrations(owner_, sql::Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    pool_ = std::make_unique<db::Pool>(
        db::Pool::Options{SharedCluster().AppConninfo(info), 8, std::chrono::seconds(10)});
    // The dataset's accesses happen at any hour: off_hours (tested in
    // rules_test.cc and store_test.cc) would add findings to every night event.
    const RuleConfig rules = RuleConfig::Defaults().Without({rule::kOffHours});
    access_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance(), rules);
    cases_ = std::make_unique<CaseStore>(*pool_, log_, clock_, SecureRandom::Instance());
    auditor_ = Staff("auditeur", "auditor");
    dpo_ = Staff("dpo", "dpo");
    secretary_ = Staff("secretaire", "secretary");
  }

  int64_t Staff(const std::string& username, const std::string& role) {
    auto r = owner_.Exec(
        "INSERT INTO staff_accounts (username, display_name, role, password_hash) "
        "VALUES ($1, $2, $3, 'x') RETURNING id",
        {username, "Nom " + username, role});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : 0;
  }
  int64_t Count(const std::string& sql) {
    auto r = owner_.Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  // A re-identification without justification: one finding
  // (reidentify_without_justification, high), plus whatever else the checks
  // find (no project: no_authorisation).
  void Reidentify(const std::string& account, const char* at, int n = 1,
                  const char* project = nullptr) {
    std::vector<AccessEvent> events;
    for (int i = 0; i < n; ++i) {
      AccessEvent e;
      e.id = SecureRandom::Instance().Uuid4();
      e.occurred_at = T(at);
      e.account = account;
      e.action = Action::kReidentify;
      if (project) e.project = project;
      e.source = "entrepot";
      events.push_back(e);
    }
    clock_.Set(T(at) + std::chrono::minutes(1));  // reported at once: no late_report
    auto r = access_->RecordBatch("service:7", events);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::string Leaf(uint64_t index, audit::Event* out) {
    auto leaf = audit::ReadLeaf(owner_, index);
    EXPECT_TRUE(leaf.ok());
    if (!leaf.ok()) return "";
    auto ev = audit::DecodeLeaf(*leaf);
    EXPECT_TRUE(ev.ok());
    if (!ev.ok()) return "";
    *out = *ev;
    return ev->type;
  }

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{kNow};
  std::unique_ptr<AccessStore> access_;
  std::unique_ptr<CaseStore> cases_;
  int64_t auditor_ = 0, dpo_ = 0, secretary_ = 0;
};

const std::string kCase = "2026-11-30~chercheur.moreau";

TEST(CaseIds, ParseAndWorkflowArePure) {
  auto k = ParseCaseId("2026-11-30~a.b@c:d-e_f");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->day, "2026-11-30");
  EXPECT_EQ(k->account, "a.b@c:d-e_f");
  EXPECT_EQ(k->Id(), "2026-11-30~a.b@c:d-e_f");
  for (const char* bad : {"", "2026-11-30", "2026-11-30~", "2026-13-01~x", "2026-11-31~x",
                          "20261130~xx", "2026-11-30-x", "2026-11-30~a b", "2026-11-30~a~b"}) {
    EXPECT_EQ(ParseCaseId(bad).status().code(), Code::kInvalidArgument) << bad;
  }
  using S = CaseStatus;
  const std::optional<std::string> note = "vu avec le responsable";
  EXPECT_TRUE(CheckTransition(S::kNew, S::kUnderReview, std::nullopt).ok());
  EXPECT_TRUE(CheckTransition(S::kUnderReview, S::kJustified, note).ok());
  EXPECT_TRUE(CheckTransition(S::kUnderReview, S::kIncident, note).ok());
  EXPECT_TRUE(CheckTransition(S::kJustified, S::kUnderReview, note).ok());
  EXPECT_EQ(CheckTransition(S::kJustified, S::kUnderReview, std::nullopt).reason(),
            kReasonCaseNoteRequired);
  EXPECT_EQ(CheckTransition(S::kUnderReview, S::kJustified, std::nullopt).reason(),
            kReasonCaseNoteRequired);
  for (auto [from, to] : std::vector<std::pair<S, S>>{{S::kNew, S::kJustified},
                                                      {S::kNew, S::kIncident},
                                                      {S::kNew, S::kNew},
                                                      {S::kUnderReview, S::kUnderReview},
                                                      {S::kUnderReview, S::kNew},
                                                      {S::kJustified, S::kIncident},
                                                      {S::kIncident, S::kNew}}) {
    Status st = CheckTransition(from, to, note);
    EXPECT_EQ(st.code(), Code::kConflict) << ToString(from) << "→" << ToString(to);
    EXPECT_EQ(st.reason(), kReasonCaseTransitionRefused);
  }
  EXPECT_TRUE(CheckNote("ok").ok());
  EXPECT_TRUE(CheckNote("deux\nlignes\tet tabulation").ok());
  for (std::string bad : {std::string(), std::string(" \n "), std::string("a\x01"),
                          std::string("\xff"), std::string(4001, 'a')}) {
    EXPECT_EQ(CheckNote(bad).code(), Code::kInvalidArgument);
  }
}

TEST_F(CaseStoreTest, FindingsOfOneAccountOnOneParisDayAreOneCase) {
  Reidentify("chercheur.moreau", "2026-11-30T08:00:00Z");
  Reidentify("chercheur.moreau", "2026-11-30T22:59:00Z");  // 23:59 in Paris: same day
  Reidentify("chercheur.moreau", "2026-11-30T23:30:00Z");  // 00:30 on 1 December in Paris
  Reidentify("analyste.dupont", "2026-11-30T12:00:00Z", 1, "CONTACT-2026-001");
  auto page = cases_->List({});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->cases.size(), 3u);
  EXPECT_EQ(page->cases[0].id, "2026-12-01~chercheur.moreau");
  EXPECT_EQ(page->cases[1].id, kCase);
  EXPECT_EQ(page->cases[2].id, "2026-11-30~analyste.dupont");
  const CaseSummary& c = page->cases[1];
  EXPECT_EQ(c.status, CaseStatus::kNew);
  EXPECT_EQ(c.finding_count, 4);  // 2 events × (no_authorisation, reidentify_…)
  EXPECT_EQ(c.severity, "critical");
  EXPECT_EQ(c.rules,
            (std::vector<std::string>{"no_authorisation", "reidentify_without_justification"}));
  EXPECT_TRUE(c.projects.empty());
  EXPECT_FALSE(c.assignee);
  EXPECT_EQ(page->cases[2].projects, std::vector<std::string>{"CONTACT-2026-001"});

  auto findings = access_->ListFindings({});
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->findings.size(), 8u);
  EXPECT_EQ(findings->findings[0].case_id, "2026-11-30~analyste.dupont");
  EXPECT_EQ(findings->findings[2].case_id, "2026-12-01~chercheur.moreau");
  EXPECT_EQ(findings->findings[4].case_id, kCase);
  EXPECT_EQ(findings->findings[4].status, "new");

  // The detail: findings, events, empty history.
  auto d = cases_->Get(kCase);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->findings.size(), 4u);
  ASSERT_EQ(d->events.size(), 2u);
  EXPECT_EQ(d->events[0].action, "reidentify");
  EXPECT_EQ(d->events[0].outcome, "success");
  EXPECT_EQ(d->events[0].occurred_at, T("2026-11-30T08:00:00Z"));
  EXPECT_TRUE(d->history.empty());
  EXPECT_EQ(cases_->Get("2026-11-29~chercheur.moreau").status().code(), Code::kNotFound);
  EXPECT_EQ(cases_->Get("nope").status().code(), Code::kInvalidArgument);
}

TEST_F(CaseStoreTest, EveryStepIsARowAndALeafInTheSameTransaction) {
  Reidentify("chercheur.moreau", "2026-11-30T08:00:00Z");
  const int64_t entries = Count("SELECT count(*) FROM audit_entries");

  // Take: assigned to me, new → under_review (two leaves).
  auto taken = cases_->Take(kCase, CaseStatus::kNew, auditor_);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->summary.status, CaseStatus::kUnderReview);
  ASSERT_TRUE(taken->summary.assignee);
  EXPECT_EQ(taken->summary.assignee->username, "auditeur");
  ASSERT_EQ(taken->leaves.size(), 2u);
  audit::Event ev;
  EXPECT_EQ(Leaf(taken->leaves[0], &ev), "case.assigned");
  EXPECT_EQ(ev.actor, "staff:" + std::to_string(auditor_));
  EXPECT_EQ(ev.object, "case/" + kCase);
  auto p = boost::json::parse(ev.payload).as_object();
  EXPECT_EQ(p["assignee"].as_string(), "staff:" + std::to_string(auditor_));
  EXPECT_EQ(Leaf(taken->leaves[1], &ev), "case.under_review");
  p = boost::json::parse(ev.payload).as_object();
  EXPECT_EQ(p["from"].as_string(), "new");
  EXPECT_EQ(p["to"].as_string(), "under_review");
  EXPECT_EQ(p["case_id"].as_string(), kCase);

  // A note, then justified with a note: the leaves hold the note's digest only.
  const std::string note = "Ré-identification demandée par le médecin investigateur (ticket 42).";
  auto noted = cases_->AddNote(kCase, "Appel au chercheur prévu.", dpo_);
  ASSERT_TRUE(noted.ok()) << noted.status().ToString();
  EXPECT_EQ(Leaf(noted->leaves.at(0), &ev), "case.noted");
  EXPECT_EQ(ev.actor, "staff:" + std::to_string(dpo_));
  auto justified =
      cases_->Transition(kCase, CaseStatus::kUnderReview, CaseStatus::kJustified, note, auditor_);
  ASSERT_TRUE(justified.ok()) << justified.status().ToString();
  EXPECT_EQ(justified->summary.status, CaseStatus::kJustified);
  EXPECT_EQ(Leaf(justified->leaves.at(0), &ev), "case.justified");
  p = boost::json::parse(ev.payload).as_object();
  EXPECT_EQ(p["note_bytes"].as_int64(), static_cast<int64_t>(note.size()));
  EXPECT_EQ(p["note_sha256"].as_string().size(), 64u);
  EXPECT_EQ(ev.payload.find("investigateur"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries + 4);
  EXPECT_EQ(Count("SELECT count(*) FROM access_case_events"), 4);
  EXPECT_EQ(Count("SELECT count(DISTINCT audit_index) FROM access_case_events"), 4);

  // The history keeps every step, oldest first; the findings follow the case.
  auto d = cases_->Get(kCase);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->history.size(), 4u);
  EXPECT_EQ(d->history[0].kind, "assignment");
  EXPECT_EQ(d->history[1].kind, "transition");
  EXPECT_EQ(d->history[2].kind, "note");
  EXPECT_EQ(d->history[2].actor.username, "dpo");
  EXPECT_EQ(d->history[3].note, note);
  EXPECT_EQ(d->history[3].to, CaseStatus::kJustified);
  EXPECT_EQ(d->history[3].audit_index, justified->leaves[0]);
  FindingQuery fq;
  fq.status = "justified";
  EXPECT_EQ(access_->ListFindings(fq)->findings.size(), 2u);
  fq.status = "new";
  EXPECT_TRUE(access_->ListFindings(fq)->findings.empty());

  // Closed: notes still allowed, assignment not; reopening needs a note.
  EXPECT_TRUE(cases_->AddNote(kCase, "Clos après vérification.", auditor_).ok());
  EXPECT_EQ(cases_->Assign(kCase, "dpo", auditor_).status().reason(), kReasonCaseClosed);
  EXPECT_EQ(cases_->Take(kCase, CaseStatus::kJustified, auditor_).status().reason(),
            kReasonCaseClosed);
  EXPECT_EQ(cases_
                ->Transition(kCase, CaseStatus::kJustified, CaseStatus::kUnderReview, std::nullopt,
                             auditor_)
                .status()
                .reason(),
            kReasonCaseNoteRequired);
  auto reopened = cases_->Transition(kCase, CaseStatus::kJustified, CaseStatus::kUnderReview,
                                     std::string("Nouvel élément"), dpo_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(Leaf(reopened->leaves.at(0), &ev), "case.under_review");
  auto incident = cases_->Transition(kCase, CaseStatus::kUnderReview, CaseStatus::kIncident,
                                     std::string("Accès non justifié"), dpo_);
  ASSERT_TRUE(incident.ok()) << incident.status().ToString();
  EXPECT_EQ(Leaf(incident->leaves.at(0), &ev), "case.incident");
  EXPECT_EQ(Count("SELECT max(step) FROM access_case_events"), 4);
  EXPECT_FALSE(incident->summary.raised_since_closed);

  // A late report joins the closed day: the case says so.
  clock_.Set(T("2026-12-03T09:00:00Z"));
  AccessEvent late;
  late.id = SecureRandom::Instance().Uuid4();
  late.occurred_at = T("2026-11-30T09:00:00Z");
  late.account = "chercheur.moreau";
  late.action = Action::kReidentify;
  late.source = "entrepot";
  ASSERT_TRUE(access_->RecordBatch("service:7", {late}).ok());
  auto after = cases_->Get(kCase);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->summary.raised_since_closed);
  EXPECT_EQ(after->summary.status, CaseStatus::kIncident);
  EXPECT_EQ(after->summary.finding_count, 5);  // + late_report, reidentify, no_authorisation

  // The rows are append-only, whoever asks.
  EXPECT_FALSE(owner_.Exec("UPDATE access_case_events SET note = 'x'").ok());
  EXPECT_FALSE(owner_.Exec("DELETE FROM access_case_events").ok());
}

TEST_F(CaseStoreTest, RefusedStepsWriteNothing) {
  Reidentify("chercheur.moreau", "2026-11-30T08:00:00Z");
  const int64_t entries = Count("SELECT count(*) FROM audit_entries");
  auto expect = [&](const Result<CaseChange>& r, Code code, std::string_view reason) {
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    EXPECT_EQ(r.status().reason(), reason) << r.status().ToString();
  };
  using S = CaseStatus;
  const std::optional<std::string> note = "note";
  expect(cases_->Transition(kCase, S::kNew, S::kJustified, note, auditor_), Code::kConflict,
         kReasonCaseTransitionRefused);
  expect(cases_->Transition(kCase, S::kUnderReview, S::kJustified, note, auditor_), Code::kConflict,
         kReasonCaseStatusStale);
  expect(cases_->Take(kCase, S::kUnderReview, auditor_), Code::kConflict, kReasonCaseStatusStale);
  expect(cases_->Transition("2026-11-29~chercheur.moreau", S::kNew, S::kUnderReview, std::nullopt,
                            auditor_),
         Code::kNotFound, "");
  expect(cases_->AddNote("2026-11-29~chercheur.moreau", "x", auditor_), Code::kNotFound, "");
  expect(cases_->AddNote(kCase, "  ", auditor_), Code::kInvalidArgument, kReasonCaseNoteInvalid);
  expect(cases_->Assign(kCase, "secretaire", auditor_), Code::kInvalidArgument,
         kReasonCaseAssigneeRefused);
  expect(cases_->Assign(kCase, "personne", auditor_), Code::kInvalidArgument,
         kReasonCaseAssigneeRefused);
  ASSERT_TRUE(
      owner_.Exec("UPDATE staff_accounts SET disabled_at = now() WHERE username = 'dpo'").ok());
  expect(cases_->Assign(kCase, "dpo", auditor_), Code::kInvalidArgument,
         kReasonCaseAssigneeRefused);
  // A secretary cannot take a case (the store checks the taker too).
  expect(cases_->Take(kCase, S::kNew, secretary_), Code::kInvalidArgument,
         kReasonCaseAssigneeRefused);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries);
  EXPECT_EQ(Count("SELECT count(*) FROM access_case_events"), 0);

  // Assignment, release, and an assignment that changes nothing records nothing.
  auto a = cases_->Assign(kCase, "auditeur", auditor_);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->leaves.size(), 1u);
  auto same = cases_->Assign(kCase, "auditeur", auditor_);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->leaves.empty());
  auto released = cases_->Assign(kCase, std::nullopt, auditor_);
  ASSERT_TRUE(released.ok());
  EXPECT_FALSE(released->summary.assignee);
  EXPECT_EQ(Count("SELECT count(*) FROM access_case_events"), 2);
}

TEST_F(CaseStoreTest, ConcurrentTransitionsFromOneStatusOneLands) {
  Reidentify("chercheur.moreau", "2026-11-30T08:00:00Z");
  constexpr int kThreads = 6;
  std::atomic<int> landed{0}, stale{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto r =
          cases_->Transition(kCase, CaseStatus::kNew, CaseStatus::kUnderReview,
                             std::string("prise ") + std::to_string(i), i % 2 ? auditor_ : dpo_);
      if (r.ok()) {
        ++landed;
      } else if (r.status().reason() == kReasonCaseStatusStale) {
        ++stale;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(landed.load(), 1);
  EXPECT_EQ(stale.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM access_case_events"), 1);
  auto d = cases_->Get(kCase);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->summary.status, CaseStatus::kUnderReview);
}

TEST_F(CaseStoreTest, ListFiltersCountsAndPages) {
  Reidentify("chercheur.moreau", "2026-11-28T08:00:00Z", 1, "CONTACT-2026-001");
  Reidentify("chercheur.moreau", "2026-11-29T08:00:00Z");
  Reidentify("analyste.dupont", "2026-11-30T08:00:00Z");
  ASSERT_TRUE(cases_->Take("2026-11-29~chercheur.moreau", CaseStatus::kNew, auditor_).ok());
  ASSERT_TRUE(cases_
                  ->Transition("2026-11-29~chercheur.moreau", CaseStatus::kUnderReview,
                               CaseStatus::kIncident, std::string("non justifié"), auditor_)
                  .ok());
  auto ids = [&](CaseQuery q) {
    std::vector<std::string> out;
    auto r = cases_->List(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      for (const auto& c : r->cases) out.push_back(c.id);
    }
    return out;
  };
  CaseQuery q;
  q.account = "chercheur.moreau";
  EXPECT_EQ(ids(q).size(), 2u);
  q = {};
  q.project = "CONTACT-2026-001";
  EXPECT_EQ(ids(q), std::vector<std::string>{"2026-11-28~chercheur.moreau"});
  q = {};
  q.status = "closed";
  EXPECT_EQ(ids(q), std::vector<std::string>{"2026-11-29~chercheur.moreau"});
  q.status = "open";
  EXPECT_EQ(ids(q).size(), 2u);
  q.status = "incident";
  EXPECT_EQ(ids(q).size(), 1u);
  q = {};
  q.rule = "reidentify_without_justification";
  EXPECT_EQ(ids(q).size(), 3u);
  q.rule = "small_count";
  EXPECT_TRUE(ids(q).empty());
  q = {};
  q.severity = "critical";
  EXPECT_EQ(ids(q).size(), 3u);  // each has a no_authorisation or account finding
  q.severity = "low";
  EXPECT_TRUE(ids(q).empty());
  q = {};
  q.from_day = "2026-11-29";
  q.to_day = "2026-11-29";
  EXPECT_EQ(ids(q), std::vector<std::string>{"2026-11-29~chercheur.moreau"});

  auto counts = cases_->CountByStatus({});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)[0], 2);  // new
  EXPECT_EQ((*counts)[1], 0);  // under_review
  EXPECT_EQ((*counts)[3], 1);  // incident

  // Pages of one: every case once, newest day first.
  q = {};
  q.limit = 1;
  std::vector<std::string> all;
  for (int i = 0; i < 5; ++i) {
    auto page = cases_->List(q);
    ASSERT_TRUE(page.ok());
    for (const auto& c : page->cases) all.push_back(c.id);
    if (!page->next_cursor) break;
    q.cursor = page->next_cursor;
  }
  EXPECT_EQ(all,
            (std::vector<std::string>{"2026-11-30~analyste.dupont", "2026-11-29~chercheur.moreau",
                                      "2026-11-28~chercheur.moreau"}));
  // Bad filters.
  q = {};
  q.status = "ouvert";
  EXPECT_EQ(cases_->List(q).status().code(), Code::kInvalidArgument);
  q = {};
  q.severity = "grave";
  EXPECT_EQ(cases_->List(q).status().code(), Code::kInvalidArgument);
  q = {};
  q.from_day = "29/11/2026";
  EXPECT_EQ(cases_->List(q).status().code(), Code::kInvalidArgument);
  q = {};
  q.cursor = "x";
  EXPECT_EQ(cases_->List(q).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace garant::access
