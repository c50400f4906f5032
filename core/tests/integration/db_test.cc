// Connection, Rows, Transaction and the SQLSTATE mapping against a real server.

#include "garant/core/db.h"

#include <gtest/gtest.h>

#include <string>

#include "garant/core/clock.h"
#include "pg_cluster.h"

namespace garant::db {
namespace {

using testsupport::SharedCluster;

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Connection> c = Connection::Open(SharedCluster().CreateDatabase());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    conn_ = std::move(c).value();
    ASSERT_TRUE(conn_
                    .ExecScript("CREATE TABLE t (id bigint PRIMARY KEY, name text, data bytea,"
                                " flag boolean, CHECK (id > 0))")
                    .ok());
  }

  int64_t Count() {
    Result<Rows> r = conn_.Exec("SELECT count(*) FROM t");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  Connection conn_;
};

TEST_F(DbTest, ExecRoundTripsTextNullBinaryAndUnicode) {
  const Bytes blob = {0x00, 0x01, 0x5c, 0x78, 0xff, 0x00, 0x27};
  const std::string unicode = "Élodie Ngọc 李 — \xF0\x9F\x98\x80";
  Result<Rows> ins = conn_.Exec("INSERT INTO t (id, name, data, flag) VALUES ($1, $2, $3, $4)",
                                {Param(int64_t{1}), Param(unicode), Param::Binary(blob), true});
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  EXPECT_EQ(ins->Affected(), 1);
  ASSERT_TRUE(conn_
                  .Exec("INSERT INTO t (id, name, data, flag) VALUES ($1, $2, $3, $4)",
                        {2, Param::Null(), Param::Null(), Param::Optional(std::nullopt)})
                  .ok());

  Result<Rows> r = conn_.Exec("SELECT id, name, data, flag FROM t ORDER BY id");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2);
  ASSERT_EQ(r->columns(), 4);
  EXPECT_EQ(r->Column("name"), 1);
  EXPECT_EQ(r->Column("missing"), -1);
  EXPECT_EQ(r->Int(0, 0), 1);
  EXPECT_EQ(r->Str(0, 1), unicode);
  EXPECT_EQ(r->Bytea(0, 2), blob);
  EXPECT_TRUE(r->Bool(0, 3));
  EXPECT_FALSE(r->IsNull(0, 1));
  EXPECT_TRUE(r->IsNull(1, 1));
  EXPECT_TRUE(r->IsNull(1, 2));
  EXPECT_TRUE(r->IsNull(1, 3));
  EXPECT_EQ(r->Text(1, 1), "");
  EXPECT_TRUE(r->Bytea(1, 2).empty());
  EXPECT_FALSE(r->Bool(1, 3));
  EXPECT_EQ(r->Int(1, 1), 0);
  EXPECT_TRUE(r->IsNull(5, 0));  // out of range reads as NULL
}

TEST_F(DbTest, SessionIsUtf8AndUtc) {
  Result<Rows> r = conn_.Exec(
      "SELECT current_setting('client_encoding'),"
      " current_setting('TimeZone'), now()::text");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Str(0, 0), "UTF8");
  EXPECT_EQ(r->Str(0, 1), "UTC");
  EXPECT_EQ(r->Str(0, 2).substr(r->Str(0, 2).size() - 3), "+00");
  Result<Rows> style = conn_.Exec("SELECT current_setting('DateStyle')");
  ASSERT_TRUE(style.ok());
  EXPECT_EQ(style->Str(0, 0), "ISO, MDY");
  // PostgreSQL's default is on; garant's sessions never JIT-compile (db.cc).
  Result<Rows> jit = conn_.Exec("SELECT current_setting('jit')");
  ASSERT_TRUE(jit.ok());
  EXPECT_EQ(jit->Str(0, 0), "off");
}

