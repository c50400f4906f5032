// Parsing of the exclusion-list document: a streaming (SAX) Boost.JSON
// handler that accepts exactly the layout of docs/exclusion-lists.md §3 and
// decodes each token straight into its 32 bytes, so that a list of a million
// tokens loads without building a JSON tree.
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "exclusion_list_internal.h"
#include "garant/consent/exclusion_list.h"
#include "garant/core/bytes.h"

namespace garant::consent {
namespace {

namespace json = boost::json;

// Top-level fields, as bits of ListHandler::seen_.
enum TopField : uint32_t {
  kFormat = 1u << 0,
  kVersion = 1u << 1,
  kIssuedAt = 1u << 2,
  kExpiresAt = 1u << 3,
  kPseudonymKeyId = 1u << 4,
  kSigningKeyId = 1u << 5,
  kTokenCount = 1u << 6,
  kDigest = 1u << 7,
  kScopes = 1u << 8,
  kSignature = 1u << 9,
  kAllTop = (1u << 10) - 1,
};
enum GroupField : uint32_t { kScope = 1u << 0, kTokens = 1u << 1, kAllGroup = 3 };

constexpr size_t kMaxStringBytes = 256;

class ListHandler {
 public:
  static constexpr size_t max_array_size = static_cast<size_t>(-1);
  static constexpr size_t max_object_size = static_cast<size_t>(-1);
  static constexpr size_t max_string_size = kMaxStringBytes;
  static constexpr size_t max_key_size = kMaxStringBytes;

  explicit ListHandler(ExclusionList* out) : out_(out) {}

  // The first problem found (structure or token), if any.
  const std::string& error() const { return error_; }
  ListProblem problem() const { return problem_; }
  bool done() const { return state_ == State::kDone; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code& ec) {
    if (state_ == State::kStart) {
      state_ = State::kTop;
      return true;
    }
    if (state_ == State::kScopes) {
      state_ = State::kGroup;
      group_seen_ = 0;
      group_scope_.clear();
      group_first_token_ = out_->tokens.size();
      return true;
    }
    return Fail(ec, "unexpected object");
  }

  bool on_object_end(size_t, json::error_code& ec) {
    if (state_ == State::kTop) {
      if (seen_ != kAllTop) return Fail(ec, "missing field(s) in the list header");
      state_ = State::kDone;
      return true;
    }
    if (state_ == State::kGroup) {
      if (group_seen_ != kAllGroup) return Fail(ec, "a scope group lacks 'scope' or 'tokens'");
      const uint32_t index = static_cast<uint32_t>(out_->scopes.size());
      for (size_t i = group_first_token_; i < out_->tokens.size(); ++i) {
        out_->tokens[i].scope = index;
      }
      if (group_first_token_ == out_->tokens.size()) {
        TokenProblem("scope group " + std::to_string(index) + " has no token");
      }
      out_->scopes.push_back(std::move(group_scope_));
      state_ = State::kScopes;
      return true;
    }
    return Fail(ec, "unexpected end of object");
  }

  bool on_array_begin(json::error_code& ec) {
    if (state_ == State::kTopValue && field_ == kScopes) {
      state_ = State::kScopes;
      return true;
    }
    if (state_ == State::kGroupValue && field_ == kTokens) {
      state_ = State::kTokens;
      return true;
    }
    return Fail(ec, "unexpected array");
  }

  bool on_array_end(size_t, json::error_code& ec) {
    if (state_ == State::kScopes) {
      state_ = State::kTop;
      return true;
    }
    if (state_ == State::kTokens) {
      state_ = State::kGroup;
      return true;
    }
    return Fail(ec, "unexpected end of array");
  }

  bool on_key_part(json::string_view s, size_t, json::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }

  bool on_key(json::string_view s, size_t, json::error_code& ec) {
    text_.append(s.data(), s.size());
    std::string key = std::move(text_);
    text_.clear();
    if (state_ == State::kTop) {
      uint32_t f = TopFieldOf(key);
      if (f == 0) return Fail(ec, "unknown field '" + key + "'");
      if (seen_ & f) return Fail(ec, "field '" + key + "' given twice");
      seen_ |= f;
      field_ = f;
      state_ = State::kTopValue;
      return true;
    }
    if (state_ == State::kGroup) {
      uint32_t f = 0;
      if (key == "scope") f = kScope;
      if (key == "tokens") f = kTokens;
      if (f == 0) return Fail(ec, "unknown field '" + key + "' in a scope group");
      if (group_seen_ & f) return Fail(ec, "field '" + key + "' given twice in a scope group");
      group_seen_ |= f;
      field_ = f;
      state_ = State::kGroupValue;
      return true;
    }
    return Fail(ec, "unexpected key");
  }

  bool on_string_part(json::string_view s, size_t, json::error_code&) {
    text_.append(s.data(), s.size());
    return true;
  }

