// LeaderElection over a real PostgreSQL: one holder of the advisory lock at
// a time, take-over when the holder's session dies or it stops; and
// connections that follow the primary (multi-host conninfo, standby-like
// servers skipped, read-only sessions dropped by the pool).

#include "garant/core/leader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "garant/core/db.h"
#include "pg_cluster.h"

namespace garant::db {
namespace {

using std::chrono::milliseconds;
using testsupport::SharedCluster;
using testsupport::TestCluster;

constexpr int64_t kKey = 0x7465'7374'0001;

struct Counted {
  std::atomic<int> elected{0};
  std::atomic<int> deposed{0};
  LeaderElection::Callbacks callbacks() {
    return {[this] { ++elected; }, [this] { ++deposed; }};
  }
};

// Ends, as the superuser, the session holding the advisory lock in `db`.
void KillLockHolder(const std::string& db) {
  Result<Connection> su = Connection::Open(SharedCluster().SuperuserConninfo(db));
  ASSERT_TRUE(su.ok()) << su.status().ToString();
  Result<Rows> r = su->Exec(
      "SELECT pid, pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND "
      "granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1) << "exactly one session holds the lock";
  const std::string pid = r->Str(0, 0);
  // pg_terminate_backend only signals the backend: the lock is free once it
  // has exited (under load, some milliseconds later). Wait for that session
  // to be gone, so that the next Step() of the other candidate is not a race
  // with the exit. (Another candidate's thread may take the lock at once:
  // only the killed session's exit is waited for.)
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    Result<Rows> alive =
        su->Exec("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", {pid});
    ASSERT_TRUE(alive.ok()) << alive.status().ToString();
    if (alive->Int(0, 0) == 0) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the killed session did not end";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool WaitFor(const std::function<bool()>& cond, milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return cond();
}

TEST(LeaderElectionTest, OneLeaderAndTakeOverWhenItsSessionDies) {
  const std::string db = SharedCluster().CreateDatabase();
  const std::string app = SharedCluster().AppConninfo(db);
  Counted ca;
  Counted cb;
  LeaderElection a({app, kKey, milliseconds(50), "a"}, ca.callbacks());
  LeaderElection b({app, kKey, milliseconds(50), "b"}, cb.callbacks());
  EXPECT_TRUE(a.Step());
  EXPECT_FALSE(b.Step());
  EXPECT_TRUE(a.Step()) << "still holds it";
  EXPECT_FALSE(b.Step());
  EXPECT_EQ(ca.elected, 1);
  EXPECT_EQ(cb.elected, 0);

  // The leader's session ends (PostgreSQL restart, failover, network): the
  // lock is free and the other one takes it; the old leader steps down.
  KillLockHolder(db);
  EXPECT_TRUE(b.Step());
  EXPECT_FALSE(a.Step());
  EXPECT_EQ(ca.deposed, 1);
  EXPECT_FALSE(a.is_leader());
  EXPECT_TRUE(b.is_leader());
  EXPECT_FALSE(a.Step()) << "b holds it";
  EXPECT_EQ(ca.elected, 1);
  EXPECT_EQ(cb.elected, 1);
  EXPECT_EQ(cb.deposed, 0);
}

TEST(LeaderElectionTest, AnotherProcessTakesOverWithinAFewIntervals) {
  const std::string db = SharedCluster().CreateDatabase();
  const std::string app = SharedCluster().AppConninfo(db);
  Counted ca;
  Counted cb;
  auto a = std::make_unique<LeaderElection>(
      LeaderElection::Options{app, kKey, milliseconds(50), "a"}, ca.callbacks());
  LeaderElection b({app, kKey, milliseconds(50), "b"}, cb.callbacks());
  a->Start();
  ASSERT_TRUE(WaitFor([&] { return a->is_leader(); }, milliseconds(5000)));
  b.Start();
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_FALSE(b.is_leader()) << "two leaders";

  // The holder's session is killed while its thread runs: it notices and
  // steps down, and one of the two leads again. Which one is a race (a
  // defers one round, but under load b's next try can still come later),
  // and either is right: the property is one leader again, and a deposed.
  KillLockHolder(db);
  ASSERT_TRUE(WaitFor([&] { return ca.deposed.load() == 1; }, milliseconds(5000)));
  ASSERT_TRUE(WaitFor([&] { return a->is_leader() || b.is_leader(); }, milliseconds(5000)));
  EXPECT_NE(a->is_leader(), b.is_leader()) << "exactly one leader";
  EXPECT_EQ(ca.elected + cb.elected, 2) << "one election after the first";

  // The leader stops (its process ends): the other takes over.
  if (b.is_leader()) {
    b.Stop();
    EXPECT_EQ(cb.deposed, 1);
    EXPECT_FALSE(b.is_leader());
    ASSERT_TRUE(WaitFor([&] { return a->is_leader(); }, milliseconds(5000)));
    EXPECT_EQ(ca.elected, 2);
    a.reset();
    EXPECT_EQ(ca.deposed, 2) << "stopping a leader steps it down";
  } else {
    a.reset();
    EXPECT_EQ(ca.deposed, 2) << "stopping a leader steps it down";
    ASSERT_TRUE(WaitFor([&] { return b.is_leader(); }, milliseconds(5000)));
    EXPECT_EQ(cb.elected, 1);
    b.Stop();
    EXPECT_EQ(cb.deposed, 1);
  }
}

TEST(LeaderElectionTest, NoLeaderWithoutADatabaseThenOneWhenItIsBack) {
  TestCluster own;
  ASSERT_TRUE(own.status().ok()) << own.status().ToString();
  const std::string app = own.AppConninfo("garant");
  Counted c;
  LeaderElection e({app, kKey, milliseconds(50), "e"}, c.callbacks());
  ASSERT_TRUE(e.Step());
  ASSERT_TRUE(own.StopServer().ok());
  EXPECT_FALSE(e.Step()) << "the server is gone";
  EXPECT_EQ(c.deposed, 1);
  EXPECT_FALSE(e.Step());
  ASSERT_TRUE(own.StartServer().ok());
  EXPECT_TRUE(e.Step());
  EXPECT_EQ(c.elected, 2);
}

// A multi-host conninfo keeps the host that accepts writes: a server in
// read-only mode (what libpq sees of a standby) is skipped.
TEST(MultiHostTest, ConnectsToTheHostThatAcceptsWrites) {
  TestCluster standby;
  ASSERT_TRUE(standby.status().ok()) << standby.status().ToString();
  {
    Result<Connection> su = Connection::Open(standby.SuperuserConninfo());
    ASSERT_TRUE(su.ok());
    ASSERT_TRUE(su->Exec("ALTER SYSTEM SET default_transaction_read_only = on").ok());
    ASSERT_TRUE(su->Exec("SELECT pg_reload_conf()").ok());
  }
  TestCluster& primary = SharedCluster();
  const std::string db = primary.CreateDatabase();
  const std::string name = primary.DatabaseName(db);
  const std::string hosts =
      standby.postgres().socket_dir().string() + "," + primary.postgres().socket_dir().string();
  const std::string ports =
      std::to_string(standby.postgres().port()) + "," + std::to_string(primary.postgres().port());
  auto port_of = [](Connection& c) {
    Result<Rows> r = c.Exec("SELECT current_setting('port')");
    return r.ok() ? r->Str(0, 0) : std::string("?");
  };
  // As a URI, the way an operator writes it (hosts percent-encoded sockets).
  auto pct = [](const std::string& s) {
    std::string out;
    for (char ch : s) out += ch == '/' ? std::string("%2F") : std::string(1, ch);
    return out;
  };
  // Database "garant" and role garant_owner exist on both servers.
  const std::string uri = "postgresql://garant_owner@" + pct(standby.postgres().socket_dir()) +
                          ":" + std::to_string(standby.postgres().port()) + "," +
                          pct(primary.postgres().socket_dir()) + ":" +
                          std::to_string(primary.postgres().port()) + "/garant";
  Result<std::string> keyword = ConninfoWithPassword(uri, std::nullopt);
  ASSERT_TRUE(keyword.ok()) << keyword.status().ToString();
  Result<Connection> c = Connection::Open(*keyword);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(port_of(*c), std::to_string(primary.postgres().port()));
  EXPECT_TRUE(c->Exec("CREATE TEMP TABLE t (x int)").ok());

  // Keyword form, and the first host not there at all.
  Result<Connection> k =
      Connection::Open("host='/nonexistent-garant," + primary.postgres().socket_dir().string() +
                       "' port='" + ports + "' user=garant_app dbname=" + name);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(port_of(*k), std::to_string(primary.postgres().port()));

  // target_session_attrs=any (set by the operator) takes the first host.
  Result<Connection> any = Connection::Open("host='" + hosts + "' port='" + ports +
                                            "' user=garant_owner dbname=garant "
                                            "target_session_attrs=any");
  ASSERT_TRUE(any.ok()) << any.status().ToString();
  EXPECT_EQ(port_of(*any), std::to_string(standby.postgres().port()));
  // Only read-only servers: no connection.
  Result<Connection> none = Connection::Open(standby.OwnerConninfo("garant"));
  EXPECT_EQ(none.status().code(), Code::kUnavailable) << none.status().ToString();
}

TEST(MultiHostTest, AWriteRefusedAsReadOnlyIsUnavailableAndTheConnectionIsDropped) {
  Pool pool({SharedCluster().CreateDatabase(), 2, milliseconds(1000)});
  {
    Result<PooledConnection> c = pool.Acquire();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->Exec("SET default_transaction_read_only = on").ok());
    Result<Rows> w = (*c)->Exec("CREATE TABLE t (x int)");
    EXPECT_EQ(w.status().code(), Code::kUnavailable) << w.status().ToString();
    EXPECT_FALSE((*c)->Healthy()) << "never reused: it may be a standby now";
  }
  EXPECT_EQ(pool.stats().discarded_broken, 1u);
  EXPECT_EQ(pool.stats().open, 0u);
  Result<PooledConnection> fresh = pool.Acquire();
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE((*fresh)->Exec("CREATE TABLE t (x int)").ok());
}

}  // namespace
}  // namespace garant::db