TEST_F(DbTest, TimeColumnRoundTripsInBothFormats) {
  ASSERT_TRUE(conn_.ExecScript("CREATE TABLE times (id int PRIMARY KEY, at timestamptz)").ok());
  const TimePoint with_micros =
      FromUnixMicros(1'795'886'451'123'456);  // 2026-11-28T17:20:51.123456Z
  const TimePoint whole_second = FromUnixMicros(1'795'886'451'000'000);
  const TimePoint tenths = FromUnixMicros(1'795'886'451'100'000);
  const TimePoint before_2000 = FromUnixMicros(-1'000'000);  // 1969-12-31T23:59:59Z
  const TimePoint times[] = {with_micros, whole_second, tenths, before_2000};
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(
        conn_
            .Exec("INSERT INTO times VALUES ($1, $2::timestamptz)", {i, FormatRfc3339Utc(times[i])})
            .ok());
  }
  ASSERT_TRUE(conn_.Exec("INSERT INTO times VALUES (4, NULL)").ok());
  for (bool binary : {false, true}) {
    Result<Rows> r = binary ? conn_.ExecBinary("SELECT at FROM times ORDER BY id")
                            : conn_.Exec("SELECT at FROM times ORDER BY id");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->size(), 5);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(r->Time(i, 0), times[i]) << i << (binary ? " binary" : " text");
      EXPECT_EQ(r->OptionalTime(i, 0), times[i]);
    }
    EXPECT_EQ(r->OptionalTime(4, 0), std::nullopt);
    EXPECT_EQ(r->Time(4, 0), TimePoint{});
  }
  // A parameter given as RFC 3339 and read back is the same instant.
  Result<Rows> now = conn_.Exec("SELECT $1::timestamptz", {FormatRfc3339Utc(with_micros)});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(FormatRfc3339Utc(now->Time(0, 0)), "2026-11-28T17:20:51.123456Z");
}

TEST_F(DbTest, TimeOnAnotherEncodingAborts) {
  Result<Rows> r =
      conn_.Exec("SELECT extract(epoch FROM now()), to_char(now(), 'YYYY-MM-DD'), now()::text");
  ASSERT_TRUE(r.ok());
  EXPECT_DEATH((void)r->Time(0, 0), "Rows::Time on text-format column 0 .*type OID 1700");
  EXPECT_DEATH((void)r->Time(0, 1), "Rows::Time .*type OID 25");
  EXPECT_DEATH((void)r->Time(0, 2), "Rows::Time .*type OID 25");
}

TEST_F(DbTest, InjectionLookingTextStaysData) {
  const std::string evil = "x'); DROP TABLE t; --";
  ASSERT_TRUE(conn_.Exec("INSERT INTO t (id, name) VALUES (1, $1)", {evil}).ok());
  Result<Rows> r = conn_.Exec("SELECT name FROM t WHERE name = $1", {evil});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1);
  EXPECT_EQ(r->Str(0, 0), evil);
  EXPECT_EQ(Count(), 1);
}

// Every element comes back as itself: quotes, backslashes, commas, braces,
// spaces, the word NULL, the empty string and non-ASCII text.
TEST_F(DbTest, TextArrayLiteralRoundTripsEveryElement) {
  const std::vector<std::string> values = {
      "plain", "with \"quote\"", "back\\slash", "a,b", "{x}", " spaced ", "NULL", "", "é‰"};
  Result<Rows> r = conn_.Exec(
      "SELECT x, x IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n",
      {TextArrayLiteral(values)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), static_cast<int>(values.size()));
  for (int i = 0; i < r->size(); ++i) {
    EXPECT_EQ(r->Str(i, 0), values[static_cast<size_t>(i)]) << i;
    EXPECT_FALSE(r->Bool(i, 1)) << i;
  }
  Result<Rows> empty =
      conn_.Exec("SELECT cardinality($1::text[])", {TextArrayLiteral(std::vector<std::string>{})});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->Int(0, 0), 0);
}

// Absent elements are SQL NULLs; present ones come back as themselves, the
// word NULL included.
TEST_F(DbTest, TextArrayLiteralWithNulls) {
  const std::vector<std::optional<std::string>> values = {"a", std::nullopt, "NULL", "",
                                                          std::nullopt};
  Result<Rows> r = conn_.Exec(
      "SELECT x, x IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n",
      {TextArrayLiteral(values)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), static_cast<int>(values.size()));
  for (int i = 0; i < r->size(); ++i) {
    const auto& v = values[static_cast<size_t>(i)];
    EXPECT_EQ(r->Bool(i, 1), !v.has_value()) << i;
    if (v) {
      EXPECT_EQ(r->Str(i, 0), *v) << i;
    }
  }
}

