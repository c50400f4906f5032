// Connection, Transaction and the SQLSTATE mapping over libpq. With
// db_rows.cc (Rows: reading results in text or binary format), the only file
// that includes libpq-fe.h; the pool (db_pool.cc) works through Connection.

#include "garant/core/db.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

namespace garant::db {
namespace {

PGconn* AsConn(void* p) { return static_cast<PGconn*>(p); }

// Owns a PGresult for the span of one call.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's messages end with a newline; Status messages do not.
std::string TrimMessage(const char* msg) {
  std::string s = msg != nullptr ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

// The Status for a failed statement. The message is the server's primary
// message only: DETAIL often quotes row values (e.g. the duplicate key), and
// those must not reach logs or HTTP answers.
Status ErrorStatus(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) != CONNECTION_OK) {
    return Status::Unavailable("database connection lost: " + TrimMessage(PQerrorMessage(conn)));
  }
  if (res == nullptr) {
    return Status::Internal("libpq: " + TrimMessage(PQerrorMessage(conn)));
  }
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = primary != nullptr ? primary : TrimMessage(PQresultErrorMessage(res));
  return MapSqlState(state != nullptr ? state : "", std::move(message));
}

// Server notices (e.g. "relation already exists, skipping") go to the debug
// log rather than to stderr, libpq's default.
void LogNotice(void* /*arg*/, const char* message) {
  spdlog::debug("postgresql: {}", TrimMessage(message));
}

// Leaves the connection ready for the next command after an unexpected
// COPY state: aborts a COPY IN, discards a COPY OUT, drains the results.
void AbandonCopy(PGconn* conn, ExecStatusType st) {
  if (st == PGRES_COPY_IN) {
    PQputCopyEnd(conn, "COPY FROM STDIN must go through Connection::CopyIn");
  } else if (st == PGRES_COPY_OUT) {
    char* buf = nullptr;
    while (PQgetCopyData(conn, &buf, 0) > 0) {
      PQfreemem(buf);
    }
  }
  while (PGresult* r = PQgetResult(conn)) {
    PQclear(r);
  }
}

}  // namespace

// ---------------------------------------------------------------- MapSqlState

Status MapSqlState(std::string_view sqlstate, std::string message) {
  auto starts = [&](std::string_view prefix) {
    return sqlstate.substr(0, prefix.size()) == prefix;
  };
  Code code = Code::kInternal;
  if (sqlstate == "23505") {
    code = Code::kAlreadyExists;
  } else if (starts("23") || starts("22")) {  // integrity, data exception
    code = Code::kInvalidArgument;
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    code = Code::kConflict;
  } else if (starts("08") || starts("57P") || sqlstate == "25006") {
    // 25006 read_only_sql_transaction: the server is (now) a standby.
    code = Code::kUnavailable;
  } else if (sqlstate == "42501") {
    code = Code::kPermissionDenied;
  }
  if (!sqlstate.empty()) {
    message += " (SQLSTATE ";
    message += sqlstate;
    message += ')';
  }
  return Status(code, std::move(message));
}

// ----------------------------------------------------------------- Connection

namespace {

// A conninfo value in single quotes, with ' and \ escaped (libpq's rule).
std::string QuoteConninfoValue(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace

Status UnknownStoredValue(std::string_view column, std::string_view stored) {
  return Status::DataLoss(std::string(column) + " holds an unknown value '" +
                          std::string(stored.substr(0, 32)) + "'");
}

Result<std::string> ConninfoWithPassword(const std::string& conninfo,
                                         const std::optional<std::string>& password) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    // libpq's message may quote the string (and so a password): not repeated.
    PQfreemem(error);
    return Status::InvalidArgument(
        "the database URL is not a valid libpq connection string or URI");
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "password") continue;
    if (o->val == nullptr) continue;
    if (!out.empty()) out += ' ';
    out += o->keyword;
    out += '=';
    out += QuoteConninfoValue(o->val);
  }
  PQconninfoFree(options);
  if (password) {
    if (!out.empty()) out += ' ';
    out += "password=" + QuoteConninfoValue(*password);
  }
  return out;
}

