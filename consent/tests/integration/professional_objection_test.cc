// Objections of health professionals against a real PostgreSQL: the RPPS
// token stored like a patient's, the number sealed, the receipt, withdrawal
// and search of the common flow, the exclusion list's "professional" scope,
// re-tokenisation under a new key, and the schema's own checks.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "garant/audit/leaf.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/exclusion_store.h"
#include "garant/consent/filter.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/retokenise.h"
#include "garant/consent/rpps.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

constexpr const char* kRpps = "10001234567";

class ProfessionalObjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    pk_.fill(0x11);
    ek_.fill(0x22);
    keys_ = MakeObjectionKeys(pk_, crypto::KeyRing(ek_));
    store_ =
        std::make_unique<ObjectionStore>(*pool_, log_, SecureRandom::Instance(), clock_, keys_);
  }

  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  Status Exec(const std::string& sql) {
    auto conn = db::Connection::Open(owner_);
    if (!conn.ok()) return conn.status();
    return conn->Exec(sql).status();
  }

  static NewObjection Professional(std::string rpps = kRpps) {
    NewObjection o;
    o.subject = SubjectKind::kProfessional;
    o.requester = Requester::kProfessional;
    o.scope = std::string(kScopeProfessional);
    o.rpps = std::move(rpps);
    o.contact = "dr.lambert@example.org";
    return o;
  }
  static NewObjection Patient() {
    NewObjection o;
    o.traits.birth_name = "Dupont";
    o.traits.given_names = "Marie";
    o.traits.birth_date = "1985-03-14";
    o.traits.sex = "F";
    return o;
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};  // 2026-11-18
  PseudonymKey pk_{};
  crypto::Aes256Key ek_{};
  ObjectionKeys keys_;
  std::unique_ptr<ObjectionStore> store_;
};

TEST_F(ProfessionalObjectionTest, StoresTheRppsTokenSealsTheNumberAndAuditsWithoutIt) {
  auto r = store_->Create(Professional(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->objection.subject, SubjectKind::kProfessional);
  EXPECT_EQ(r->objection.token_count, 1);

  db::Rows tokens = Query("SELECT token, key_id FROM objection_tokens");
  ASSERT_EQ(tokens.size(), 1);
  EXPECT_EQ(tokens.Str(0, 0), *RppsToken(pk_, kRpps));
  EXPECT_EQ(tokens.Str(0, 1), keys_.pseudonym_key_id);

  db::Rows row =
      Query("SELECT subject_kind, requester, scope, row_to_json(o)::text FROM objections o");
  EXPECT_EQ(row.Str(0, 0), "professional");
  EXPECT_EQ(row.Str(0, 1), "professional");
  EXPECT_EQ(row.Str(0, 2), "professional");
  const std::string text = row.Str(0, 3);
  for (const char* clear : {kRpps, "1000123", "lambert"}) {
    EXPECT_EQ(text.find(clear), std::string::npos) << clear;
  }

  db::Rows leaf = Query("SELECT leaf FROM audit_entries WHERE event_type = 'objection.created'");
  ASSERT_EQ(leaf.size(), 1);
  auto event = audit::DecodeLeaf(leaf.Bytea(0, 0));
  ASSERT_TRUE(event.ok());
  EXPECT_NE(event->payload.find("\"subject_kind\":\"professional\""), std::string::npos);
  EXPECT_NE(event->payload.find(*RppsToken(pk_, kRpps)), std::string::npos);
  EXPECT_EQ(event->payload.find(kRpps), std::string::npos);

  // The DPO's detail opens the sealed number (an audited reading).
  auto d = store_->Detail(r->objection.reference, "staff:1");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->rpps, kRpps);
  EXPECT_EQ(d->traits.birth_name, "");
  EXPECT_EQ(d->tokens, std::vector<std::string>{*RppsToken(pk_, kRpps)});
}

TEST_F(ProfessionalObjectionTest, InvalidNumbersRecordNothing) {
  for (const char* bad : {"1000123456", "100012345678", "1000123456A", ""}) {
    auto r = store_->Create(Professional(bad), "public");
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(Query("SELECT count(*) FROM objections").Int(0, 0), 0);
  EXPECT_EQ(Query("SELECT count(*) FROM audit_entries").Int(0, 0), 0);
}

TEST_F(ProfessionalObjectionTest, ReceiptStatusWithdrawalAndSearchAreTheCommonFlow) {
  auto pro = store_->Create(Professional(), "public");
  auto pat = store_->Create(Patient(), "public");
  ASSERT_TRUE(pro.ok() && pat.ok());
  auto found = store_->FindByReceipt(pro->objection.reference, pro->code);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->subject, SubjectKind::kProfessional);

  ObjectionQuery q;
  q.subject = SubjectKind::kProfessional;
  auto pros = store_->Search(q);
  ASSERT_TRUE(pros.ok());
  ASSERT_EQ(pros->size(), 1u);
  EXPECT_EQ((*pros)[0].reference, pro->objection.reference);
  q.subject = SubjectKind::kPatient;
  auto pats = store_->Search(q);
  ASSERT_TRUE(pats.ok());
  ASSERT_EQ(pats->size(), 1u);
  EXPECT_EQ((*pats)[0].subject, SubjectKind::kPatient);

  auto w = store_->Withdraw(pro->objection.reference, pro->code, "public");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->status, ObjectionStatus::kWithdrawn);
}

