#include "garant/core/json.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "garant/core/bytes.h"

namespace garant {
namespace {

namespace json = boost::json;

// Field names come from the client: quote at most this many bytes of them in
// error messages.
constexpr size_t kMaxQuotedKey = 64;

// "'key'", the key cut at a UTF-8 boundary when longer than kMaxQuotedKey.
std::string Quote(std::string_view key) {
  if (key.size() > kMaxQuotedKey) {
    size_t cut = kMaxQuotedKey;
    // Step back over continuation bytes (10xxxxxx) to a code point start.
    while (cut > 0 && (static_cast<uint8_t>(key[cut]) & 0xc0) == 0x80) {
      --cut;
    }
    return "'" + std::string(key.substr(0, cut)) + "...'";
  }
  return "'" + std::string(key) + "'";
}

Status FieldError(std::string_view key, std::string_view what) {
  return Status::InvalidArgument("field " + Quote(key) + " " + std::string(what));
}

// A basic_parser handler that builds nothing and fails on the first object
// holding the same key twice. Run only over text that already parsed, so it
// need not report any other error.
class DuplicateKeyFinder {
 public:
  static constexpr size_t max_array_size = static_cast<size_t>(-1);
  static constexpr size_t max_object_size = static_cast<size_t>(-1);
  static constexpr size_t max_string_size = static_cast<size_t>(-1);
  static constexpr size_t max_key_size = static_cast<size_t>(-1);

  const std::optional<std::string>& duplicate() const { return duplicate_; }
  bool out_of_range() const { return out_of_range_; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(size_t, json::error_code&) { return true; }
  // Keys only ever belong to the innermost open object: arrays need no entry.
  bool on_object_begin(json::error_code&) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(size_t, json::error_code&) {
    keys_.pop_back();
    return true;
  }
  bool on_string_part(json::string_view, size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view s, size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, size_t, json::error_code& ec) {
    key_.append(s.data(), s.size());
    const bool inserted = keys_.back().insert(key_).second;
    if (!inserted) {
      duplicate_ = key_;
      ec = json::error::syntax;  // any error stops the parser; duplicate_ says why
      return false;
    }
    key_.clear();
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t, json::string_view, json::error_code&) { return true; }
  bool on_uint64(uint64_t, json::string_view, json::error_code&) { return true; }
  // A number too large for a double (1e400) parses as infinity, which no
  // JSON text can carry back: refused (found by fuzz/json_fuzz.cc).
  bool on_double(double d, json::string_view, json::error_code&) {
    if (!std::isfinite(d)) out_of_range_ = true;
    return true;
  }
  bool on_bool(bool, json::error_code&) { return true; }
  bool on_null(json::error_code&) { return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  std::vector<std::unordered_set<std::string>> keys_;  // one set per open object
  std::string key_;                                    // the key being assembled
  std::optional<std::string> duplicate_;
  bool out_of_range_ = false;
};

}  // namespace

Result<json::object> ParseJsonObject(std::string_view body, size_t max_depth) {
  if (!IsValidUtf8(body)) {
    return Status::InvalidArgument("request body is not valid UTF-8");
  }
  json::parse_options options;  // strict RFC 8259: no comments, no trailing commas
  options.max_depth = max_depth;

  json::error_code ec;
  json::parser parser(json::storage_ptr(), options);
  const size_t consumed = parser.write(body.data(), body.size(), ec);
  if (ec == json::error::too_deep) {
    return Status::InvalidArgument("JSON nested deeper than " + std::to_string(max_depth) +
                                   " levels");
  }
  if (ec) {
    return Status::InvalidArgument("malformed JSON at offset " + std::to_string(consumed) + ": " +
                                   ec.message());
  }
  json::value value = parser.release();
  if (!value.is_object()) {
    return Status::InvalidArgument("JSON body must be an object");
  }

  json::basic_parser<DuplicateKeyFinder> finder(options);
  finder.write_some(/*more=*/false, body.data(), body.size(), ec);
  if (finder.handler().out_of_range()) {
    return Status::InvalidArgument("JSON number out of range");
  }
  if (finder.handler().duplicate().has_value()) {
    return Status::InvalidArgument("duplicate field " + Quote(*finder.handler().duplicate()));
  }
  if (ec) {  // cannot happen: the same text parsed above
    return Status::Internal("JSON duplicate-key scan failed: " + ec.message());
  }
  return std::move(value.get_object());
}

// ---------------------------------------------------------------- JsonFields

const json::value* JsonFields::Find(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
    known_.emplace_back(key);
  }
  const auto it = object_.find(json::string_view(key.data(), key.size()));
  return it == object_.end() ? nullptr : &it->value();
}

namespace {

Result<std::string> CheckString(std::string_view key, const json::value& v, size_t max_len,
                                std::string_view what) {
  if (!v.is_string()) {
    return FieldError(key, std::string("must be ") + std::string(what));
  }
  const json::string& s = v.get_string();
  const std::string_view text(s.data(), s.size());
  if (text.size() > max_len) {
    return FieldError(key, "is longer than " + std::to_string(max_len) + " bytes");
  }
  // Boost.JSON already rejects invalid UTF-8 and lone \u surrogates; checked
  // again so the contract does not rest on parser options.
  if (!IsValidUtf8(text)) {
    return FieldError(key, "is not valid UTF-8");
  }
  if (text.find('\0') != std::string_view::npos) {
    return FieldError(key, "must not contain NUL characters");
  }
  return std::string(text);
}

Result<int64_t> CheckInt(std::string_view key, const json::value& v, int64_t min, int64_t max) {
  int64_t n = 0;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64()) {
    // Boost.JSON only uses uint64 for values above INT64_MAX.
    return FieldError(key, "is out of range");
  } else {
    return FieldError(key, "must be an integer");
  }
  if (n < min || n > max) {
    return FieldError(key,
                      "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return n;
}

}  // namespace

Result<std::string> JsonFields::RequiredString(std::string_view key, size_t max_len) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return FieldError(key, "is required");
  }
  return CheckString(key, *v, max_len, "a string");
}

Result<std::optional<std::string>> JsonFields::OptionalString(std::string_view key,
                                                              size_t max_len) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return std::optional<std::string>();
  }
  GARANT_ASSIGN_OR_RETURN(std::string s, CheckString(key, *v, max_len, "a string"));
  return std::optional<std::string>(std::move(s));
}