Result<Connection> Connection::Open(const std::string& conninfo) {
  // Keywords after "dbname" override the expanded conninfo; those before it
  // are defaults the conninfo may override. The conninfo itself never goes
  // into a message (it may hold a password).
  //
  // Defaults for high availability (docs/high-availability.md): with a
  // multi-host conninfo libpq tries each host in turn and keeps the first
  // that accepts writes (target_session_attrs=read-write), so garant follows
  // the primary after a failover; TCP keepalives and tcp_user_timeout turn a
  // vanished server into an error within about 15 s instead of a hang.
  const char* keys[] = {"connect_timeout",      "fallback_application_name",
                        "target_session_attrs", "keepalives_idle",
                        "keepalives_interval",  "keepalives_count",
                        "tcp_user_timeout",     "dbname",
                        "client_encoding",      nullptr};
  const char* values[] = {"10", "garant", "read-write",     "5",    "2",
                          "3",  "15000",  conninfo.c_str(), "UTF8", nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (raw == nullptr) {
    return Status::Unavailable("cannot connect to PostgreSQL: out of memory");
  }
  Connection conn(raw);
  PQsetNoticeProcessor(raw, &LogNotice, nullptr);
  if (PQstatus(raw) != CONNECTION_OK) {
    return Status::Unavailable("cannot connect to PostgreSQL: " + TrimMessage(PQerrorMessage(raw)));
  }
  Result<Rows> tz = conn.Exec("SET TimeZone TO 'UTC'");
  if (!tz.ok()) {
    return tz.status().WithContext("cannot set the session time zone");
  }
  // The text form of timestamps that Rows::Time reads.
  Result<Rows> style = conn.Exec("SET DateStyle TO 'ISO, MDY'");
  if (!style.ok()) {
    return style.status().WithContext("cannot set the session date style");
  }
  // No JIT compilation. garant's queries are index probes and bounded
  // aggregates; PostgreSQL decides to compile from the planner's cost, which
  // set-returning functions inflate (access_chunk_tokens is assumed to return
  // 1,000 rows a call): the project report spent 438 ms of a 548 ms query
  // compiling (docs/performance.md, "Trail exports").
  Result<Rows> jit = conn.Exec("SET jit TO off");
  if (!jit.ok()) {
    return jit.status().WithContext("cannot turn off JIT compilation");
  }
  return conn;
}

Connection::~Connection() {
  if (conn_ != nullptr) {
    PQfinish(AsConn(conn_));
  }
}

Connection::Connection(Connection&& o) noexcept
    : conn_(std::exchange(o.conn_, nullptr)), discard_(std::exchange(o.discard_, false)) {}

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    if (conn_ != nullptr) {
      PQfinish(AsConn(conn_));
    }
    conn_ = std::exchange(o.conn_, nullptr);
    discard_ = std::exchange(o.discard_, false);
  }
  return *this;
}

Result<Rows> Connection::Exec(std::string_view sql, const Params& params) {
  return ExecParams(sql, params, /*binary_results=*/false);
}

Result<Rows> Connection::ExecBinary(std::string_view sql, const Params& params) {
  return ExecParams(sql, params, /*binary_results=*/true);
}

Result<Rows> Connection::ExecParams(std::string_view sql, const Params& params,
                                    bool binary_results) {
  if (conn_ == nullptr) {
    return Status::Internal("Exec on a closed connection");
  }
  PGconn* conn = AsConn(conn_);
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  std::vector<int> formats(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    if (p.is_null()) {
      continue;  // values[i] stays nullptr: SQL NULL
    }
    values[i] = p.data().c_str();
    lengths[i] = static_cast<int>(p.data().size());
    formats[i] = p.is_binary() ? 1 : 0;
    if (!p.is_binary() && p.data().find('\0') != std::string::npos) {
      return Status::InvalidArgument("parameter $" + std::to_string(i + 1) +
                                     " contains a NUL byte");
    }
  }
  ResultPtr res(PQexecParams(conn, std::string(sql).c_str(), static_cast<int>(params.size()),
                             /*paramTypes=*/nullptr, values.data(), lengths.data(), formats.data(),
                             /*resultFormat=*/binary_results ? 1 : 0));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  switch (st) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return Rows(res.release(), binary_results);
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      res.reset();
      AbandonCopy(conn, st);
      return Status::InvalidArgument("COPY statements go through Connection::CopyIn");
    default:
      NoteFailure(res.get());
      return ErrorStatus(conn, res.get());
  }
}

void Connection::NoteFailure(const void* result) {
  const char* state =
      result != nullptr ? PQresultErrorField(static_cast<const PGresult*>(result), PG_DIAG_SQLSTATE)
                        : nullptr;
  if (state == nullptr) return;
  const std::string_view s(state);
  // A standby (read-only transaction refused) or a server shutting down:
  // this session will never accept writes again; a new one may reach the
  // new primary.
  if (s == "25006" || s.starts_with("57P")) discard_ = true;
}

Status Connection::ExecScript(std::string_view sql) {
  if (conn_ == nullptr) {
    return Status::Internal("ExecScript on a closed connection");
  }
  PGconn* conn = AsConn(conn_);
  ResultPtr res(PQexec(conn, std::string(sql).c_str()));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  switch (st) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return Status::Ok();
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      res.reset();
      AbandonCopy(conn, st);
      return Status::InvalidArgument("COPY statements go through Connection::CopyIn");
    default:
      NoteFailure(res.get());
      return ErrorStatus(conn, res.get());
  }
}