TEST_F(ProfessionalObjectionTest, TheListCarriesTheTokenWithTheProfessionalScope) {
  crypto::Ed25519Seed seed{};
  seed.fill(3);
  PublisherKeys keys;
  keys.signing = seed;
  keys.pseudonym = pk_;
  ExclusionPublisher publisher(*pool_, log_, SecureRandom::Instance(), clock_, keys);
  auto pro = store_->Create(Professional(), "public");
  ASSERT_TRUE(pro.ok());
  ASSERT_TRUE(store_->Create(Patient(), "public").ok());
  ASSERT_TRUE(publisher.RunPublishRound().ok());

  ExclusionStore lists(*pool_);
  auto current = lists.CurrentDocument();
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  VerifyOptions vo;
  vo.verify_key = *crypto::Ed25519PublicFromSeed(seed);
  vo.now = clock_.Now();
  vo.expected_pseudonym_key_id = keys_.pseudonym_key_id;
  auto list = VerifyExclusionList(current->second, vo);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->scopes, (std::vector<std::string>{"all", "professional"}));
  EXPECT_NE(current->second.find("{\"scope\":\"professional\",\"tokens\":[\"" +
                                 *RppsToken(pk_, kRpps) + "\"]}"),
            std::string::npos)
      << current->second;
  // The filter's indexes: the patient's tokens exclude, the professional's flags.
  EXPECT_EQ(ExclusionIndex::Build(*list, std::nullopt).size(), 1u);
  EXPECT_EQ(ExclusionIndex::BuildProfessionals(*list).size(), 1u);

  // Withdrawn: the next version no longer carries it.
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(store_->Withdraw(pro->objection.reference, pro->code, "public").ok());
  auto next = publisher.RunPublishRound();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_TRUE(next->published.has_value());
  auto after = lists.CurrentDocument();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->second.find("professional"), std::string::npos);
}

TEST_F(ProfessionalObjectionTest, KeyRotationRetokenisesFromTheSealedNumber) {
  auto pro = store_->Create(Professional(), "public");
  ASSERT_TRUE(pro.ok());
  PseudonymKey next{};
  next.fill(0x33);
  auto report = RetokeniseObjections(*pool_, log_, SecureRandom::Instance(), clock_,
                                     crypto::KeyRing(ek_), next, "service:test");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->objections, 1);
  EXPECT_EQ(report->tokens, 1);
  db::Rows t =
      Query("SELECT token FROM objection_tokens WHERE key_id = $1", {PseudonymKeyId(next)});
  ASSERT_EQ(t.size(), 1);
  EXPECT_EQ(t.Str(0, 0), *RppsToken(next, kRpps));
}

TEST_F(ProfessionalObjectionTest, TheSchemaKeepsKindRequesterAndScopeTogether) {
  auto pro = store_->Create(Professional(), "public");
  auto pat = store_->Create(Patient(), "public");
  ASSERT_TRUE(pro.ok() && pat.ok());
  // Each of the three alone cannot disagree with the others.
  for (const char* change :
       {"scope = 'all'", "requester = 'patient'", "subject_kind = 'patient'"}) {
    Status st = Exec(std::string("UPDATE objections SET ") + change + " WHERE reference = '" +
                     pro->objection.reference + "'");
    EXPECT_FALSE(st.ok()) << change;
  }
  for (const char* change : {"scope = 'professional'", "requester = 'professional'",
                             "subject_kind = 'professional'", "subject_kind = 'nurse'"}) {
    Status st = Exec(std::string("UPDATE objections SET ") + change + " WHERE reference = '" +
                     pat->objection.reference + "'");
    EXPECT_FALSE(st.ok()) << change;
  }
}

TEST_F(ProfessionalObjectionTest, AnUnknownStoredSubjectKindIsDataLoss) {
  auto pro = store_->Create(Professional(), "public");
  ASSERT_TRUE(pro.ok());
  ASSERT_TRUE(Exec("ALTER TABLE objections DROP CONSTRAINT objections_subject_kind_check").ok());
  ASSERT_TRUE(Exec("ALTER TABLE objections DROP CONSTRAINT objections_professional_check").ok());
  ASSERT_TRUE(Exec("UPDATE objections SET subject_kind = 'nurse'").ok());
  auto got = store_->Get(pro->objection.reference);
  EXPECT_EQ(got.status().code(), Code::kDataLoss);
}

}  // namespace
}  // namespace garant::consent
