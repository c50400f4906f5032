// PostgreSQL access over libpq. This header is the only database API garant's
// modules see; libpq-fe.h is included only in core/src/db*.cc.
//
// - Connection and Rows are move-only RAII owners of PGconn / PGresult.
// - SQL is always sent with $n parameters (PQexecParams); never build SQL
//   from values.
// - Results come in text format (Exec), or in binary format (ExecBinary) for
//   bulk reads of bytea columns; see Rows for what each accessor accepts.
// - Errors: every failure is a Status; SQLSTATE is mapped to a Code in one
//   place (MapSqlState): 23505 unique_violation -> kAlreadyExists,
//   23xxx other integrity -> kInvalidArgument, 40001/40P01 -> kConflict,
//   08xxx/57Pxx/25006 (read-only: a standby)/connection lost -> kUnavailable,
//   42501 -> kPermissionDenied,
//   22xxx data exception -> kInvalidArgument, else kInternal.
// Thread-safety: a Connection is used by one thread at a time. Pool is thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::db {

// One statement parameter: SQL NULL, text, or binary bytes (for bytea columns).
class Param {
 public:
  static Param Null() { return Param(); }
  Param(std::string_view text) : kind_(Kind::kText), data_(text) {}    // NOLINT
  Param(const char* text) : kind_(Kind::kText), data_(text) {}         // NOLINT
  Param(const std::string& text) : kind_(Kind::kText), data_(text) {}  // NOLINT
  Param(int64_t v) : kind_(Kind::kText), data_(std::to_string(v)) {}   // NOLINT
  Param(int v) : kind_(Kind::kText), data_(std::to_string(v)) {}       // NOLINT
  Param(bool v) : kind_(Kind::kText), data_(v ? "true" : "false") {}   // NOLINT
  static Param Binary(ByteView b) {
    Param p;
    p.kind_ = Kind::kBinary;
    p.data_.assign(reinterpret_cast<const char*>(b.data()), b.size());
    return p;
  }
  // Text when v has a value, NULL otherwise.
  static Param Optional(const std::optional<std::string>& v) { return v ? Param(*v) : Null(); }

  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_binary() const { return kind_ == Kind::kBinary; }
  const std::string& data() const { return data_; }

 private:
  enum class Kind { kNull, kText, kBinary };
  Param() = default;
  Kind kind_ = Kind::kNull;
  std::string data_;
};
using Params = std::vector<Param>;

// A PostgreSQL array literal of text, {"a","b"}: each element quoted, with
// '"' and '\\' escaped, so any string round-trips through $n::text[]. For
// sets of values in one parameter (`= ANY($1::text[])`, `unnest(...)`).
std::string TextArrayLiteral(const std::vector<std::string>& values);
// The same with SQL NULL elements (unquoted NULL) where a value is absent.
std::string TextArrayLiteral(const std::vector<std::optional<std::string>>& values);

