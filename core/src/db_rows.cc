// Rows: reading a statement's result, in text format (Connection::Exec) or
// binary format (Connection::ExecBinary). The accessors' contract, and which
// column types each accepts on a binary result, are in garant/core/db.h.

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "garant/core/db.h"
#include "garant/core/decimal.h"

namespace garant::db {
namespace {

PGresult* AsResult(void* p) { return static_cast<PGresult*>(p); }

// Type OIDs (fixed in PostgreSQL's catalog, src/include/catalog/pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kCharOid = 18;
constexpr Oid kNameOid = 19;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kJsonOid = 114;
constexpr Oid kUnknownOid = 705;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kTimestamptzOid = 1184;
// PostgreSQL's binary timestamptz: microseconds since 2000-01-01T00:00:00Z.
constexpr int64_t kPostgresEpochUnixMicros = 946'684'800'000'000;

// Types whose binary form is their text: the value's bytes as they are.
bool IsTextLike(Oid t) {
  return t == kTextOid || t == kVarcharOid || t == kBpcharOid || t == kNameOid || t == kCharOid ||
         t == kJsonOid || t == kUnknownOid;
}

// A binary-format accessor used on a column it cannot decode, or a value not
// in the type's binary form: a programming error (or a server that does not
// speak the protocol), never input. Stops the process rather than return a
// value made of the wrong bytes.
[[noreturn]] void Misuse(const PGresult* res, int col, const char* accessor, const char* why) {
  const char* name = PQfname(res, col);
  const char* format = PQbinaryTuples(res) == 1 ? "binary" : "text";
  std::string message = "db::Rows::" + std::string(accessor) + " on " + format + "-format column " +
                        std::to_string(col) + " (\"" + (name != nullptr ? name : "?") +
                        "\", type OID " + std::to_string(PQftype(res, col)) + "): " + why +
                        " (see garant/core/db.h, Rows)";
  spdlog::critical("{}", message);
  std::fprintf(stderr, "garant: fatal: %s\n", message.c_str());
  std::abort();
}

// The raw binary value at (row, col) after checking the column's type with
// `accepts`: nullopt for NULL, and for a row or column out of range (read as
// NULL, as in the text format).
template <typename Accepts>
std::optional<std::string_view> RawValue(const PGresult* res, int row, int col,
                                         const char* accessor, Accepts accepts) {
  if (res == nullptr || col < 0 || col >= PQnfields(res)) {
    return std::nullopt;
  }
  // The type is checked before NULL and row range, so a misuse shows even on
  // an empty result or a NULL value.
  if (!accepts(PQftype(res, col))) {
    Misuse(res, col, accessor, "this accessor cannot decode the column's type");
  }
  if (row < 0 || row >= PQntuples(res) || PQgetisnull(res, row, col) == 1) {
    return std::nullopt;
  }
  return std::string_view(PQgetvalue(res, row, col),
                          static_cast<size_t>(PQgetlength(res, row, col)));
}

}  // namespace

// ------------------------------------------------------- both formats, text

Rows::~Rows() { PQclear(AsResult(res_)); }

Rows::Rows(Rows&& o) noexcept
    : res_(std::exchange(o.res_, nullptr)), binary_(std::exchange(o.binary_, false)) {}

Rows& Rows::operator=(Rows&& o) noexcept {
  if (this != &o) {
    PQclear(AsResult(res_));
    res_ = std::exchange(o.res_, nullptr);
    binary_ = std::exchange(o.binary_, false);
  }
  return *this;
}

int Rows::size() const { return res_ != nullptr ? PQntuples(AsResult(res_)) : 0; }

int Rows::columns() const { return res_ != nullptr ? PQnfields(AsResult(res_)) : 0; }

int Rows::Column(std::string_view name) const {
  if (res_ == nullptr) {
    return -1;
  }
  // PQfnumber folds case and parses quotes; compare exactly instead.
  for (int c = 0; c < columns(); ++c) {
    const char* n = PQfname(AsResult(res_), c);
    if (n != nullptr && name == n) {
      return c;
    }
  }
  return -1;
}

bool Rows::IsNull(int row, int col) const {
  if (res_ == nullptr || row < 0 || row >= size() || col < 0 || col >= columns()) {
    return true;
  }
  return PQgetisnull(AsResult(res_), row, col) == 1;
}

std::string_view Rows::Text(int row, int col) const {
  if (binary_) {
    return BinaryText(row, col);
  }
  if (IsNull(row, col)) {
    return {};
  }
  const char* v = PQgetvalue(AsResult(res_), row, col);
  if (v == nullptr) {
    return {};
  }
  return {v, static_cast<size_t>(PQgetlength(AsResult(res_), row, col))};
}

int64_t Rows::Int(int row, int col) const {
  if (binary_) {
    return BinaryInt(row, col);
  }
  return ParseDecimal(Text(row, col), {.min = std::numeric_limits<int64_t>::min()}).value_or(0);
}

bool Rows::Bool(int row, int col) const {
  return binary_ ? BinaryBool(row, col) : Text(row, col) == "t";
}

Bytes Rows::Bytea(int row, int col) const {
  if (binary_) {
    return BinaryBytea(row, col);
  }
  std::string_view t = Text(row, col);
  if (t.empty()) {
    return {};
  }
  if (t.size() >= 2 && t[0] == '\\' && t[1] == 'x') {
    Result<Bytes> b = HexDecode(t.substr(2));
    return b.ok() ? std::move(b).value() : Bytes{};
  }
  // bytea_output = escape (a server configured differently): let libpq decode.
  size_t len = 0;
  unsigned char* raw =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(std::string(t).c_str()), &len);
  if (raw == nullptr) {
    return {};
  }
  Bytes out(raw, raw + len);
  PQfreemem(raw);
  return out;
}

