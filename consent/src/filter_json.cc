#include "filter_json.h"

#include <cstring>

#include "garant/core/bytes.h"

namespace garant::consent::internal {
namespace {

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Eight bytes at a time (SWAR). Each test below is exact for "some byte of
// the word ...": the borrow trick can only misreport bytes above a true hit.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

inline uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

inline bool HasZeroByte(uint64_t w) { return ((w - kOnes) & ~w & kHighBits) != 0; }

// Some byte is '"', '\\' or below 0x20: where a string's plain run ends.
inline bool HasStringSpecial(uint64_t w) {
  return HasZeroByte(w ^ (kOnes * '"')) || HasZeroByte(w ^ (kOnes * '\\')) ||
         ((w - kOnes * 0x20) & ~w & kHighBits) != 0;
}

// a == b, inline for the short keys of a record (no memcmp call): 8 <= n <=
// 16 bytes compare as two overlapping words, 4 <= n < 8 as two half words.
inline bool SameBytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    return Load8(a.data()) == Load8(b.data()) && Load8(a.data() + n - 8) == Load8(b.data() + n - 8);
  }
  if (n >= 4 && n < 8) {
    uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, a.data(), 4);
    std::memcpy(&y0, b.data(), 4);
    std::memcpy(&x1, a.data() + n - 4, 4);
    std::memcpy(&y1, b.data() + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  if (n < 4) {
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  return a == b;
}

// The offset of the first byte >= 0x80 in s, or s.size().
size_t AsciiPrefix(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    if ((Load8(s.data() + i) & kHighBits) != 0) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

}  // namespace

JsonRecordScanner::JsonRecordScanner(std::vector<std::string> names)
    : names_(std::move(names)), wanted_(names_.size()) {
  members_.reserve(32);
}

bool JsonRecordScanner::Fail(const char* why) {
  if (error_ != nullptr) {
    error_->assign(why);
    error_->append(" at byte ");
    error_->append(std::to_string(pos_ + 1));
  }
  return false;
}

void JsonRecordScanner::SkipWs() {
  while (pos_ < s_.size()) {
    const char c = s_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++pos_;
  }
}

bool JsonRecordScanner::ParseString(std::string* out) {
  // s_[pos_] == '"'
  ++pos_;
  saw_escape_ = false;
  if (out != nullptr) out->clear();
  size_t run = pos_;  // start of the plain run not yet copied
  for (;;) {
    // Skip plain bytes a word at a time, then byte by byte up to the special one.
    while (pos_ + 8 <= s_.size() && !HasStringSpecial(Load8(s_.data() + pos_))) pos_ += 8;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) break;
      ++pos_;
    }
    if (pos_ >= s_.size()) return Fail("unterminated string");
    const char c = s_[pos_];
    if (c == '"') {
      if (out != nullptr) out->append(s_.data() + run, pos_ - run);
      ++pos_;
      return true;
    }
    if (c != '\\') return Fail("control character in a string");
    saw_escape_ = true;
    if (out != nullptr) out->append(s_.data() + run, pos_ - run);
    if (pos_ + 1 >= s_.size()) return Fail("unterminated string");
    const char e = s_[pos_ + 1];
    pos_ += 2;
    char plain = 0;
    switch (e) {
      case '"':
        plain = '"';
        break;
      case '\\':
        plain = '\\';
        break;
      case '/':
        plain = '/';
        break;
      case 'b':
        plain = '\b';
        break;
      case 'f':
        plain = '\f';
        break;
      case 'n':
        plain = '\n';
        break;
      case 'r':
        plain = '\r';
        break;
      case 't':
        plain = '\t';
        break;
      case 'u': {
        auto hex4 = [&](uint32_t* v) {
          if (pos_ + 4 > s_.size()) return false;
          uint32_t x = 0;
          for (int i = 0; i < 4; ++i) {
            int d = HexDigitValue(s_[pos_ + i]);
            if (d < 0) return false;
            x = x << 4 | static_cast<uint32_t>(d);
          }
          pos_ += 4;
          *v = x;
          return true;
        };
        uint32_t cp = 0;
        if (!hex4(&cp)) return Fail("bad \\u escape");
        if (cp >= 0xdc00 && cp <= 0xdfff) return Fail("lone low surrogate");
        if (cp >= 0xd800 && cp <= 0xdbff) {
          uint32_t low = 0;
          if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') {
            return Fail("lone high surrogate");
          }
          pos_ += 2;
          if (!hex4(&low)) return Fail("bad \\u escape");
          if (low < 0xdc00 || low > 0xdfff) return Fail("lone high surrogate");
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        }
        if (out != nullptr) AppendUtf8(out, cp);
        run = pos_;
        continue;
      }
      default:
        return Fail("bad escape in a string");
    }
    if (out != nullptr) out->push_back(plain);
    run = pos_;
  }
}

