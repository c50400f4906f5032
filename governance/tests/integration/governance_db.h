// What every GovernanceStore integration test shares: a fresh migrated
// database on the shared cluster, the application role's pool, a store over
// it with a manual clock (10/03/2026 11:00 Paris), and the owner connection
// for the checks the application role may not run. Fixtures derive from
// GovernanceDbTest, call its SetUp first and stop on a fatal failure.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/core/migrations.h"
#include "garant/governance/store.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::governance::govtest {

inline TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

inline const std::string kActor = "staff:1";
// The second signatory (two-person rule): another secretary.
inline const std::string kCosigner = "staff:2";

class GovernanceDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using testsupport::SharedCluster;
    std::string owner_info = SharedCluster().CreateDatabase();
    auto owner = db::Connection::Open(owner_info);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    auto applied = db::ApplyMigrations(owner_, sql::Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    pool_ = std::make_unique<db::Pool>(
        db::Pool::Options{SharedCluster().AppConninfo(owner_info), 2, std::chrono::seconds(5)});
    store_ = std::make_unique<GovernanceStore>(*pool_, log_, clock_, SecureRandom::Instance());
  }

  // Creates the committee "cse" (Comité scientifique et éthique) with `quorum`
  // and returns its id, or 0 after failing the test (callers ASSERT_NE(id, 0)).
  int64_t CreateCse(QuorumRule quorum = {}) {
    Committee c;
    c.code = "cse";
    c.name = "Comité scientifique et éthique";
    c.quorum = quorum;
    auto cse = store_->CreateCommittee(kActor, c);
    EXPECT_TRUE(cse.ok()) << cse.status().ToString();
    return cse.ok() ? cse->id : 0;
  }

  // Appoints one voting member (kMember, from 2025-01-01) per name to
  // `committee` and returns their ids, in order (failing the test on error).
  std::vector<int64_t> AddVotingMembers(int64_t committee,
                                        std::initializer_list<const char*> names) {
    std::vector<int64_t> ids;
    for (const char* name : names) {
      Member m;
      m.committee_id = committee;
      m.full_name = name;
      m.role = MemberRole::kMember;
      m.voting = true;
      m.term_start = *ParseDate("2025-01-01");
      auto added = store_->AddMember(kActor, m);
      EXPECT_TRUE(added.ok()) << added.status().ToString();
      if (added.ok()) ids.push_back(added->id);
    }
    return ids;
  }

  // A valid project (research, MR-004, one domain) for `committee`.
  static Project SampleProject(const std::string& reference, int64_t committee) {
    Project p;
    p.reference = reference;
    p.title = "Recours aux visites à domicile";
    p.public_summary = "Étude descriptive des visites à domicile.";
    p.purpose = "research";
    p.no_forbidden_use = true;
    p.legal_basis = "RGPD art. 6.1.e et 9.2.j";
    p.formality = "mr-004";
    p.investigator = "Dr Claire Roux";
    p.organisation = "Université de Lille";
    p.data_domains = {"visits"};
    p.duration_months = 12;
    p.committee_id = committee;
    return p;
  }

  // The payload of the audit entry at `index`, and its actor when asked
  // ({} after failing the test).
  boost::json::object AuditPayload(uint64_t index, std::string* actor = nullptr) {
    auto leaf = audit::ReadLeaf(owner_, index);
    EXPECT_TRUE(leaf.ok());
    if (!leaf.ok()) return {};
    auto ev = audit::DecodeLeaf(*leaf);
    EXPECT_TRUE(ev.ok());
    if (!ev.ok()) return {};
    if (actor) *actor = ev->actor;
    return boost::json::parse(ev->payload).as_object();
  }

  // The single integer a query returns, read as the owner; -1 on error.
  int64_t Count(const std::string& sql) {
    auto r = owner_.Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{T("2026-03-10T10:00:00Z")};
  std::unique_ptr<GovernanceStore> store_;
};

}  // namespace garant::governance::govtest
