// garant keys rotate-encryption's part in consent, against a real PostgreSQL:
// identity traits and contacts sealed under key A (and legacy rows sealed
// under the master itself) are re-sealed under B in batches that survive an
// interruption; afterwards B alone opens everything and A nothing. Receipt
// codes keep verifying by their key id and move to B when used.
#include "garant/consent/reseal.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "garant/consent/objection_store.h"
#include "garant/consent/receipt.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

crypto::MasterSecret Master(uint8_t v) {
  crypto::MasterSecret m{};
  m.fill(v);
  return m;
}

class ResealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    pseudonym_.fill(0x11);
  }

  std::unique_ptr<ObjectionStore> Store(const crypto::KeyRing& ring) {
    return std::make_unique<ObjectionStore>(*pool_, log_, SecureRandom::Instance(), clock_,
                                            MakeObjectionKeys(pseudonym_, ring));
  }
  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    auto conn = db::Connection::Open(owner_);
    EXPECT_TRUE(conn.ok());
    auto rows = conn->Exec(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return std::move(rows).value();
  }
  static NewObjection Person(const std::string& name, std::optional<std::string> contact) {
    NewObjection o;
    o.traits.birth_name = name;
    o.traits.given_names = "Jean";
    o.traits.birth_date = "1970-01-02";
    o.traits.sex = "M";
    o.contact = std::move(contact);
    return o;
  }
  // Rewrites `r`'s row as a row written before key ids: traits and contact
  // sealed directly under the master, the code under the legacy code key.
  void MakeLegacy(const Receipt& r, const crypto::MasterSecret& master, const std::string& traits,
                  const std::string& contact) {
    const std::string& id = r.objection.id;
    Query(
        "UPDATE objections SET traits_sealed = $2, contact_sealed = $3, seal_key_id = 0, "
        "code_hash = $4, code_key_id = 0 WHERE id = $1",
        {id,
         db::Param::Binary(crypto::Aes256GcmSeal(master, AsBytes(traits),
                                                 AsBytes("garant-objection-traits-v1|" + id))),
         db::Param::Binary(crypto::Aes256GcmSeal(master, AsBytes(contact),
                                                 AsBytes("garant-objection-contact-v1|" + id))),
         db::Param::Binary(HashCode(DeriveReceiptCodeKey(master), r.objection.reference, r.code))});
  }
  int64_t Count(const std::string& where) {
    return Query("SELECT count(*) FROM objections WHERE " + where).Int(0, 0);
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};
  PseudonymKey pseudonym_{};
  const crypto::MasterSecret a_ = Master(0xa1);
  const crypto::MasterSecret b_ = Master(0xb2);
};

TEST_F(ResealTest, RotationFromAToBReSealsEverythingResumably) {
  const crypto::KeyRing only_a(a_);
  auto store_a = Store(only_a);
  std::vector<Receipt> receipts;
  const std::vector<std::string> names = {"Dupont", "Martin", "Durand", "Petit", "Legacy"};
  for (const auto& [name, contact] :
       std::vector<std::pair<std::string, std::optional<std::string>>>{
           {"Dupont", "jean@example.org"},
           {"Martin", std::nullopt},
           {"Durand", "01 02 03 04 05"},
           {"Petit", std::nullopt},
           {"Legacy", "ancien@example.org"}}) {
    auto r = store_a->Create(Person(name, contact), "public");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    receipts.push_back(*r);
  }
  auto legacy_detail = store_a->Detail(receipts[4].objection.reference, "staff:1");
  ASSERT_TRUE(legacy_detail.ok());
  // The traits' JSON as sealed: open the row with A's derived key.
  const Bytes traits_json = *crypto::Aes256GcmOpen(
      crypto::DeriveKey(a_, crypto::kLabelSeal),
      Query("SELECT traits_sealed FROM objections WHERE id = $1", {receipts[4].objection.id})
          .Bytea(0, 0),
      AsBytes("garant-objection-traits-v1|" + receipts[4].objection.id));
  MakeLegacy(receipts[4], a_, std::string(AsString(traits_json)), "ancien@example.org");
  EXPECT_EQ(Count("seal_key_id = 0"), 1);
  EXPECT_EQ(Count("seal_key_id = " + std::to_string(crypto::KeyIdOf(a_))), 4);

  // garantd restarted with B current and A previous: everything still opens.
  const crypto::KeyRing b_after_a(b_, a_);
  auto store_ba = Store(b_after_a);
  for (const Receipt& r : receipts) {
    auto d = store_ba->Detail(r.objection.reference, "staff:1");
    ASSERT_TRUE(d.ok()) << r.objection.reference << ": " << d.status().ToString();
  }
  ASSERT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 5);

  // Interrupted after the first batch of 2: those stay re-sealed.
  crypto::ResealOptions options;
  options.batch = 2;
  std::vector<int64_t> progress;
  options.after_batch = [&](int64_t done) {
    progress.push_back(done);
    return Status::Unavailable("killed");
  };
  EXPECT_EQ(ResealObjections(*pool_, b_after_a, options).status().code(), Code::kUnavailable);
  EXPECT_EQ(progress, std::vector<int64_t>{2});
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 3);
  // Resumed: the rest, in batches; then nothing is left (idempotent).
  progress.clear();
  options.after_batch = [&](int64_t done) {
    progress.push_back(done);
    return Status::Ok();
  };
  auto resumed = ResealObjections(*pool_, b_after_a, options);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(*resumed, 3);
  EXPECT_EQ(progress, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(*ResealObjections(*pool_, b_after_a), 0);
  EXPECT_EQ(Count("seal_key_id = " + std::to_string(crypto::KeyIdOf(b_))), 5);

  // B alone opens every row, with the same traits and contacts; A alone none.
  auto store_b = Store(crypto::KeyRing(b_));
  auto store_only_a = Store(only_a);
  for (size_t i = 0; i < receipts.size(); ++i) {
    const std::string& ref = receipts[i].objection.reference;
    auto d = store_b->Detail(ref, "staff:1");
    ASSERT_TRUE(d.ok()) << ref << ": " << d.status().ToString();
    EXPECT_EQ(d->traits.birth_name, names[i]);
    EXPECT_EQ(store_only_a->Detail(ref, "staff:1").status().code(), Code::kDataLoss) << ref;
  }
  auto legacy_after = store_b->Detail(receipts[4].objection.reference, "staff:1");
  ASSERT_TRUE(legacy_after.ok());
  EXPECT_EQ(legacy_after->traits.birth_name, legacy_detail->traits.birth_name);
  EXPECT_EQ(legacy_after->contact, std::optional<std::string>("ancien@example.org"));
  EXPECT_EQ(store_b->Detail(receipts[1].objection.reference, "staff:1")->contact, std::nullopt);
  EXPECT_EQ(store_b->Detail(receipts[2].objection.reference, "staff:1")->contact,
            std::optional<std::string>("01 02 03 04 05"));
}