Result<int64_t> JsonFields::RequiredInt(std::string_view key, int64_t min, int64_t max) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return FieldError(key, "is required");
  }
  return CheckInt(key, *v, min, max);
}

Result<std::optional<int64_t>> JsonFields::OptionalInt(std::string_view key, int64_t min,
                                                       int64_t max) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return std::optional<int64_t>();
  }
  GARANT_ASSIGN_OR_RETURN(int64_t n, CheckInt(key, *v, min, max));
  return std::optional<int64_t>(n);
}

Result<bool> JsonFields::RequiredBool(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return FieldError(key, "is required");
  }
  if (!v->is_bool()) {
    return FieldError(key, "must be a boolean");
  }
  return v->get_bool();
}

Result<std::optional<bool>> JsonFields::OptionalBool(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return std::optional<bool>();
  }
  if (!v->is_bool()) {
    return FieldError(key, "must be a boolean");
  }
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<std::vector<std::string>>> JsonFields::OptionalStringArray(
    std::string_view key, size_t max_items, size_t max_len) {
  using Out = std::optional<std::vector<std::string>>;
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return Out();
  }
  if (!v->is_array()) {
    return FieldError(key, "must be an array of strings");
  }
  const json::array& array = v->get_array();
  if (array.size() > max_items) {
    return FieldError(key, "has more than " + std::to_string(max_items) + " items");
  }
  std::vector<std::string> out;
  out.reserve(array.size());
  for (const json::value& item : array) {
    GARANT_ASSIGN_OR_RETURN(std::string s, CheckString(key, item, max_len, "an array of strings"));
    out.push_back(std::move(s));
  }
  return Out(std::move(out));
}

Result<const json::object*> JsonFields::RequiredObject(std::string_view key) {
  const json::value* v = Find(key);
  if (v == nullptr || v->is_null()) {
    return FieldError(key, "is required");
  }
  if (!v->is_object()) {
    return FieldError(key, "must be an object");
  }
  return &v->get_object();
}

Status JsonFields::RejectUnknown() const {
  for (const auto& member : object_) {
    const std::string_view key(member.key().data(), member.key().size());
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
      return Status::InvalidArgument("unknown field " + Quote(key));
    }
  }
  return Status::Ok();
}

}  // namespace garant
