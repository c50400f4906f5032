// The signed exclusion-list document (docs/exclusion-lists.md is the normative
// statement of the format; this header is its C++ interface).
//
// An exclusion list is a versioned set of (scope, token) entries: the
// pseudonymous tokens of every effective objection, each with its scope
// ("all" for an objection to all of CONTACT, "project:<ref>" for one
// project: the scope of the objection, as sql/0003_objections.sql stores it). The
// document carries a header (format, version, issue and expiry times, key
// ids, token count, digest of the sorted entries) and an Ed25519 signature
// over a canonical byte string built from the header (never over JSON text),
// so that a consumer can verify it alone, with the public key only.
//
// Pure functions: no IO, no clock (the time is a parameter), no global
// state. Thread-safe.
//
// Errors: VerifyExclusionList never accepts a document it cannot fully
// check (fail closed). Every refusal is a Status whose message starts with a
// stable problem word (see ListProblem) followed by ": " and the detail:
//   kDataLoss           malformed, bad_signature, bad_token, count_mismatch,
//                       digest_mismatch (the bytes are not what was signed)
//   kFailedPrecondition unsupported_format, wrong_signing_key, expired,
//                       not_yet_valid, wrong_pseudonym_key (usable bytes,
//                       unusable here or now)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {

inline constexpr std::string_view kExclusionListFormat = "garant-exclusion-list-v1";
inline constexpr std::string_view kListScopeAll = "all";
inline constexpr std::string_view kListScopeProjectPrefix = "project:";
// The tokens of health professionals who objected (their RPPS token: their
// identifier is removed from records, no record is dropped for it).
inline constexpr std::string_view kListScopeProfessional = "professional";
// A scope is "all", "professional" or "project:" followed by a project reference of 1 to 64
// characters of [A-Za-z0-9._-], the first alphanumeric (so a scope never
// contains the separators of the digest input).
inline constexpr size_t kMaxProjectRefLength = 64;
// Tolerated clock skew for issued_at in the future.
inline constexpr std::chrono::seconds kMaxIssueSkew{300};

// The stable problem words of a refusal: its reason (Status::reason()), also
// the start of its message ("<problem>: <detail>").
enum class ListProblem {
  kMalformed,          // "malformed": not JSON, truncated, missing/extra/mistyped field
  kUnsupportedFormat,  // "unsupported_format"
  kWrongSigningKey,    // "wrong_signing_key": signing_key_id is not the verify key's
  kBadSignature,       // "bad_signature"
  kBadToken,           // "bad_token": not 64 lowercase hex, bad scope, not in canonical order
  kCountMismatch,      // "count_mismatch": token_count differs from the tokens present
  kDigestMismatch,     // "digest_mismatch"
  kExpired,            // "expired": now >= expires_at
  kNotYetValid,        // "not_yet_valid": issued_at > now + kMaxIssueSkew
  kWrongPseudonymKey,  // "wrong_pseudonym_key": tokens made under another key
};
std::string_view ListProblemName(ListProblem p);
// The problem a refusal names by its reason, or nullopt for an ok or foreign
// Status (the message is never matched).
std::optional<ListProblem> ProblemOf(const Status& st);

// Key ids: the first 8 lowercase hex digits of
//   SHA-256("garant-pseudonym-key-id|" || key)       (the 32-byte HMAC key)
//   SHA-256("garant-signing-key-id|" || public key)  (the 32-byte Ed25519 public key)
std::string ListPseudonymKeyId(ByteView pseudonym_key);
std::string SigningKeyId(const crypto::Ed25519PublicKeyBytes& public_key);
// True for a well-formed key id: exactly 8 lowercase hex digits.
bool IsValidKeyId(std::string_view key_id);

// One entry. Scopes are kept once per list; entries refer to them by index.
struct ScopedToken {
  crypto::Digest token{};  // the raw 32 bytes of the token (hex in the document)
  uint32_t scope = 0;      // index into ExclusionList::scopes

  friend bool operator==(const ScopedToken&, const ScopedToken&) = default;
};

// The header fields: everything the signature covers (through the digest,
// the tokens too).
struct ListHeader {
  int64_t version = 0;           // >= 1, strictly increasing per publisher
  std::string issued_at;         // RFC 3339 UTC, 6 fractional digits, "Z" (FormatRfc3339Utc)
  std::string expires_at;        // same form, after issued_at
  std::string pseudonym_key_id;  // 8 lowercase hex
  std::string signing_key_id;    // 8 lowercase hex
  int64_t token_count = 0;       // number of entries
  std::string digest;            // 64 lowercase hex: SHA-256 of the digest input
  std::string signature;         // base64 (standard, padded) of the 64-byte Ed25519 signature