TEST_F(ResealTest, ReceiptCodesVerifyByTheirKeyIdAndMoveToTheCurrentKeyWhenUsed) {
  auto store_a = Store(crypto::KeyRing(a_));
  auto r = store_a->Create(Person("Dupont", "jean@example.org"), "public");
  auto legacy = store_a->Create(Person("Legacy", std::nullopt), "public");
  ASSERT_TRUE(r.ok() && legacy.ok());
  MakeLegacy(*legacy, a_, "{}", "");
  const crypto::KeyRing b_after_a(b_, a_);
  ASSERT_TRUE(ResealObjections(*pool_, b_after_a).ok());
  EXPECT_EQ(*CountReceiptCodesUnderOtherKeys(*pool_, b_after_a), 2);
  // B alone does not know A's code key: the code no longer verifies.
  auto store_b = Store(crypto::KeyRing(b_));
  EXPECT_EQ(store_b->FindByReceipt(r->objection.reference, r->code).status().code(),
            Code::kNotFound);
  // With A as previous key it does, and is re-hashed under B.
  auto store_ba = Store(b_after_a);
  ASSERT_TRUE(store_ba->FindByReceipt(r->objection.reference, r->code).ok());
  ASSERT_TRUE(store_ba->FindByReceipt(legacy->objection.reference, legacy->code).ok());
  EXPECT_EQ(*CountReceiptCodesUnderOtherKeys(*pool_, b_after_a), 0);
  EXPECT_TRUE(store_b->FindByReceipt(r->objection.reference, r->code).ok());
  EXPECT_TRUE(store_b->FindByReceipt(legacy->objection.reference, legacy->code).ok());
  // A wrong code is still refused, and changes nothing.
  EXPECT_EQ(store_b->FindByReceipt(r->objection.reference, legacy->code).status().code(),
            Code::kNotFound);
  // A withdrawal with a code under the previous key re-hashes it too.
  auto other = store_a->Create(Person("Martin", std::nullopt), "public");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(store_ba->Withdraw(other->objection.reference, other->code, "public").ok());
  EXPECT_EQ(Count("code_key_id = " + std::to_string(crypto::KeyIdOf(b_))), 3);
}

TEST_F(ResealTest, ARowThatDoesNotOpenStopsTheRunWithoutWritingItsBatch) {
  auto store_a = Store(crypto::KeyRing(a_));
  auto r = store_a->Create(Person("Dupont", std::nullopt), "public");
  ASSERT_TRUE(r.ok());
  // Rotating with a previous key that is not A: the rows cannot be opened.
  const crypto::KeyRing b_after_c(b_, Master(0xc3));
  auto run = ResealObjections(*pool_, b_after_c);
  EXPECT_EQ(run.status().code(), Code::kDataLoss);
  EXPECT_NE(run.status().message().find(r->objection.reference), std::string::npos);
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_c), 1);
  EXPECT_TRUE(Store(crypto::KeyRing(a_))->Detail(r->objection.reference, "staff:1").ok());
  EXPECT_EQ(ResealObjections(*pool_, b_after_c, {.batch = 0, .after_batch = {}}).status().code(),
            Code::kInvalidArgument);
}

}  // namespace
}  // namespace garant::consent