  bool on_string(json::string_view s, size_t, json::error_code& ec) {
    if (text_.empty()) {
      return OnString(std::string_view(s.data(), s.size()), ec);
    }
    text_.append(s.data(), s.size());
    std::string v = std::move(text_);
    text_.clear();
    return OnString(v, ec);
  }

  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t v, json::string_view, json::error_code& ec) {
    if (state_ != State::kTopValue || (field_ != kVersion && field_ != kTokenCount)) {
      return Fail(ec, "unexpected number");
    }
    if (v < 0 || (field_ == kVersion && v < 1)) return Fail(ec, "number out of range");
    (field_ == kVersion ? out_->header.version : out_->header.token_count) = v;
    state_ = State::kTop;
    return true;
  }
  bool on_uint64(uint64_t, json::string_view, json::error_code& ec) {
    return Fail(ec, "number out of range");
  }
  bool on_double(double, json::string_view, json::error_code& ec) {
    return Fail(ec, "numbers must be integers");
  }
  bool on_bool(bool, json::error_code& ec) { return Fail(ec, "unexpected boolean"); }
  bool on_null(json::error_code& ec) { return Fail(ec, "unexpected null"); }
  bool on_comment_part(json::string_view, json::error_code& ec) {
    return Fail(ec, "comments are not allowed");
  }
  bool on_comment(json::string_view, json::error_code& ec) {
    return Fail(ec, "comments are not allowed");
  }

 private:
  enum class State { kStart, kTop, kTopValue, kScopes, kGroup, kGroupValue, kTokens, kDone };

  static uint32_t TopFieldOf(std::string_view k) {
    if (k == "format") return kFormat;
    if (k == "version") return kVersion;
    if (k == "issued_at") return kIssuedAt;
    if (k == "expires_at") return kExpiresAt;
    if (k == "pseudonym_key_id") return kPseudonymKeyId;
    if (k == "signing_key_id") return kSigningKeyId;
    if (k == "token_count") return kTokenCount;
    if (k == "digest") return kDigest;
    if (k == "scopes") return kScopes;
    if (k == "signature") return kSignature;
    return 0;
  }

  bool OnString(std::string_view v, json::error_code& ec) {
    if (state_ == State::kTokens) {
      ScopedToken t;
      if (v.size() != 64) {
        TokenProblem("token " + std::to_string(out_->tokens.size()) + " is not 64 hex digits");
      } else if (!HexDecodeInto(v, t.token, HexCase::kLower)) {
        TokenProblem("token " + std::to_string(out_->tokens.size()) + " is not lowercase hex");
      }
      out_->tokens.push_back(t);
      return true;
    }
    if (state_ == State::kGroupValue && field_ == kScope) {
      group_scope_.assign(v);
      state_ = State::kGroup;
      return true;
    }
    if (state_ != State::kTopValue) return Fail(ec, "unexpected string");
    ListHeader& h = out_->header;
    switch (field_) {
      case kFormat:
        if (v != kExclusionListFormat) {
          problem_ = ListProblem::kUnsupportedFormat;
          error_ = "format '" + std::string(v.substr(0, 64)) + "' is not " +
                   std::string(kExclusionListFormat);
          ec = json::error::syntax;
          return false;
        }
        break;
      case kIssuedAt:
        h.issued_at.assign(v);
        break;
      case kExpiresAt:
        h.expires_at.assign(v);
        break;
      case kPseudonymKeyId:
        h.pseudonym_key_id.assign(v);
        break;
      case kSigningKeyId:
        h.signing_key_id.assign(v);
        break;
      case kDigest:
        h.digest.assign(v);
        break;
      case kSignature:
        h.signature.assign(v);
        break;
      default:
        return Fail(ec, "a string where a number or array is expected");
    }
    state_ = State::kTop;
    return true;
  }

  // Records a token-level problem and goes on (the structure is still checked).
  void TokenProblem(std::string detail) {
    if (!token_error_.empty()) return;
    token_error_ = std::move(detail);
  }

 public:
  const std::string& token_error() const { return token_error_; }

 private:
  bool Fail(json::error_code& ec, std::string why) {
    if (error_.empty()) {
      problem_ = ListProblem::kMalformed;
      error_ = std::move(why);
    }
    ec = json::error::syntax;
    return false;
  }

  ExclusionList* out_;
  State state_ = State::kStart;
  uint32_t seen_ = 0;
  uint32_t group_seen_ = 0;
  uint32_t field_ = 0;
  std::string text_;
  std::string group_scope_;
  size_t group_first_token_ = 0;
  ListProblem problem_ = ListProblem::kMalformed;
  std::string error_;
  std::string token_error_;
};

}  // namespace

Result<ExclusionList> ParseExclusionList(std::string_view document) {
  // Boost.JSON checks UTF-8 itself (allow_invalid_utf8 is false by default).
  ExclusionList list;
  json::parse_options options;  // strict: no comments, no trailing commas
  options.max_depth = 8;
  json::basic_parser<ListHandler> parser(options, &list);
  json::error_code ec;
  const size_t consumed = parser.write_some(/*more=*/false, document.data(), document.size(), ec);
  const ListHandler& h = parser.handler();
  if (!h.error().empty()) return internal::Refuse(h.problem(), h.error());
  if (ec) {
    return internal::Refuse(ListProblem::kMalformed,
                            "not valid JSON at byte " + std::to_string(consumed) + " of " +
                                std::to_string(document.size()) + " (truncated?): " + ec.message());
  }
  if (!h.done()) return internal::Refuse(ListProblem::kMalformed, "incomplete document");
  for (size_t i = consumed; i < document.size(); ++i) {
    const char c = document[i];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      return internal::Refuse(ListProblem::kMalformed,
                              "data after the document at byte " + std::to_string(i));
    }
  }
  if (!h.token_error().empty()) {
    return internal::Refuse(ListProblem::kBadToken, h.token_error());
  }
  return list;
}

}  // namespace garant::consent
