// The register of rights requests against a real PostgreSQL: the state
// machine, the deadline with its clock stop and extension, one audit entry
// and one history row per step, sealed identity, nothing half recorded.

#include "garant/consent/rights_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "garant/audit/leaf.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/reseal.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

using std::chrono::days;
using std::chrono::hours;

class RightsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    Query(
        "INSERT INTO staff_accounts (username, display_name, role, password_hash) "
        "VALUES ('dpo', 'DPO', 'dpo', 'x')");
    staff_ = Query("SELECT id FROM staff_accounts WHERE username = 'dpo'").Int(0, 0);
    crypto::Aes256Key ek{};
    ek.fill(0x22);
    ring_ = crypto::KeyRing(ek);
    store_ = std::make_unique<RightsStore>(*pool_, log_, SecureRandom::Instance(), clock_, ring_);
  }

  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  int64_t Count(const std::string& table) {
    return Query("SELECT count(*) FROM " + table).Int(0, 0);
  }

  static NewRightsRequest Claire() {
    NewRightsRequest r;
    r.type = RightType::kAccess;
    r.requester = RightsRequester::kLawyer;
    r.requester_name = "Maître Aubert";
    r.channel = RightsChannel::kLetter;
    r.traits.birth_name = "Vernier";
    r.traits.given_names = "Claire";
    r.traits.birth_date = "1975-07-03";
    r.traits.sex = "F";
    r.contact = "14 rue des Tanneurs\n69001 Lyon";
    return r;
  }

  RightsTransition Do(RightsAction a, std::string text = "") {
    RightsTransition t;
    t.action = a;
    t.text = std::move(text);
    if (a == RightsAction::kVerifyIdentity) t.method = IdentityMethod::kDocumentSeen;
    if (a == RightsAction::kRefuse) t.ground = RefusalGround::kExcessive;
    return t;
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};  // 2026-11-18
  crypto::KeyRing ring_;
  int64_t staff_ = 0;
  std::unique_ptr<RightsStore> store_;
};

TEST_F(RightsStoreTest, CreateSealsTheIdentityAndWritesTheAuditEntry) {
  auto r = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, RightsState::kReceived);
  EXPECT_EQ(r->clock.received_at, clock_.Now());
  EXPECT_TRUE(CanonicalRightsReference(r->reference).ok());
  EXPECT_EQ(*CanonicalRightsReference(r->reference), r->reference);
  EXPECT_EQ(RightsDeadline(r->clock, clock_.Now()), AnswerDeadline(clock_.Now()));

  // Nothing in clear: not in the row, not in the log, not in the history.
  for (const char* sql : {"SELECT row_to_json(r)::text FROM rights_requests r",
                          "SELECT string_agg(row_to_json(e)::text, ',') FROM "
                          "rights_request_events e",
                          "SELECT string_agg(encode(leaf, 'escape'), ',') FROM audit_entries"}) {
    std::string text = Query(sql).Str(0, 0);
    for (const char* clear : {"Vernier", "VERNIER", "Claire", "1975", "Tanneurs", "Aubert"}) {
      EXPECT_EQ(text.find(clear), std::string::npos) << clear << " in " << sql;
    }
  }
  db::Rows leaf = Query("SELECT event_type, object FROM audit_entries");
  ASSERT_EQ(leaf.size(), 1);
  EXPECT_EQ(leaf.Str(0, 0), "rights.request.created");
  EXPECT_EQ(leaf.Str(0, 1), "rights-request/" + r->reference);

  // The DPO's reading opens it, and is itself an entry.
  auto d = store_->Detail(r->reference, "staff:1", "page");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->traits.birth_name, "Vernier");
  EXPECT_EQ(d->traits.birth_date, "1975-07-03");
  EXPECT_EQ(d->contact, "14 rue des Tanneurs\n69001 Lyon");
  EXPECT_EQ(d->requester_name, "Maître Aubert");
  EXPECT_EQ(Count("audit_entries"), 2);
  EXPECT_EQ(Query("SELECT event_type FROM audit_entries WHERE idx = 1").Str(0, 0),
            "rights.request.identity_viewed");

  // Bound to its row: moved to another request, it no longer opens.
  auto other = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(other.ok());
  Query(
      "UPDATE rights_requests SET identity_sealed = (SELECT identity_sealed FROM "
      "rights_requests WHERE reference = $1) WHERE reference = $2",
      {r->reference, other->reference});
  EXPECT_EQ(store_->Detail(other->reference, "staff:1", "page").status().code(), Code::kDataLoss);
}