TEST_F(DbTest, TextParameterWithNulIsRefused) {
  Result<Rows> r = conn_.Exec("SELECT $1::text", {std::string("a\0b", 3)});
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

TEST_F(DbTest, ErrorsMapToCodes) {
  ASSERT_TRUE(conn_.Exec("INSERT INTO t (id, name) VALUES (1, 'secret-value')").ok());
  Result<Rows> dup = conn_.Exec("INSERT INTO t (id, name) VALUES (1, 'secret-value')");
  EXPECT_EQ(dup.status().code(), Code::kAlreadyExists);
  EXPECT_NE(dup.status().message().find("23505"), std::string::npos);
  // The DETAIL, which quotes the key, stays out of the message.
  EXPECT_EQ(dup.status().message().find("(id)=(1)"), std::string::npos);

  EXPECT_EQ(conn_.Exec("SELEC 1").status().code(), Code::kInternal);
  EXPECT_EQ(conn_.Exec("INSERT INTO t (id) VALUES (-1)").status().code(),
            Code::kInvalidArgument);  // check_violation 23514
  EXPECT_EQ(conn_.Exec("SELECT 1/0").status().code(), Code::kInvalidArgument);  // 22012
  EXPECT_EQ(conn_.ExecScript("SELEC 1").code(), Code::kInternal);
  // The connection is still usable after errors.
  EXPECT_TRUE(conn_.Healthy());
  EXPECT_EQ(Count(), 1);
}

TEST_F(DbTest, PermissionDeniedForTheAppRole) {
  std::string owner = SharedCluster().CreateDatabase();
  Result<Connection> app = Connection::Open(SharedCluster().AppConninfo(owner));
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  Result<Connection> own = Connection::Open(owner);
  ASSERT_TRUE(own.ok());
  ASSERT_TRUE(own->ExecScript("CREATE TABLE private (x int)").ok());
  EXPECT_EQ(app->Exec("SELECT * FROM private").status().code(), Code::kPermissionDenied);
  EXPECT_EQ(app->Exec("CREATE TABLE mine (x int)").status().code(), Code::kPermissionDenied);
}

TEST(MapSqlStateTest, FollowsTheDocumentedTable) {
  EXPECT_EQ(MapSqlState("23505", "m").code(), Code::kAlreadyExists);
  EXPECT_EQ(MapSqlState("23503", "m").code(), Code::kInvalidArgument);
  EXPECT_EQ(MapSqlState("40001", "m").code(), Code::kConflict);
  EXPECT_EQ(MapSqlState("40P01", "m").code(), Code::kConflict);
  EXPECT_EQ(MapSqlState("08006", "m").code(), Code::kUnavailable);
  EXPECT_EQ(MapSqlState("57P01", "m").code(), Code::kUnavailable);
  EXPECT_EQ(MapSqlState("42501", "m").code(), Code::kPermissionDenied);
  EXPECT_EQ(MapSqlState("22P02", "m").code(), Code::kInvalidArgument);
  EXPECT_EQ(MapSqlState("42601", "m").code(), Code::kInternal);
  EXPECT_EQ(MapSqlState("57014", "m").code(), Code::kInternal);
  EXPECT_EQ(MapSqlState("", "m").code(), Code::kInternal);
  EXPECT_EQ(MapSqlState("23505", "dup").message(), "dup (SQLSTATE 23505)");
}

TEST_F(DbTest, TransactionRollsBackOnDestruction) {
  {
    Transaction tx(conn_);
    ASSERT_TRUE(tx.status().ok()) << tx.status().ToString();
    ASSERT_TRUE(tx.Exec("INSERT INTO t (id) VALUES (1)").ok());
    EXPECT_TRUE(conn_.InTransaction());
  }
  EXPECT_FALSE(conn_.InTransaction());
  EXPECT_EQ(Count(), 0);
}

TEST_F(DbTest, TransactionCommits) {
  {
    Transaction tx(conn_, Transaction::Isolation::kSerializable);
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE(tx.Exec("INSERT INTO t (id) VALUES (1)").ok());
    ASSERT_TRUE(tx.Commit().ok());
    EXPECT_FALSE(tx.Commit().ok());  // only once
  }
  EXPECT_EQ(Count(), 1);
}

TEST_F(DbTest, CommitAfterAFailedStatementFails) {
  {
    Transaction tx(conn_);
    ASSERT_TRUE(tx.Exec("INSERT INTO t (id) VALUES (1)").ok());
    EXPECT_FALSE(tx.Exec("INSERT INTO t (id) VALUES (1)").ok());
    Status st = tx.Commit();
    EXPECT_EQ(st.code(), Code::kInternal) << st.ToString();
  }
  EXPECT_FALSE(conn_.InTransaction());
  EXPECT_EQ(Count(), 0);
}

TEST_F(DbTest, NestedTransactionIsRefused) {
  Transaction outer(conn_);
  ASSERT_TRUE(outer.status().ok());
  Transaction inner(conn_);
  EXPECT_FALSE(inner.status().ok());
  EXPECT_FALSE(inner.Commit().ok());
}

TEST_F(DbTest, SerializationFailureIsConflict) {
  // Two serializable transactions that each read what the other writes.
  ASSERT_TRUE(conn_.Exec("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b')").ok());
  std::string info = conn_.Exec("SELECT current_database()")->Str(0, 0);
  Result<Connection> c2 = Connection::Open(SharedCluster().OwnerConninfo(info));
  ASSERT_TRUE(c2.ok());
  Transaction t1(conn_, Transaction::Isolation::kSerializable);
  Transaction t2(*c2, Transaction::Isolation::kSerializable);
  ASSERT_TRUE(t1.Exec("SELECT name FROM t WHERE id = 2").ok());
  ASSERT_TRUE(t2.Exec("SELECT name FROM t WHERE id = 1").ok());
  ASSERT_TRUE(t1.Exec("UPDATE t SET name = 'x' WHERE id = 1").ok());
  // PostgreSQL may detect the conflict at t2's write or at its commit.
  Result<Rows> w2 = t2.Exec("UPDATE t SET name = 'y' WHERE id = 2");
  ASSERT_TRUE(t1.Commit().ok());
  Status end = w2.ok() ? t2.Commit() : w2.status();
  EXPECT_EQ(end.code(), Code::kConflict) << end.ToString();
}

TEST_F(DbTest, CopyInLoadsRows) {
  std::string data;
  for (int i = 1; i <= 1000; ++i) {
    data += std::to_string(i) + "\tname " + std::to_string(i) + "\t\\\\x00ff\n";
  }
  Result<int64_t> n = conn_.CopyIn("COPY t (id, name, data) FROM STDIN", data);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1000);
  EXPECT_EQ(Count(), 1000);
  Result<Rows> r = conn_.Exec("SELECT data FROM t WHERE id = 7");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Bytea(0, 0), (Bytes{0x00, 0xff}));
}

