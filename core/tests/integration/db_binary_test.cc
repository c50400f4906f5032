// Connection::ExecBinary and the binary-format Rows accessors against a real
// server: every value must read back equal to the text path (Exec), and an
// accessor used on a column type it cannot decode must stop the process.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "garant/core/db.h"
#include "pg_cluster.h"

namespace garant::db {
namespace {

using testsupport::SharedCluster;

class DbBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Connection> c = Connection::Open(SharedCluster().CreateDatabase());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    conn_ = std::move(c).value();
  }

  Rows Query(bool binary, const std::string& sql, const Params& params = {}) {
    Result<Rows> r = binary ? conn_.ExecBinary(sql, params) : conn_.Exec(sql, params);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : Rows();
  }

  Connection conn_;
};

TEST_F(DbBinaryTest, ByteaOfEveryLengthUpTo300EqualsTheTextPath) {
  ASSERT_TRUE(conn_.ExecScript("CREATE TABLE b (n int PRIMARY KEY, data bytea)").ok());
  std::mt19937 rng(20261128);
  std::vector<Bytes> stored;
  for (int n = 0; n <= 300; ++n) {
    Bytes v(static_cast<size_t>(n));
    for (auto& byte : v) byte = static_cast<uint8_t>(rng());
    if (n == 256) {  // every byte value once, in order, NUL and "\\x" included
      for (int k = 0; k < 256; ++k) v[static_cast<size_t>(k)] = static_cast<uint8_t>(k);
    }
    ASSERT_TRUE(conn_.Exec("INSERT INTO b (n, data) VALUES ($1, $2)", {n, Param::Binary(v)}).ok());
    stored.push_back(std::move(v));
  }
  const std::string sql = "SELECT n, data FROM b ORDER BY n";
  Rows text = Query(false, sql);
  Rows binary = Query(true, sql);
  EXPECT_FALSE(text.binary());
  ASSERT_TRUE(binary.binary());
  ASSERT_EQ(text.size(), 301);
  ASSERT_EQ(binary.size(), 301);
  for (int r = 0; r < 301; ++r) {
    SCOPED_TRACE("length " + std::to_string(r));
    EXPECT_EQ(binary.Int(r, 0), r);
    EXPECT_FALSE(binary.IsNull(r, 1));  // an empty bytea is not NULL
    EXPECT_EQ(binary.Bytea(r, 1), stored[static_cast<size_t>(r)]);
    EXPECT_EQ(binary.Bytea(r, 1), text.Bytea(r, 1));
    // Text on a binary bytea column: the same raw bytes, in place.
    EXPECT_EQ(Bytes(AsBytes(binary.Text(r, 1)).begin(), AsBytes(binary.Text(r, 1)).end()),
              stored[static_cast<size_t>(r)]);
  }
}

TEST_F(DbBinaryTest, IntegersOfEveryWidthIncludingNegativesAndExtremes) {
  const std::vector<int64_t> int2 = {0,
                                     1,
                                     -1,
                                     127,
                                     128,
                                     -128,
                                     -129,
                                     255,
                                     256,
                                     -256,
                                     std::numeric_limits<int16_t>::max(),
                                     std::numeric_limits<int16_t>::min()};
  std::vector<int64_t> int4 = int2;
  int4.insert(int4.end(),
              {65535, 65536, -65536, 16777216, -16777217, std::numeric_limits<int32_t>::max(),
               std::numeric_limits<int32_t>::min()});
  std::vector<int64_t> int8 = int4;
  int8.insert(int8.end(),
              {int64_t{1} << 32, -(int64_t{1} << 32), 1099511627776 + 1,
               std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()});
  struct Case {
    const char* type;
    const std::vector<int64_t>& values;
  };
  for (const Case& c : {Case{"int2", int2}, Case{"int4", int4}, Case{"int8", int8}}) {
    for (int64_t v : c.values) {
      SCOPED_TRACE(std::string(c.type) + " " + std::to_string(v));
      const std::string sql = std::string("SELECT $1::") + c.type;
      Rows binary = Query(true, sql, {Param(v)});
      Rows text = Query(false, sql, {Param(v)});
      ASSERT_EQ(binary.size(), 1);
      EXPECT_EQ(binary.Int(0, 0), v);
      EXPECT_EQ(binary.Int(0, 0), text.Int(0, 0));
    }
  }
}

TEST_F(DbBinaryTest, NullsReadAsEmptyOrZeroOnEveryAccessor) {
  Rows r = Query(true,
                 "SELECT NULL::bytea, NULL::int2, NULL::int4, NULL::int8, NULL::text, "
                 "NULL::boolean, ''::bytea, 0::int8");
  ASSERT_EQ(r.size(), 1);
  for (int c = 0; c < 6; ++c) EXPECT_TRUE(r.IsNull(0, c)) << c;
  EXPECT_TRUE(r.Bytea(0, 0).empty());
  EXPECT_EQ(r.Text(0, 0), "");
  EXPECT_EQ(r.Int(0, 1), 0);
  EXPECT_EQ(r.Int(0, 2), 0);
  EXPECT_EQ(r.Int(0, 3), 0);
  EXPECT_EQ(r.Str(0, 4), "");
  EXPECT_FALSE(r.Bool(0, 5));
  EXPECT_FALSE(r.IsNull(0, 6));
  EXPECT_FALSE(r.IsNull(0, 7));
  // Out of range reads as NULL, as in the text format.
  EXPECT_TRUE(r.IsNull(1, 0));
  EXPECT_TRUE(r.Bytea(1, 0).empty());
  EXPECT_EQ(r.Int(0, 99), 0);
}