// The rows of a statement's result. Move-only.
//
// A result is in text format (Connection::Exec) or binary format
// (Connection::ExecBinary); binary() tells which. On both, a NULL value or an
// out-of-range row/column reads as "" / 0 / false / empty bytes.
//
// Binary results hold each value in PostgreSQL's binary wire form, so an
// accessor is valid only for the column types it can decode:
//
//   accessor       binary result: valid column types
//   IsNull         any
//   Text, Str      text, varchar, bpchar, name, "char", json, unknown (the
//                  value's UTF-8 bytes), bytea (the raw bytes)
//   Int            int2, int4, int8 (big-endian two's complement)
//   Bool           boolean
//   Bytea          bytea (the raw bytes, no decoding)
//   Time           timestamptz (in both formats: the one way to read a time)
//
// Any other use (e.g. Int on a numeric or text column, Text on an int8 or
// jsonb column, Bytea on a text column) is a programming error, never input:
// it logs the column and its type OID and aborts the process, in every build,
// rather than return bytes that look like a value. Cast in SQL when needed
// (`SELECT n::int8`, `SELECT t::text`).
class Rows {
 public:
  Rows() = default;
  ~Rows();
  Rows(Rows&& o) noexcept;
  Rows& operator=(Rows&& o) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  int size() const;     // number of rows
  int columns() const;  // number of columns
  bool empty() const { return size() == 0; }
  // True for a result of Connection::ExecBinary.
  bool binary() const { return binary_; }
  // Column index by name, or -1.
  int Column(std::string_view name) const;
  bool IsNull(int row, int col) const;
  // Text value ("" for NULL). The view lives as long as this Rows.
  // Binary result: the raw bytes of a text-like or bytea column.
  std::string_view Text(int row, int col) const;
  std::string Str(int row, int col) const { return std::string(Text(row, col)); }
  // Text result: 0 for NULL or unparsable (schema guarantees type).
  // Binary result: an int2/int4/int8 column, 0 for NULL.
  int64_t Int(int row, int col) const;
  bool Bool(int row, int col) const;  // text "t" / binary 1 -> true
  // Text result: decodes the "\x..." (or escape) text form of a bytea column.
  // Binary result: the raw bytes of a bytea column.
  Bytes Bytea(int row, int col) const;
  // A timestamptz column, selected as it is (no extract(epoch ...), no
  // to_char): the text form "2026-11-28 17:20:51.123456+00" (the session is
  // in UTC, DateStyle ISO) or the binary form. Any other column type aborts,
  // in both formats. Time reads NULL as the Unix epoch; OptionalTime as nullopt.
  TimePoint Time(int row, int col) const;
  std::optional<TimePoint> OptionalTime(int row, int col) const;
  // Rows affected by an INSERT/UPDATE/DELETE/COPY.
  int64_t Affected() const;
  // The command tag, e.g. "INSERT 0 1", "COMMIT", "ROLLBACK".
  std::string_view CommandTag() const;

 private:
  friend class Connection;
  Rows(void* res, bool binary) : res_(res), binary_(binary) {}
  // The binary-format accessors (core/src/db_binary.cc). Each aborts when the
  // column's type is not one it decodes (see above).
  std::string_view BinaryText(int row, int col) const;
  int64_t BinaryInt(int row, int col) const;
  bool BinaryBool(int row, int col) const;
  Bytes BinaryBytea(int row, int col) const;

  void* res_ = nullptr;  // PGresult*
  bool binary_ = false;
};

// Parses a libpq connection string or URI (postgres://...) and returns it in
// keyword form (key='value' ...), with `password` set when given: quoted and
// escaped as libpq requires, so any password byte is safe, and a URI's
// percent-encoding is decoded by libpq itself. kInvalidArgument when libpq
// cannot parse it (the message never repeats the conninfo: it may hold a
// password).
Result<std::string> ConninfoWithPassword(const std::string& conninfo,
                                         const std::optional<std::string>& password);

// kDataLoss for a stored value this version does not know (written by a
// newer garant, or altered by hand): row decoders return it instead of
// guessing a default. Quotes at most 32 bytes of the value.
Status UnknownStoredValue(std::string_view column, std::string_view stored);

// One libpq connection. Move-only; closes on destruction.
// Every session runs with client_encoding UTF8, TimeZone UTC and DateStyle ISO.
// Error messages carry the server's primary message and SQLSTATE, never the
// DETAIL (it may quote row values) nor the conninfo (it may hold a password).
class Connection {
 public:
  // conninfo: a libpq connection string or URI, one host or several
  // (host=a,b port=p,q or postgresql://a:p,b:q/db). Unless the conninfo sets
  // them: connect_timeout 10 s, target_session_attrs=read-write (with several
  // hosts, the primary is the one kept), TCP keepalives (idle 5 s, interval
  // 2 s, count 3) and tcp_user_timeout 15 s. Fails with kUnavailable.
  static Result<Connection> Open(const std::string& conninfo);

  Connection() = default;
  ~Connection();
  Connection(Connection&& o) noexcept;
  Connection& operator=(Connection&& o) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with $n parameters. Text parameters may not contain
  // NUL bytes (kInvalidArgument). When the connection is lost the error is
  // kUnavailable, whatever the statement.
  Result<Rows> Exec(std::string_view sql, const Params& params = {});
  // As Exec, but the result rows come in binary format (PQexecParams with
  // resultFormat 1): bytea values arrive as raw bytes, without the hex text
  // form to decode, which makes bulk reads of bytea columns several times
  // cheaper. Only the accessors listed at Rows are valid on the result.
  // Parameters are sent as for Exec.
  Result<Rows> ExecBinary(std::string_view sql, const Params& params = {});
  // Runs a script of several statements without parameters (migrations only).
  Status ExecScript(std::string_view sql);
  // COPY ... FROM STDIN: sends data (COPY text format) and finishes. For bulk loads.
  Result<int64_t> CopyIn(std::string_view copy_sql, std::string_view data);