Result<int64_t> Connection::CopyIn(std::string_view copy_sql, std::string_view data) {
  if (conn_ == nullptr) {
    return Status::Internal("CopyIn on a closed connection");
  }
  PGconn* conn = AsConn(conn_);
  ResultPtr start(PQexec(conn, std::string(copy_sql).c_str()));
  ExecStatusType st = start ? PQresultStatus(start.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COPY_IN) {
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_OUT ||
        st == PGRES_COPY_BOTH || st == PGRES_EMPTY_QUERY) {
      start.reset();
      AbandonCopy(conn, st);
      return Status::InvalidArgument("CopyIn needs a COPY ... FROM STDIN statement");
    }
    return ErrorStatus(conn, start.get());
  }
  start.reset();
  constexpr size_t kChunk = 1 << 20;
  bool sent = true;
  for (size_t off = 0; off < data.size() && sent; off += kChunk) {
    size_t n = std::min(kChunk, data.size() - off);
    sent = PQputCopyData(conn, data.data() + off, static_cast<int>(n)) == 1;
  }
  if (!sent || PQputCopyEnd(conn, nullptr) != 1) {
    Status err = Status::Unavailable("COPY failed: " + TrimMessage(PQerrorMessage(conn)));
    while (PGresult* r = PQgetResult(conn)) {
      PQclear(r);
    }
    return err;
  }
  // The final result of the COPY, then nothing more.
  ResultPtr done(PQgetResult(conn));
  // Initialised once (not assigned): GCC 12's -O2 flow analysis reports a
  // false -Wmaybe-uninitialized on assigning one variant alternative over
  // another, which -Werror turns into a failed Release build.
  const bool ok = done && PQresultStatus(done.get()) == PGRES_COMMAND_OK;
  Result<int64_t> out = ok ? Result<int64_t>(Rows(done.release(), /*binary=*/false).Affected())
                           : Result<int64_t>(ErrorStatus(conn, done.get()));
  while (PGresult* r = PQgetResult(conn)) {
    PQclear(r);
  }
  return out;
}

bool Connection::Healthy() const {
  return conn_ != nullptr && !discard_ && PQstatus(AsConn(conn_)) == CONNECTION_OK;
}

bool Connection::InTransaction() const {
  if (conn_ == nullptr) {
    return false;
  }
  PGTransactionStatusType t = PQtransactionStatus(AsConn(conn_));
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

bool Connection::CheckAlive() {
  if (!Healthy()) {
    return false;
  }
  PGconn* conn = AsConn(conn_);
  int fd = PQsocket(conn);
  if (fd < 0) {
    return false;
  }
  // An idle connection has nothing to read unless the server spoke first:
  // a notice, or the FATAL message and end-of-file of a shutdown. A few
  // rounds reach the end-of-file, which libpq turns into CONNECTION_BAD.
  for (int round = 0; round < 4; ++round) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) {
      break;
    }
    if (PQconsumeInput(conn) == 0) {
      return false;
    }
    while (PGnotify* n = PQnotifies(conn)) {
      PQfreemem(n);
    }
  }
  return PQstatus(conn) == CONNECTION_OK;
}

// ---------------------------------------------------------------- Transaction

namespace {
const char* BeginStatement(Transaction::Isolation iso) {
  switch (iso) {
    case Transaction::Isolation::kRepeatableRead:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case Transaction::Isolation::kSerializable:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case Transaction::Isolation::kReadCommitted:
      break;
  }
  return "BEGIN ISOLATION LEVEL READ COMMITTED";
}
}  // namespace

Transaction::Transaction(Connection& conn, Isolation iso) : conn_(conn) {
  if (conn_.InTransaction()) {
    begin_status_ = Status::Internal("a transaction is already open on this connection");
    return;
  }
  Result<Rows> r = conn_.Exec(BeginStatement(iso));
  if (!r.ok()) {
    begin_status_ = r.status().WithContext("BEGIN failed");
  }
}

Transaction::~Transaction() {
  if (done_ || !begin_status_.ok() || !conn_.Healthy() || !conn_.InTransaction()) {
    return;
  }
  // Errors are ignored: the server rolls back anyway when the session ends.
  (void)conn_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!begin_status_.ok()) {
    return begin_status_;
  }
  if (done_) {
    return Status::Internal("transaction already finished");
  }
  done_ = true;
  Result<Rows> r = conn_.Exec("COMMIT");
  if (!r.ok()) {
    return r.status().WithContext("COMMIT failed");
  }
  // COMMIT of a transaction in which a statement failed answers ROLLBACK.
  if (r->CommandTag() != "COMMIT") {
    return Status::Internal("transaction rolled back at COMMIT: an earlier statement failed");
  }
  return Status::Ok();
}

namespace {

void AppendQuotedElement(std::string& out, const std::string& value) {
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    AppendQuotedElement(out, values[i]);
  }
  out += '}';
  return out;
}

std::string TextArrayLiteral(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    if (values[i]) {
      AppendQuotedElement(out, *values[i]);
    } else {
      out += "NULL";
    }
  }
  out += '}';
  return out;
}

}  // namespace garant::db