TEST_F(DbTest, CopyInErrorsLeaveTheConnectionUsable) {
  Result<int64_t> bad = conn_.CopyIn("COPY t (id, name) FROM STDIN", "1\tok\nnot-a-number\tx\n");
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument) << bad.status().ToString();
  EXPECT_EQ(conn_.CopyIn("SELECT 1", "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(conn_.Exec("COPY t FROM STDIN").status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(conn_.Healthy());
  EXPECT_EQ(Count(), 0);
}

TEST(ConnectionTest, OpenFailureIsUnavailableAndHidesThePassword) {
  std::string conninfo =
      SharedCluster().SuperuserConninfo("no_such_database") + " password=hunter2-secret";
  Result<Connection> c = Connection::Open(conninfo);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kUnavailable);
  EXPECT_EQ(c.status().message().find("hunter2"), std::string::npos);
}

TEST(ConnectionTest, ExecAfterTheServerClosedTheSessionIsUnavailable) {
  std::string info = SharedCluster().CreateDatabase();
  Result<Connection> victim = Connection::Open(info);
  Result<Connection> killer = Connection::Open(SharedCluster().SuperuserConninfo());
  ASSERT_TRUE(victim.ok() && killer.ok());
  int64_t pid = victim->Exec("SELECT pg_backend_pid()")->Int(0, 0);
  ASSERT_TRUE(killer->Exec("SELECT pg_terminate_backend($1, 10000)", {pid}).ok());
  Result<Rows> r = victim->Exec("SELECT 1");
  EXPECT_EQ(r.status().code(), Code::kUnavailable) << r.status().ToString();
  EXPECT_FALSE(victim->Healthy());
  EXPECT_FALSE(victim->CheckAlive());
  // A moved-from or default connection fails cleanly.
  Connection empty;
  EXPECT_FALSE(empty.valid());
  EXPECT_EQ(empty.Exec("SELECT 1").status().code(), Code::kInternal);
}

}  // namespace
}  // namespace garant::db