int64_t Rows::Affected() const {
  if (res_ == nullptr) {
    return 0;
  }
  std::string_view t = PQcmdTuples(AsResult(res_));
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

std::string_view Rows::CommandTag() const {
  if (res_ == nullptr) {
    return {};
  }
  const char* s = PQcmdStatus(AsResult(res_));
  return s != nullptr ? std::string_view(s) : std::string_view();
}

TimePoint Rows::Time(int row, int col) const {
  return OptionalTime(row, col).value_or(TimePoint{});
}

std::optional<TimePoint> Rows::OptionalTime(int row, int col) const {
  const PGresult* res = AsResult(res_);
  // Both formats: checked like a binary accessor, so a column selected in
  // another encoding (epoch numbers, to_char text) fails loudly in every test.
  std::optional<std::string_view> v =
      RawValue(res, row, col, "Time", [](Oid t) { return t == kTimestamptzOid; });
  if (!v) {
    return std::nullopt;
  }
  if (binary_) {
    if (v->size() != 8) {
      Misuse(res, col, "Time", "the value is not 8 bytes");
    }
    uint64_t u = 0;
    for (char c : *v) {
      u = (u << 8) | static_cast<uint8_t>(c);
    }
    return FromUnixMicros(static_cast<int64_t>(u) + kPostgresEpochUnixMicros);
  }
  // DateStyle ISO and TimeZone UTC (set by Connection::Open):
  // "2026-11-28 17:20:51.123456+00", the fraction only when not zero.
  std::string rfc3339(*v);
  TimePoint t;
  if (rfc3339.size() < 22 || rfc3339[10] != ' ' || !rfc3339.ends_with("+00")) {
    Misuse(res, col, "Time", "not an ISO timestamp in UTC (DateStyle or TimeZone changed?)");
  }
  rfc3339[10] = 'T';
  rfc3339.replace(rfc3339.size() - 3, 3, "Z");
  if (!ParseRfc3339(rfc3339, &t)) {
    Misuse(res, col, "Time", "not an ISO timestamp in UTC (DateStyle or TimeZone changed?)");
  }
  return t;
}

// ------------------------------------------------------ binary-format accessors

std::string_view Rows::BinaryText(int row, int col) const {
  const PGresult* res = AsResult(res_);
  std::optional<std::string_view> v =
      RawValue(res, row, col, "Text", [](Oid t) { return IsTextLike(t) || t == kByteaOid; });
  return v ? *v : std::string_view();
}

int64_t Rows::BinaryInt(int row, int col) const {
  const PGresult* res = AsResult(res_);
  std::optional<std::string_view> v = RawValue(
      res, row, col, "Int", [](Oid t) { return t == kInt2Oid || t == kInt4Oid || t == kInt8Oid; });
  if (!v) {
    return 0;
  }
  const Oid type = PQftype(res, col);
  const size_t width = type == kInt2Oid ? 2 : type == kInt4Oid ? 4 : 8;
  if (v->size() != width) {
    Misuse(res, col, "Int", "the value's length does not match its integer type");
  }
  // Big-endian two's complement; sign-extended from the type's width.
  uint64_t u = 0;
  for (char c : *v) {
    u = (u << 8) | static_cast<uint8_t>(c);
  }
  if (width < 8) {
    const uint64_t sign = uint64_t{1} << (width * 8 - 1);
    u = (u ^ sign) - sign;
  }
  return static_cast<int64_t>(u);
}

bool Rows::BinaryBool(int row, int col) const {
  const PGresult* res = AsResult(res_);
  std::optional<std::string_view> v =
      RawValue(res, row, col, "Bool", [](Oid t) { return t == kBoolOid; });
  if (!v) {
    return false;
  }
  if (v->size() != 1) {
    Misuse(res, col, "Bool", "the value is not one byte");
  }
  return (*v)[0] != 0;
}

Bytes Rows::BinaryBytea(int row, int col) const {
  const PGresult* res = AsResult(res_);
  std::optional<std::string_view> v =
      RawValue(res, row, col, "Bytea", [](Oid t) { return t == kByteaOid; });
  if (!v) {
    return {};
  }
  const auto* p = reinterpret_cast<const uint8_t*>(v->data());
  return Bytes(p, p + v->size());
}

}  // namespace garant::db