  friend bool operator==(const ListHeader&, const ListHeader&) = default;
};

// A parsed (and, from VerifyExclusionList, verified) list.
// Invariants: scopes sorted bytewise and unique; tokens in canonical order
// (scope index ascending, then token bytes ascending), no duplicate.
struct ExclusionList {
  ListHeader header;
  std::vector<std::string> scopes;
  std::vector<ScopedToken> tokens;
};

// The canonical byte string that is signed (docs/exclusion-lists.md §4):
//   "garant-exclusion-list-v1\n"
//   "version " <decimal> "\n"  "issued_at " <text> "\n"  "expires_at " <text> "\n"
//   "pseudonym_key_id " <hex> "\n"  "signing_key_id " <hex> "\n"
//   "token_count " <decimal> "\n"  "digest " <hex> "\n"
std::string SignedBytes(const ListHeader& header);

// The digest of entries in canonical order: lowercase hex of SHA-256 over,
// for each entry, scope || " " || token hex (64) || "\n".
std::string EntriesDigest(const std::vector<std::string>& scopes,
                          const std::vector<ScopedToken>& tokens);

// What a publisher puts in a new version. Entries may be unsorted and repeat;
// SignExclusionList sorts them and drops duplicates.
struct ListContent {
  int64_t version = 0;
  TimePoint issued_at;
  TimePoint expires_at;
  std::string pseudonym_key_id;
  struct Entry {
    std::string scope;
    crypto::Digest token{};
  };
  std::vector<Entry> entries;
};

// Builds and signs the document (compact JSON, one token per array element,
// ending with "\n"). Fails with kInvalidArgument on a bad scope, version < 1,
// expires_at <= issued_at, or a malformed pseudonym key id. When header_out
// is given, it receives the header of the document.
Result<std::string> SignExclusionList(const ListContent& content,
                                      const crypto::Ed25519Seed& signing_seed,
                                      ListHeader* header_out = nullptr);

// The document text of a canonical list (scopes sorted and unique, tokens in
// canonical order, header complete with its signature): the exact bytes
// SignExclusionList returns for it. Nothing is checked.
std::string WriteDocument(const ExclusionList& list);

// Rebuilds a published document from its header (signature included) and its
// entries, in any order, duplicates dropped: the format being canonical, the
// text is byte for byte the one that was signed. Refuses (kDataLoss, problem
// count_mismatch or digest_mismatch, or a bad scope) entries that are not the
// ones the header describes, so a damaged store never yields a document
// other than the signed one.
Result<std::string> RebuildExclusionList(const ListHeader& header,
                                         const std::vector<ListContent::Entry>& entries);

// Parses a document without checking the signature, digest or times (for a
// publisher reading its own stored versions). Structural errors as above.
Result<ExclusionList> ParseExclusionList(std::string_view document);

struct VerifyOptions {
  crypto::Ed25519PublicKeyBytes verify_key{};
  TimePoint now;
  // When set, the list must have been made under this key.
  std::optional<std::string> expected_pseudonym_key_id;
};

// Parses and fully checks a document, in this order: JSON structure and
// types → format → signing key id → signature over SignedBytes → every token
// and scope, canonical order → token_count → digest → expiry and issue time
// → pseudonym key id. The first failure is returned (see the top of file).
Result<ExclusionList> VerifyExclusionList(std::string_view document, const VerifyOptions& options);

// The same checks on an already parsed list (e.g. one rebuilt by ApplyDelta).
Status VerifyParsedList(const ExclusionList& list, const VerifyOptions& options);

// The difference between two lists: entries of `to` missing from `from`
// (added) and entries of `from` missing from `to` (removed), as (scope,
// token) pairs in canonical order. The added entries are the purge order
// (newly objecting people whose already stored data must be purged); the
// removed entries are withdrawals (nothing to purge).
struct ListDelta {
  int64_t from_version = 0;
  int64_t to_version = 0;
  std::vector<ListContent::Entry> added;
  std::vector<ListContent::Entry> removed;
};
ListDelta ComputeDelta(const ExclusionList& from, const ExclusionList& to);

// Applies a delta to `from`'s entries and takes `to_header` as the header:
// the result can be checked with VerifyParsedList. kInvalidArgument when a
// removed entry is absent or an added entry already present.
Result<ExclusionList> ApplyDelta(const ExclusionList& from, const ListDelta& delta,
                                 const ListHeader& to_header);

// Checks a scope: "all", "professional" or "project:<ref>" (see
// kListScopeProjectPrefix).
bool IsValidScope(std::string_view scope);
// "project:<ref>" for a project reference (not checked).
std::string ProjectScope(std::string_view project_ref);

}  // namespace garant::consent