  // False once the connection is known broken (server restart, network), or
  // once a statement failed because the server is a standby (25006) or shutting
  // down (57Pxx): a pool then drops it and opens a new one, on the primary.
  bool Healthy() const;
  // Like Healthy(), but first reads, without blocking, whatever the server
  // sent while the connection was idle, so a connection closed by a server
  // shutdown is detected before it is used. For pools.
  bool CheckAlive();
  // True inside a transaction block (BEGIN without COMMIT/ROLLBACK yet).
  bool InTransaction() const;
  bool valid() const { return conn_ != nullptr; }

 private:
  explicit Connection(void* conn) : conn_(conn) {}
  // Exec and ExecBinary: the statement with its parameters, results in text
  // (binary_results false) or binary format.
  Result<Rows> ExecParams(std::string_view sql, const Params& params, bool binary_results);
  // Marks the connection for discarding after a failed statement whose
  // SQLSTATE says the session cannot write again (result: a PGresult*).
  void NoteFailure(const void* result);
  void* conn_ = nullptr;  // PGconn*
  bool discard_ = false;
};

// Maps a SQLSTATE and message to a Status (the single place where this
// happens), as listed at the top of this file. The message gets
// " (SQLSTATE xxxxx)" appended when sqlstate is not empty.
Status MapSqlState(std::string_view sqlstate, std::string message);

// BEGIN on construction; ROLLBACK on destruction unless Commit() was called.
// Commit() fails (kInternal) when a statement of the transaction failed, since
// PostgreSQL then rolls back, and with the mapped SQLSTATE when the COMMIT
// itself fails (e.g. kConflict on a serialization failure). Opening a
// Transaction on a connection already inside one fails (status()).
class Transaction {
 public:
  enum class Isolation { kReadCommitted, kRepeatableRead, kSerializable };
  // Check status() after construction: BEGIN may fail.
  explicit Transaction(Connection& conn, Isolation iso = Isolation::kReadCommitted);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& status() const { return begin_status_; }
  Result<Rows> Exec(std::string_view sql, const Params& params = {}) {
    return conn_.Exec(sql, params);
  }
  Result<Rows> ExecBinary(std::string_view sql, const Params& params = {}) {
    return conn_.ExecBinary(sql, params);
  }
  Connection& connection() { return conn_; }
  Status Commit();

 private:
  Connection& conn_;
  Status begin_status_;
  bool done_ = false;
};

class Pool;

// A connection borrowed from a Pool; returned on destruction (or discarded
// when it became unhealthy). Move-only.
class PooledConnection {
 public:
  PooledConnection(Pool* pool, std::unique_ptr<Connection> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  ~PooledConnection();
  PooledConnection(PooledConnection&& o) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  PooledConnection(const PooledConnection&) = delete;

  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> conn_;
};

// A bounded pool of connections. Connections are opened lazily up to
// max_size; Acquire waits up to acquire_timeout for one to be free, then
// fails with kResourceExhausted. A broken connection is dropped when returned
// and a new one opened on the next Acquire, so the pool recovers by itself
// after a PostgreSQL restart (Acquire fails with kUnavailable meanwhile).
// Thread-safe. Must outlive every PooledConnection it handed out.
class Pool {
 public:
  struct Options {
    std::string conninfo;
    size_t max_size = 8;
    std::chrono::milliseconds acquire_timeout{5000};
  };
  struct Stats {
    size_t max_size = 0;
    size_t open = 0;    // connections currently open
    size_t in_use = 0;  // borrowed right now
    uint64_t acquire_timeouts = 0;
    uint64_t connect_failures = 0;
    uint64_t discarded_broken = 0;
  };

  explicit Pool(Options options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Result<PooledConnection> Acquire();
  Stats stats() const;

 private:
  friend class PooledConnection;
  void Release(std::unique_ptr<Connection> conn);

  Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
  size_t in_use_ = 0;
  uint64_t acquire_timeouts_ = 0;
  uint64_t connect_failures_ = 0;
  uint64_t discarded_broken_ = 0;
};

}  // namespace garant::db