TEST_F(RightsStoreTest, FromReceiptToAnswerWithTheClockStoppedDuringTheIdentityCheck) {
  auto r = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(r.ok());
  const TimePoint first = AnswerDeadline(clock_.Now());
  clock_.Advance(days(2));
  auto asked = store_->Apply(r->reference, Do(RightsAction::kAskIdentity), staff_, "staff:1");
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_EQ(asked->state, RightsState::kIdentityCheck);
  // Ten days waiting for the proof: the deadline moves ten days.
  clock_.Advance(days(10));
  auto again = store_->Get(r->reference);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(RightsDeadline(again->clock, clock_.Now()), first + days(10));
  EXPECT_EQ(FlagFor(again->state, again->clock, clock_.Now()), DeadlineFlag::kPaused);
  auto checked = store_->Apply(r->reference, Do(RightsAction::kVerifyIdentity), staff_, "staff:1");
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(checked->state, RightsState::kInProgress);
  EXPECT_EQ(checked->clock.paused, days(10));
  EXPECT_FALSE(checked->clock.paused_since.has_value());
  EXPECT_EQ(checked->identity_method, IdentityMethod::kDocumentSeen);
  EXPECT_EQ(checked->identity_checked_by, staff_);
  // The clock runs again: later time does not move the deadline.
  clock_.Advance(days(5));
  auto stored = store_->Get(r->reference);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(RightsDeadline(stored->clock, clock_.Now()), first + days(10));
  EXPECT_EQ(stored->identity_checked_at, clock_.Now() - days(5));

  auto answered =
      store_->Apply(r->reference, Do(RightsAction::kAnswer, "Copie envoyée."), staff_, "staff:1");
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ(answered->state, RightsState::kAnswered);
  EXPECT_EQ(FlagFor(answered->state, answered->clock, clock_.Now() + days(400)),
            DeadlineFlag::kClosed);

  // Four steps, four entries, four history rows, in order.
  auto h = store_->History(r->reference);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 4u);
  EXPECT_EQ((*h)[0].action, "created");
  EXPECT_EQ((*h)[1].action, "ask_identity");
  EXPECT_EQ((*h)[2].action, "verify_identity");
  EXPECT_EQ((*h)[2].from, RightsState::kIdentityCheck);
  EXPECT_EQ((*h)[3].action, "answer");
  EXPECT_EQ((*h)[3].to, RightsState::kAnswered);
  EXPECT_EQ(Count("audit_entries"), 4);
  EXPECT_EQ((*h)[3].audit_index, 3u);
  // The free text is in the row, never in the log.
  EXPECT_EQ(Query("SELECT count(*) FROM audit_entries WHERE encode(leaf, 'escape') LIKE "
                  "'%Copie%'")
                .Int(0, 0),
            0);

  // Closed: nothing else is possible, nothing changes.
  for (RightsAction a : {RightsAction::kAnswer, RightsAction::kRefuse, RightsAction::kExtend,
                         RightsAction::kAskIdentity}) {
    auto x = store_->Apply(r->reference, Do(a, "texte"), staff_, "staff:1");
    EXPECT_EQ(x.status().code(), Code::kConflict) << Name(a);
    EXPECT_EQ(x.status().reason(), kReasonTransitionRefused);
  }
  EXPECT_EQ(Count("audit_entries"), 4);
  EXPECT_EQ(Count("rights_request_events"), 4);
}

TEST_F(RightsStoreTest, IllegalStepsAndMissingTextsChangeNothing) {
  auto r = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(r.ok());
  // No answer before identity is checked.
  auto x = store_->Apply(r->reference, Do(RightsAction::kAnswer, "ok"), staff_, "staff:1");
  EXPECT_EQ(x.status().reason(), kReasonTransitionRefused);
  // Texts and grounds required.
  EXPECT_EQ(
      store_->Apply(r->reference, Do(RightsAction::kExtend), staff_, "staff:1").status().reason(),
      kReasonTextRequired);
  RightsTransition refuse = Do(RightsAction::kRefuse, "Demande répétée");
  refuse.ground.reset();
  EXPECT_EQ(store_->Apply(r->reference, refuse, staff_, "staff:1").status().reason(),
            kReasonGroundInvalid);
  RightsTransition verify = Do(RightsAction::kVerifyIdentity);
  verify.method.reset();
  EXPECT_EQ(store_->Apply(r->reference, verify, staff_, "staff:1").status().reason(),
            kReasonMethodInvalid);
  verify.method = IdentityMethod::kOther;
  EXPECT_EQ(store_->Apply(r->reference, verify, staff_, "staff:1").status().reason(),
            kReasonTextRequired);
  // A page read before someone else acted.
  RightsTransition stale = Do(RightsAction::kAskIdentity);
  stale.expected_state = RightsState::kInProgress;
  EXPECT_EQ(store_->Apply(r->reference, stale, staff_, "staff:1").status().reason(),
            kReasonStateStale);
  EXPECT_EQ(store_->Apply("DRT-0000-0000", Do(RightsAction::kAskIdentity), staff_, "staff:1")
                .status()
                .code(),
            Code::kNotFound);
  EXPECT_EQ(Count("audit_entries"), 1);
  EXPECT_EQ(Count("rights_request_events"), 1);
  EXPECT_EQ(store_->Get(r->reference)->state, RightsState::kReceived);
}

