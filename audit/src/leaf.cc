#include "garant/audit/leaf.h"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <system_error>

#include "garant/core/decimal.h"

namespace garant::audit {
namespace {

using std::chrono::days;
using std::chrono::microseconds;

// Field names, in their mandatory order.
constexpr std::array<std::string_view, 5> kFieldNames = {"id", "type", "time", "actor", "object"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerHex(char c) { return HexDigitValue(c, HexCase::kLower) >= 0; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z'); }

Status Invalid(std::string_view field, std::string_view why) {
  return Status::InvalidArgument("audit event " + std::string(field) + ": " + std::string(why));
}

Status ValidateId(std::string_view id) {
  if (id.size() != 36) {
    return Invalid("id", "must be a UUID (36 characters)");
  }
  for (size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? id[i] != '-' : !IsLowerHex(id[i])) {
      return Invalid("id", "must be a lowercase canonical UUID");
    }
  }
  return Status::Ok();
}

Status ValidateType(std::string_view type) {
  if (type.empty() || type.size() > kMaxTypeSize) {
    return Invalid("type", "bad length");
  }
  bool segment_start = true;
  for (char c : type) {
    if (segment_start) {
      if (!IsLower(c)) {
        return Invalid("type", "each segment must start with a-z");
      }
      segment_start = false;
    } else if (c == '.') {
      segment_start = true;
    } else if (!IsLower(c) && !IsDigit(c) && c != '_' && c != '-') {
      return Invalid("type", "allowed characters are a-z 0-9 _ - and dots between segments");
    }
  }
  if (segment_start) {
    return Invalid("type", "must not end with a dot");
  }
  return Status::Ok();
}

Status ValidateActor(std::string_view actor) {
  if (actor == "public") {
    return Status::Ok();
  }
  std::string_view id;
  if (actor.starts_with("staff:")) {
    id = actor.substr(6);
  } else if (actor.starts_with("service:")) {
    id = actor.substr(8);
  } else {
    return Invalid("actor", "must be public, staff:<id> or service:<id>");
  }
  if (id.empty() || id.size() > kMaxActorIdSize) {
    return Invalid("actor", "bad id length");
  }
  for (char c : id) {
    if (!IsAlnum(c) && c != '.' && c != '_' && c != '-') {
      return Invalid("actor", "id characters are A-Z a-z 0-9 . _ -");
    }
  }
  return Status::Ok();
}

Status ValidateObject(std::string_view object) {
  if (object.size() > kMaxObjectSize) {
    return Invalid("object", "too long");
  }
  if (!IsValidUtf8(object)) {
    return Invalid("object", "invalid UTF-8");
  }
  for (size_t i = 0; i < object.size(); ++i) {
    const auto c = static_cast<unsigned char>(object[i]);
    // C0 controls, DEL, and C1 controls (U+0080..U+009F are 0xC2 0x80..0x9F).
    const bool c1 =
        c == 0xC2 && i + 1 < object.size() && static_cast<unsigned char>(object[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c1) {
      return Invalid("object", "control characters are not allowed");
    }
  }
  return Status::Ok();
}

Status ValidatePayload(std::string_view payload) {
  if (payload.empty()) {
    return Invalid("payload", "must be a JSON text");
  }
  if (!IsValidUtf8(payload)) {
    return Invalid("payload", "invalid UTF-8");
  }
  boost::json::parse_options options;
  options.max_depth = 64;
  std::error_code ec;
  (void)boost::json::parse(payload, ec, {}, options);
  if (ec) {
    return Invalid("payload", "not a JSON text: " + ec.message());
  }
  return Status::Ok();
}

constexpr auto kMinTime = std::chrono::sys_days{std::chrono::year{1970} / 1 / 1};
constexpr auto kEndTime = std::chrono::sys_days{std::chrono::year{10000} / 1 / 1};

Status ValidateTime(TimePoint t) {
  if (t < kMinTime || t >= kEndTime) {
    return Invalid("time", "must be between 1970 and 9999");
  }
  return Status::Ok();
}

size_t EncodedSize(const Event& e) {
  // magic\n + "id " v\n ... + \n + payload
  return kLeafMagicV1.size() + 1 + (3 + e.id.size() + 1) + (5 + e.type.size() + 1) + (5 + 27 + 1) +
         (6 + e.actor.size() + 1) + (7 + e.object.size() + 1) + 1 + e.payload.size();
}

void AppendDigits(std::string* out, int64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(buf, static_cast<size_t>(width));
}

// Parses exactly `width` decimal digits.
bool ParseDigits(std::string_view s, size_t pos, size_t width, int64_t* out) {
  const std::optional<int64_t> v = ParseDecimal(s.substr(pos, width));
  if (v) {
    *out = *v;
  }
  return v.has_value();
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte, overlong 2-byte lead, or > U+10FFFF lead
    }
    if (i + len > n) {
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string FormatLeafTime(TimePoint t) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  int64_t us = (t - day).count();
  std::string out;
  out.reserve(27);
  AppendDigits(&out, static_cast<int>(ymd.year()), 4);
  out += '-';
  AppendDigits(&out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  AppendDigits(&out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  AppendDigits(&out, us / 3'600'000'000, 2);
  us %= 3'600'000'000;
  out += ':';
  AppendDigits(&out, us / 60'000'000, 2);
  us %= 60'000'000;
  out += ':';
  AppendDigits(&out, us / 1'000'000, 2);
  out += '.';
  AppendDigits(&out, us % 1'000'000, 6);
  out += 'Z';
  return out;
}

Result<TimePoint> ParseLeafTime(std::string_view s) {
  const Status bad = Invalid("time", "must be YYYY-MM-DDTHH:MM:SS.ffffffZ");
  if (s.size() != 27 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != '.' || s[26] != 'Z') {
    return bad;
  }
  int64_t y, mo, d, h, mi, sec, us;
  if (!ParseDigits(s, 0, 4, &y) || !ParseDigits(s, 5, 2, &mo) || !ParseDigits(s, 8, 2, &d) ||
      !ParseDigits(s, 11, 2, &h) || !ParseDigits(s, 14, 2, &mi) || !ParseDigits(s, 17, 2, &sec) ||
      !ParseDigits(s, 20, 6, &us)) {
    return bad;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(y)},
                                        std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) {
    return bad;
  }
  const TimePoint t = std::chrono::sys_days{ymd} + std::chrono::hours{h} +
                      std::chrono::minutes{mi} + std::chrono::seconds{sec} + microseconds{us};
  GARANT_RETURN_IF_ERROR(ValidateTime(t));
  return t;
}

Status ValidateEvent(const Event& event) {
  GARANT_RETURN_IF_ERROR(ValidateId(event.id));
  GARANT_RETURN_IF_ERROR(ValidateType(event.type));
  GARANT_RETURN_IF_ERROR(ValidateTime(event.time));
  GARANT_RETURN_IF_ERROR(ValidateActor(event.actor));
  GARANT_RETURN_IF_ERROR(ValidateObject(event.object));
  const size_t size = EncodedSize(event);
  if (size > kMaxLeafSize) {
    return Status::TooLarge("audit leaf of " + std::to_string(size) + " bytes exceeds " +
                            std::to_string(kMaxLeafSize));
  }
  return ValidatePayload(event.payload);
}

Result<Bytes> EncodeLeaf(const Event& event) {
  GARANT_RETURN_IF_ERROR(ValidateEvent(event));
  std::string s;
  s.reserve(EncodedSize(event));
  s.append(kLeafMagicV1).append("\n");
  s.append("id ").append(event.id).append("\n");
  s.append("type ").append(event.type).append("\n");
  s.append("time ").append(FormatLeafTime(event.time)).append("\n");
  s.append("actor ").append(event.actor).append("\n");
  s.append("object ").append(event.object).append("\n");
  s.append("\n");
  s.append(event.payload);
  const ByteView b = AsBytes(s);
  return Bytes(b.begin(), b.end());
}

Result<Event> DecodeLeaf(ByteView leaf) {
  if (leaf.size() > kMaxLeafSize) {
    return Status::TooLarge("audit leaf of " + std::to_string(leaf.size()) + " bytes exceeds " +
                            std::to_string(kMaxLeafSize));
  }
  std::string_view s = AsString(leaf);
  if (!IsValidUtf8(s)) {
    return Status::InvalidArgument("audit leaf: invalid UTF-8");
  }

  // Takes the next line (without its newline) from s.
  auto next_line = [&s](std::string_view* line) {
    const size_t nl = s.find('\n');
    if (nl == std::string_view::npos) {
      return false;
    }
    *line = s.substr(0, nl);
    s.remove_prefix(nl + 1);
    return true;
  };

  std::string_view line;
  if (!next_line(&line)) {
    return Status::InvalidArgument("audit leaf: no header line");
  }
  if (line != kLeafMagicV1) {
    if (line.starts_with("garant-audit-v")) {
      return Status::InvalidArgument("audit leaf: unsupported format version \"" +
                                     std::string(line) + "\"");
    }
    return Status::InvalidArgument("audit leaf: not a garant audit leaf");
  }
  std::array<std::string_view, kFieldNames.size()> values;
  for (size_t f = 0; f < kFieldNames.size(); ++f) {
    const std::string_view name = kFieldNames[f];
    // "name" SP value: the value may be empty here; each field's rules apply below.
    if (!next_line(&line) || line.size() <= name.size() || !line.starts_with(name) ||
        line[name.size()] != ' ') {
      return Status::InvalidArgument("audit leaf: expected field \"" + std::string(name) + "\"");
    }
    values[f] = line.substr(name.size() + 1);
  }
  if (!next_line(&line) || !line.empty()) {
    return Status::InvalidArgument("audit leaf: expected an empty line before the payload");
  }
  Event e;
  e.id = std::string(values[0]);
  e.type = std::string(values[1]);
  GARANT_ASSIGN_OR_RETURN(e.time, ParseLeafTime(values[2]));
  e.actor = std::string(values[3]);
  e.object = std::string(values[4]);
  e.payload = std::string(s);
  GARANT_RETURN_IF_ERROR(ValidateEvent(e));
  return e;
}

}  // namespace garant::audit
