// The register of information notices against a real PostgreSQL: versions
// numbered per audience, each publication an audit entry in the same
// transaction, nothing published on a bad input, published versions
// immutable (trigger for the owner, no UPDATE/DELETE privilege for the
// application role), and objections recording the version in force or the
// one named, never an unknown one.

#include "garant/consent/notice_register.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "garant/consent/objection_store.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

class NoticeRegisterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    reg_ = std::make_unique<NoticeRegister>(*pool_);
  }

  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  int64_t Count(const std::string& table) {
    return Query("SELECT count(*) FROM " + table).Int(0, 0);
  }
  audit::Recorder By(std::string actor = "staff:7") {
    return audit::Recorder{log_, SecureRandom::Instance(), clock_, std::move(actor)};
  }
  Result<Notice> Publish(std::string audience, std::string title = "Notice",
                         std::string body = "Premier paragraphe.\n\nSecond paragraphe.") {
    return reg_->Publish({std::move(audience), std::move(title), std::move(body)}, By());
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};  // 2026-11-18
  std::unique_ptr<NoticeRegister> reg_;
};

TEST_F(NoticeRegisterTest, VersionsAreNumberedPerAudienceWithTheirAuditEntry) {
  auto a1 = Publish("adult", "Notice adultes");
  ASSERT_TRUE(a1.ok()) << a1.status().ToString();
  EXPECT_EQ(a1->version, "adult-1");
  EXPECT_EQ(a1->number, 1);
  EXPECT_EQ(a1->published_at, clock_.Now());
  EXPECT_EQ(a1->published_by, "staff:7");
  clock_.Advance(std::chrono::hours(24));
  auto m1 = Publish("minor");
  ASSERT_TRUE(m1.ok());
  EXPECT_EQ(m1->version, "minor-1");
  auto a2 = Publish("adult", "Notice adultes, v2");
  ASSERT_TRUE(a2.ok());
  EXPECT_EQ(a2->version, "adult-2");

  // One entry per publication, bound to the row.
  db::Rows e = Query("SELECT idx, event_type, object, actor FROM audit_entries ORDER BY idx");
  ASSERT_EQ(e.size(), 3);
  EXPECT_EQ(e.Str(0, 1), "notice.published");
  EXPECT_EQ(e.Str(0, 2), "notice/adult-1");
  EXPECT_EQ(e.Str(0, 3), "staff:7");
  EXPECT_EQ(e.Str(2, 2), "notice/adult-2");
  EXPECT_EQ(static_cast<int64_t>(a2->audit_index), e.Int(2, 0));
  EXPECT_EQ(
      Query("SELECT audit_index FROM information_notices WHERE version = 'adult-2'").Int(0, 0),
      e.Int(2, 0));

  auto current = reg_->Current(NoticeAudience::kAdult);
  ASSERT_TRUE(current.ok());
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->version, "adult-2");
  EXPECT_EQ((*current)->title, "Notice adultes, v2");
  auto none = reg_->Current(NoticeAudience::kProfessional);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto history = reg_->History(NoticeAudience::kAdult);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, "adult-2");
  EXPECT_EQ((*history)[1].version, "adult-1");
  EXPECT_EQ((*history)[1].body, "Premier paragraphe.\n\nSecond paragraphe.");
  auto all = reg_->History();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);

  auto found = reg_->Find("minor-1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->audience, NoticeAudience::kMinor);
  EXPECT_EQ(reg_->Find("minor-9").status().code(), Code::kNotFound);
  EXPECT_EQ(reg_->Find("' OR true --").status().code(), Code::kNotFound);
}

TEST_F(NoticeRegisterTest, BadInputsPublishNothing) {
  struct Case {
    NewNotice n;
    std::string_view reason;
  };
  const std::string long_title(kMaxNoticeTitleChars + 1, 'x');
  const std::string long_body(kMaxNoticeBodyChars + 1, 'x');
  const Case cases[] = {
      {{"adults", "Titre", "Texte"}, kReasonNoticeAudienceInvalid},
      {{"", "Titre", "Texte"}, kReasonNoticeAudienceInvalid},
      {{"adult", "", "Texte"}, kReasonNoticeTitleRequired},
      {{"adult", "  ", "Texte"}, kReasonNoticeTitleRequired},
      {{"adult", long_title, "Texte"}, kReasonNoticeTitleTooLong},
      {{"adult", "Titre", ""}, kReasonNoticeBodyRequired},
      {{"adult", "Titre", " \n\n\t"}, kReasonNoticeBodyRequired},
      {{"adult", "Titre", long_body}, kReasonNoticeBodyTooLong},
      {{"adult", "Titre\nsur deux lignes", "Texte"}, kReasonNoticeTextInvalid},
      {{"adult", "Titre", std::string("Texte\x01")}, kReasonNoticeTextInvalid},
      {{"adult", "Titre", std::string("\xff\xfe")}, kReasonNoticeTextInvalid},
  };
  for (const Case& c : cases) {
    auto r = reg_->Publish(c.n, By());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << c.reason;
    EXPECT_EQ(r.status().reason(), c.reason);
  }
  EXPECT_EQ(Count("information_notices"), 0);
  EXPECT_EQ(Count("audit_entries"), 0);
  // The limits themselves are accepted (characters, not bytes: "é" is two).
  EXPECT_TRUE(Publish(
                  "adult", std::string(kMaxNoticeTitleChars / 2, 'x') +
                               [] {
                                 std::string s;
                                 for (size_t i = 0; i < kMaxNoticeTitleChars / 2; ++i) s += "é";
                                 return s;
                               }())
                  .ok());
}