bool JsonRecordScanner::ParseNumber() {
  if (s_[pos_] == '-') ++pos_;
  if (pos_ >= s_.size()) return Fail("bad number");
  if (s_[pos_] == '0') {
    ++pos_;
  } else if (s_[pos_] >= '1' && s_[pos_] <= '9') {
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
  } else {
    return Fail("bad number");
  }
  if (pos_ < s_.size() && s_[pos_] == '.') {
    ++pos_;
    if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return Fail("bad number");
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
  }
  if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
    if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return Fail("bad number");
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
  }
  return true;
}

bool JsonRecordScanner::ParseLiteral(std::string_view word) {
  if (s_.substr(pos_, word.size()) != word) return Fail("unexpected character");
  pos_ += word.size();
  return true;
}

bool JsonRecordScanner::SkipValue(int depth) {
  if (pos_ >= s_.size()) return Fail("missing value");
  const char c = s_[pos_];
  switch (c) {
    case '"':
      return ParseString(nullptr);
    case 't':
      return ParseLiteral("true");
    case 'f':
      return ParseLiteral("false");
    case 'n':
      return ParseLiteral("null");
    case '{': {
      if (depth > kMaxJsonDepth) return Fail("nested too deep");
      ++pos_;
      SkipWs();
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      for (;;) {
        SkipWs();
        if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a key");
        if (!ParseString(nullptr)) return false;
        SkipWs();
        if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
        ++pos_;
        SkipWs();
        if (!SkipValue(depth + 1)) return false;
        SkipWs();
        if (pos_ >= s_.size()) return Fail("unterminated object");
        if (s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (s_[pos_] == '}') {
          ++pos_;
          return true;
        }
        return Fail("expected ',' or '}'");
      }
    }
    case '[': {
      if (depth > kMaxJsonDepth) return Fail("nested too deep");
      ++pos_;
      SkipWs();
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      for (;;) {
        SkipWs();
        if (!SkipValue(depth + 1)) return false;
        SkipWs();
        if (pos_ >= s_.size()) return Fail("unterminated array");
        if (s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (s_[pos_] == ']') {
          ++pos_;
          return true;
        }
        return Fail("expected ',' or ']'");
      }
    }
    default:
      if (c == '-' || IsDigit(c)) return ParseNumber();
      return Fail("unexpected character");
  }
}

int JsonRecordScanner::MatchName(std::string_view raw_key, bool has_escape,
                                 std::string* scratch) const {
  std::string_view key = has_escape ? std::string_view(*scratch) : raw_key;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (SameBytes(key, names_[i])) return static_cast<int>(i);
  }
  return -1;
}

bool JsonRecordScanner::Scan(std::string_view line, std::string* error) {
  error_ = error;
  members_.clear();
  for (WantedValue& w : wanted_) {
    w.kind = WantedValue::Kind::kAbsent;
    w.count = 0;
  }
  s_ = line;
  pos_ = 0;
  // The ASCII prefix (usually the whole record) needs no UTF-8 decoding.
  if (!IsValidUtf8(line.substr(AsciiPrefix(line)))) return Fail("not valid UTF-8");
  SkipWs();
  if (pos_ >= s_.size() || s_[pos_] != '{') return Fail("the record is not a JSON object");
  ++pos_;
  SkipWs();
  if (pos_ < s_.size() && s_[pos_] == '}') {
    ++pos_;
  } else {
    for (;;) {
      SkipWs();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a key");
      const size_t begin = pos_;
      // Keys are short: decode only when they hold an escape.
      const size_t raw_begin = pos_ + 1;
      if (!ParseString(nullptr)) return false;
      std::string_view raw_key = s_.substr(raw_begin, pos_ - 1 - raw_begin);
      const bool has_escape = saw_escape_;
      if (has_escape) {
        const size_t after = pos_;
        pos_ = begin;
        ParseString(&key_scratch_);
        pos_ = after;
      }
      const int field = MatchName(raw_key, has_escape, &key_scratch_);
      SkipWs();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
      ++pos_;
      SkipWs();
      if (pos_ >= s_.size()) return Fail("missing value");
      if (field >= 0) {
        WantedValue& w = wanted_[static_cast<size_t>(field)];
        ++w.count;
        if (s_[pos_] == '"') {
          if (!ParseString(&w.value)) return false;
          w.kind = WantedValue::Kind::kString;
        } else if (s_[pos_] == 'n') {
          if (!ParseLiteral("null")) return false;
          w.kind = WantedValue::Kind::kNull;
        } else {
          if (!SkipValue(2)) return false;
          w.kind = WantedValue::Kind::kOther;
        }
      } else if (!SkipValue(2)) {
        return false;
      }
      members_.push_back({begin, pos_, field});
      SkipWs();
      if (pos_ >= s_.size()) return Fail("unterminated object");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        break;
      }
      return Fail("expected ',' or '}'");
    }
  }
  SkipWs();
  if (pos_ != s_.size()) return Fail("data after the record");
  return true;
}

}  // namespace garant::consent::internal