TEST_F(RightsStoreTest, AnExtensionOnceBeforeTheDeadlineAndARefusalWithItsGround) {
  auto r = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(r.ok());
  const TimePoint received = clock_.Now();
  clock_.Advance(days(20));
  auto e = store_->Apply(r->reference, Do(RightsAction::kExtend, "Recherches dans 12 projets."),
                         staff_, "staff:1");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->state, RightsState::kReceived);
  EXPECT_EQ(RightsDeadline(e->clock, clock_.Now()), AddCalendarMonths(received, 3));
  auto twice = store_->Apply(r->reference, Do(RightsAction::kExtend, "encore"), staff_, "staff:1");
  EXPECT_EQ(twice.status().reason(), kReasonAlreadyExtended);

  auto late = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(late.ok());
  clock_.Advance(days(32));
  auto l = store_->Get(late->reference);
  EXPECT_EQ(FlagFor(l->state, l->clock, clock_.Now()), DeadlineFlag::kOverdue);
  EXPECT_EQ(
      store_->Apply(late->reference, Do(RightsAction::kExtend, "trop tard"), staff_, "staff:1")
          .status()
          .reason(),
      kReasonExtensionTooLate);
  auto refused = store_->Apply(
      late->reference, Do(RightsAction::kRefuse, "Troisième demande ce mois."), staff_, "staff:1");
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->state, RightsState::kRefused);
  EXPECT_EQ(refused->refusal_ground, RefusalGround::kExcessive);
  EXPECT_EQ(refused->refusal_reason, "Troisième demande ce mois.");
  // Search: open ones only.
  RightsQuery q;
  q.open_only = true;
  auto open = store_->Search(q);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().reference, r->reference);
}

TEST_F(RightsStoreTest, AnObjectionRequestIsLinkedToItsObjection) {
  PseudonymKey pk{};
  pk.fill(0x11);
  ObjectionStore objections(*pool_, log_, SecureRandom::Instance(), clock_,
                            MakeObjectionKeys(pk, ring_));
  NewObjection o;
  o.traits = Claire().traits;
  auto receipt = objections.Create(o, "public");
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  NewRightsRequest n = Claire();
  n.type = RightType::kObjection;
  n.objection_reference = "OPP-0000-0000";
  EXPECT_EQ(store_->Create(n, staff_, "staff:1").status().code(), Code::kNotFound);
  n.objection_reference = receipt->objection.reference;
  auto r = store_->Create(n, staff_, "staff:1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->objection_reference, receipt->objection.reference);
  EXPECT_EQ(store_->Get(r->reference)->objection_reference, receipt->objection.reference);
  auto back = store_->ForObjection(receipt->objection.reference);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->front().reference, r->reference);
}

TEST_F(RightsStoreTest, TheApplicationRoleCannotDeleteNorRewriteTheHistory) {
  auto r = store_->Create(Claire(), staff_, "staff:1");
  ASSERT_TRUE(r.ok());
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->Exec("DELETE FROM rights_requests").status().code(), Code::kPermissionDenied);
  EXPECT_EQ((*conn)->Exec("UPDATE rights_request_events SET action = 'x'").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ((*conn)->Exec("UPDATE rights_requests SET right_type = 'erasure'").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Count("rights_requests"), 1);
}

TEST_F(RightsStoreTest, ARotationOfTheEncryptionKeyReSealsTheIdentity) {
  auto r = store_->Create(Claire(), staff_, "staff:1");  // under ring_ (key 0x22…)
  ASSERT_TRUE(r.ok());
  crypto::MasterSecret b{};
  b.fill(0x33);
  crypto::MasterSecret a{};
  a.fill(0x22);
  const crypto::KeyRing b_after_a(b, a);
  EXPECT_EQ(*CountRightsRequestsToReseal(*pool_, b_after_a), 1);
  auto done = ResealRightsRequests(*pool_, b_after_a);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, 1);
  EXPECT_EQ(*CountRightsRequestsToReseal(*pool_, b_after_a), 0);
  EXPECT_EQ(*ResealRightsRequests(*pool_, b_after_a), 0);  // idempotent
  // B alone opens it; A alone no longer does.
  RightsStore with_b(*pool_, log_, SecureRandom::Instance(), clock_, crypto::KeyRing(b));
  auto d = with_b.Detail(r->reference, "staff:1", "page");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->traits.birth_name, "Vernier");
  EXPECT_EQ(store_->Detail(r->reference, "staff:1", "page").status().code(), Code::kDataLoss);
}

}  // namespace
}  // namespace garant::consent