TEST_F(NoticeRegisterTest, APublishedVersionNeverChanges) {
  ASSERT_TRUE(Publish("adult").ok());
  // The application role: no UPDATE nor DELETE privilege.
  {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    EXPECT_EQ((*conn)->Exec("UPDATE information_notices SET body = 'autre'").status().code(),
              Code::kPermissionDenied);
    EXPECT_EQ((*conn)->Exec("DELETE FROM information_notices").status().code(),
              Code::kPermissionDenied);
  }
  // Even the owner: the append-only trigger.
  auto owner = db::Connection::Open(owner_);
  ASSERT_TRUE(owner.ok());
  EXPECT_FALSE(owner->Exec("UPDATE information_notices SET body = 'autre'").ok());
  EXPECT_FALSE(owner->Exec("DELETE FROM information_notices").ok());
  EXPECT_EQ(Query("SELECT body FROM information_notices").Str(0, 0),
            "Premier paragraphe.\n\nSecond paragraphe.");
  // A label that does not match its audience and number is refused.
  EXPECT_FALSE(owner
                   ->Exec("INSERT INTO information_notices (audience, number, version, title, "
                          "body, published_at, published_by, audit_index) VALUES ('adult', 2, "
                          "'minor-2', 't', 'b', now(), 'x', 0)")
                   .ok());
}

class NoticeObjectionTest : public NoticeRegisterTest {
 protected:
  void SetUp() override {
    NoticeRegisterTest::SetUp();
    PseudonymKey pk{};
    pk.fill(0x11);
    crypto::Aes256Key ek{};
    ek.fill(0x22);
    objections_ = std::make_unique<ObjectionStore>(*pool_, log_, SecureRandom::Instance(), clock_,
                                                   MakeObjectionKeys(pk, crypto::KeyRing(ek)));
  }
  static NewObjection Web(Requester r = Requester::kPatient) {
    NewObjection o;
    o.traits.birth_name = "Dupont";
    o.traits.given_names = "Marie";
    o.traits.birth_date = "1980-05-14";
    o.traits.sex = "F";
    o.requester = r;
    return o;
  }
  std::unique_ptr<ObjectionStore> objections_;
};

TEST_F(NoticeObjectionTest, AnObjectionRecordsTheVersionInForceForItsAudience) {
  // Nothing published yet: "none".
  auto before = objections_->Create(Web(), "public");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->objection.notice_version, "none");

  ASSERT_TRUE(Publish("adult").ok());
  ASSERT_TRUE(Publish("adult").ok());
  ASSERT_TRUE(Publish("minor").ok());
  auto patient = objections_->Create(Web(), "public");
  ASSERT_TRUE(patient.ok());
  EXPECT_EQ(patient->objection.notice_version, "adult-2");
  auto parent = objections_->Create(Web(Requester::kParent), "public");
  ASSERT_TRUE(parent.ok());
  EXPECT_EQ(parent->objection.notice_version, "minor-1");
  EXPECT_EQ(Query("SELECT notice_version FROM objections WHERE reference = $1",
                  {parent->objection.reference})
                .Str(0, 0),
            "minor-1");
}

TEST_F(NoticeObjectionTest, ANamedVersionMustBeInTheRegister) {
  ASSERT_TRUE(Publish("adult").ok());
  ASSERT_TRUE(Publish("adult").ok());
  // An older version, as shown by a form rendered before adult-2.
  NewObjection shown = Web();
  shown.notice_version = "adult-1";
  auto r = objections_->Create(shown, "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->objection.notice_version, "adult-1");
  // "none" is what a form rendered before any publication carries.
  shown.notice_version = "none";
  EXPECT_TRUE(objections_->Create(shown, "public").ok());
  const int64_t objections = Count("objections");
  const int64_t entries = Count("audit_entries");
  for (const char* unknown : {"adult-3", "2026-11-v1", "minor-1", ""}) {
    NewObjection o = Web();
    o.notice_version = unknown;
    auto bad = objections_->Create(o, "public");
    EXPECT_EQ(bad.status().code(), Code::kInvalidArgument) << unknown;
    EXPECT_EQ(bad.status().reason(), kReasonNoticeVersionUnknown) << unknown;
  }
  EXPECT_EQ(Count("objections"), objections);
  EXPECT_EQ(Count("audit_entries"), entries);
}

}  // namespace
}  // namespace garant::consent