TEST_F(DbBinaryTest, TextLikeColumnsAndBooleansEqualTheTextPath) {
  const std::string unicode = "Élodie Ngọc 李 — \xF0\x9F\x98\x80";
  const std::string sql =
      "SELECT $1::text, $1::varchar, $1::varchar(40)::bpchar, 'audit_entries'::name, "
      "'{\"a\": [1, 2]}'::json, true AS yes, false, 'x'::\"char\"";
  Rows binary = Query(true, sql, {unicode});
  Rows text = Query(false, sql, {unicode});
  ASSERT_EQ(binary.size(), 1);
  EXPECT_EQ(binary.Str(0, 0), unicode);
  for (int c : {0, 1, 2, 3, 4, 7}) {
    EXPECT_EQ(binary.Text(0, c), text.Text(0, c)) << c;
  }
  EXPECT_TRUE(binary.Bool(0, 5));
  EXPECT_FALSE(binary.Bool(0, 6));
  EXPECT_EQ(binary.Bool(0, 5), text.Bool(0, 5));
  EXPECT_EQ(binary.Column("yes"), 5);
}

TEST_F(DbBinaryTest, ErrorsAndMovesBehaveAsExec) {
  EXPECT_EQ(conn_.ExecBinary("SELEC 1").status().code(), Code::kInternal);
  EXPECT_EQ(conn_.ExecBinary("SELECT 1/0").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(conn_.ExecBinary("SELECT $1::text", {std::string("a\0b", 3)}).status().code(),
            Code::kInvalidArgument);
  ASSERT_TRUE(conn_.ExecScript("CREATE TABLE m (x int8)").ok());
  Result<Rows> ins = conn_.ExecBinary("INSERT INTO m VALUES (1), (2)");
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  EXPECT_EQ(ins->Affected(), 2);
  EXPECT_EQ(ins->CommandTag(), "INSERT 0 2");

  Transaction tx(conn_);
  ASSERT_TRUE(tx.status().ok());
  Rows moved = Query(true, "SELECT x FROM m ORDER BY x");
  Rows target;
  target = std::move(moved);  // the format moves with the result
  EXPECT_TRUE(target.binary());
  EXPECT_EQ(target.Int(1, 0), 2);
  Result<Rows> in_tx = tx.ExecBinary("SELECT sum(x)::int8 FROM m");
  ASSERT_TRUE(in_tx.ok());
  EXPECT_EQ(in_tx->Int(0, 0), 3);
  ASSERT_TRUE(tx.Commit().ok());
}

// Accessors on columns they cannot decode stop the process with a message
// naming the column and its type, instead of returning the wrong bytes; the
// check happens even for NULL values and empty results.
TEST_F(DbBinaryTest, MisusedAccessorsAbort) {
  Rows r = Query(true,
                 "SELECT 'abc'::text AS t, 42::int8 AS i, 1.5::numeric AS n, '{}'::jsonb AS j, "
                 "'\\x01'::bytea AS b, NULL::text AS z, now() AS ts");
  ASSERT_EQ(r.size(), 1);
  EXPECT_DEATH((void)r.Int(0, 0), "Rows::Int on binary-format column 0 \\(\"t\", type OID 25\\)");
  EXPECT_DEATH((void)r.Text(0, 1), "Rows::Text .*\"i\", type OID 20");
  EXPECT_DEATH((void)r.Int(0, 2), "Rows::Int .*\"n\", type OID 1700");
  EXPECT_DEATH((void)r.Str(0, 3), "Rows::Text .*\"j\", type OID 3802");
  EXPECT_DEATH((void)r.Bytea(0, 0), "Rows::Bytea .*\"t\"");
  EXPECT_DEATH((void)r.Bool(0, 1), "Rows::Bool .*\"i\"");
  EXPECT_DEATH((void)r.Int(0, 5), "Rows::Int .*\"z\"");  // NULL, still checked
  EXPECT_DEATH((void)r.Text(0, 6), "type OID 1184");
  Rows empty = Query(true, "SELECT 'a'::text WHERE false");
  EXPECT_DEATH((void)empty.Int(0, 0), "Rows::Int");
  // The valid accessors on the same result still work.
  EXPECT_EQ(r.Str(0, 0), "abc");
  EXPECT_EQ(r.Int(0, 1), 42);
  EXPECT_EQ(r.Bytea(0, 4), Bytes({0x01}));
}

}  // namespace
}  // namespace garant::db
