// Identity traits and their normalisation, Pseudonymisation v1
// (docs/pseudonymisation-v1.md is the normative statement; PRODUCT.md the source).
//
// Everything here is a pure function of its arguments: no clock (the current
// year is a parameter), no IO, no global state. Thread-safe.
//
// Errors: invalid input is never an exception or an assertion. Functions that
// return Result fail with Code::kInvalidArgument and an English message; for
// the per-field functions it starts with the field name ("birth_date: ..."),
// Normalize (which knows no field) gives the bare reason. ValidateIdentity
// reports every invalid field at once as FieldError values, each with a stable
// reason slug: the public form shows the French text of that reason
// (server/src/http/reasons_fr.cc). This module speaks English only.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/core/status.h"

namespace garant::consent {

// The inputs of Pseudonymisation v1, as typed on the form or read from an
// ingestion record. Members are UTF-8 text, unvalidated.
struct IdentityTraits {
  std::string birth_name;                  // nom de naissance, required
  std::optional<std::string> used_name;    // nom d'usage; absent or blank = not given
  std::string given_names;                 // prénoms de naissance, as written
  std::string birth_date;                  // YYYY-MM-DD, 00 for an unknown day or month
  std::string sex;                         // F, M or I (lowercase accepted)
  std::optional<std::string> ins;          // NIR + 2-digit key; absent or blank = not given
  std::optional<std::string> birth_place;  // INSEE code; carried, not used by v1
};

// Field names: the names of the form inputs and of the ingestion record fields.
inline constexpr std::string_view kFieldBirthName = "birth_name";
inline constexpr std::string_view kFieldUsedName = "used_name";
inline constexpr std::string_view kFieldGivenNames = "given_names";
inline constexpr std::string_view kFieldBirthDate = "birth_date";
inline constexpr std::string_view kFieldSex = "sex";
inline constexpr std::string_view kFieldIns = "ins";

// One invalid field.
struct FieldError {
  std::string field;    // one of the kField* names above
  std::string message;  // English, for logs, the API and the filter's rejects
  // Stable slug naming the rule (kIdentityReasons, kObjectionReasons): the key
  // of the French text shown next to the field on the public form. Never
  // renamed nor reused.
  std::string reason;
  // The values the French text names, as {name, value} ("max_year", "2026");
  // empty for most reasons.
  std::vector<std::pair<std::string, std::string>> args = {};

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// ---- reasons of identity field errors ----
// A name field (birth, used, first given name) that is not valid UTF-8, is
// over 100 code points, or has no letter A-Z once normalised.
inline constexpr std::string_view kReasonBirthNameMissing = "birth_name_missing";
inline constexpr std::string_view kReasonBirthNameInvalidUtf8 = "birth_name_invalid_utf8";
inline constexpr std::string_view kReasonBirthNameTooLong = "birth_name_too_long";
inline constexpr std::string_view kReasonBirthNameNoLatinLetter = "birth_name_no_latin_letter";
inline constexpr std::string_view kReasonUsedNameInvalidUtf8 = "used_name_invalid_utf8";
inline constexpr std::string_view kReasonUsedNameTooLong = "used_name_too_long";
inline constexpr std::string_view kReasonUsedNameNoLatinLetter = "used_name_no_latin_letter";
inline constexpr std::string_view kReasonFirstGivenNameInvalidUtf8 =
    "first_given_name_invalid_utf8";
inline constexpr std::string_view kReasonFirstGivenNameTooLong = "first_given_name_too_long";
inline constexpr std::string_view kReasonFirstGivenNameNoLatinLetter =
    "first_given_name_no_latin_letter";
inline constexpr std::string_view kReasonGivenNamesMissing = "given_names_missing";
inline constexpr std::string_view kReasonGivenNamesInvalidUtf8 = "given_names_invalid_utf8";
inline constexpr std::string_view kReasonBirthDateFormat = "birth_date_format";
// args: min_year, max_year.
inline constexpr std::string_view kReasonBirthYearOutOfRange = "birth_year_out_of_range";
inline constexpr std::string_view kReasonBirthMonthOutOfRange = "birth_month_out_of_range";
// args: max_day ("28" to "31").
inline constexpr std::string_view kReasonBirthDayOutOfRange = "birth_day_out_of_range";
inline constexpr std::string_view kReasonSexInvalid = "sex_invalid";
inline constexpr std::string_view kReasonInsInvalidCharacters = "ins_invalid_characters";
inline constexpr std::string_view kReasonInsLength = "ins_length";
inline constexpr std::string_view kReasonInsKeyMismatch = "ins_key_mismatch";

// Every reason ValidateIdentity may give (a server test checks each has a
// French text).
inline constexpr std::array<std::string_view, 20> kIdentityReasons = {
    kReasonBirthNameMissing,
    kReasonBirthNameInvalidUtf8,
    kReasonBirthNameTooLong,
    kReasonBirthNameNoLatinLetter,
    kReasonUsedNameInvalidUtf8,
    kReasonUsedNameTooLong,
    kReasonUsedNameNoLatinLetter,
    kReasonFirstGivenNameInvalidUtf8,
    kReasonFirstGivenNameTooLong,
    kReasonFirstGivenNameNoLatinLetter,
    kReasonGivenNamesMissing,
    kReasonGivenNamesInvalidUtf8,
    kReasonBirthDateFormat,
    kReasonBirthYearOutOfRange,
    kReasonBirthMonthOutOfRange,
    kReasonBirthDayOutOfRange,
    kReasonSexInvalid,
    kReasonInsInvalidCharacters,
    kReasonInsLength,
    kReasonInsKeyMismatch};

// kInvalidArgument with message "<field>: <message>".
Status ToStatus(const FieldError& error);

// The normalised values that the token messages are built from.
// Invariants when produced by NormalizeIdentity/ValidateIdentity:
//   names       = {N1} or {N1, N2}, N2 != N1; each non-empty, only A-Z and
//                 single inner spaces;
//   given_names = {G1} or {G1, G2}, G2 = first word of G1 != G1; same alphabet;
//   birth_date  = D, 8 ASCII digits YYYYMMDD (MM or DD may be 00);
//   sex         = S, "F", "M" or "I";
//   ins         = 15 ASCII characters, digits except "2A"/"2B" at positions 6-7,
//                 with a verified key.
struct NormalizedIdentity {
  std::vector<std::string> names;
  std::vector<std::string> given_names;
  std::string birth_date;
  std::string sex;
  std::optional<std::string> ins;

  friend bool operator==(const NormalizedIdentity&, const NormalizedIdentity&) = default;
};

// Longest accepted input of norm(), in Unicode code points, counted on the
// input as given (before any normalisation: "e" + U+0301 counts 2).
inline constexpr size_t kMaxNormInputCodePoints = 100;

// norm(s) of the spec. In this order:
//   1. reject invalid UTF-8, then reject more than 100 code points;
//   2. NFKD (compatibility decomposition: "ﬁ" -> "fi", "Ａ" -> "A", "ǅ" -> "Dž" -> "Dz"+caron);
//   3. drop combining marks (General_Category Mn, Mc, Me), 2 and 3 by utf8proc;
//   4. map Œ/œ->OE, Æ/æ->AE, ß->SS, Ø/ø->O, Ł/ł->L, Đ/đ->D (these letters have
//      no decomposition, so step 2 leaves them; "Ǿ" decomposes to "Ø" first);
//   5. uppercase each code point (Unicode simple uppercase mapping: a-z -> A-Z,
//      and the Turkish dotless "ı" -> "I"; Greek, Cyrillic ... stay non-Latin);
//   6. every code point that is not A-Z becomes a space (digits, hyphens,
//      apostrophes, Ð (eth), ẞ (capital sharp s) and any other script included);
//   7. collapse runs of spaces, trim.
// Fails (kInvalidArgument) on invalid UTF-8, on over 100 code points, and when
// the result is empty (e.g. "---", "", or a name written only in Greek).
Result<std::string> Normalize(std::string_view s);

// The first non-empty element of given_names split on commas (U+002C) and
// Unicode white space (see docs: the White_Space property, no-break spaces
// included), not yet normalised. "Jean-Christophe Marie" -> "Jean-Christophe";
// ", Paul Henri" -> "Paul". Fails on invalid UTF-8 and when there is no
// non-empty element (blank input).
Result<std::string> FirstGivenName(std::string_view given_names);

// Oldest accepted year of birth. The newest is the current year.
inline constexpr int kMinBirthYear = 1880;

// D: "YYYY-MM-DD" (10 ASCII characters) -> "YYYYMMDD". Month 00 (unknown) or
// 01-12; day 00 (unknown) or a day that exists in that month and year (leap
// years by the Gregorian rule; with month 00, any day 01-31); year from
// kMinBirthYear to current_year inclusive.
Result<std::string> NormalizeBirthDate(std::string_view birth_date, int current_year);

// The birth date as a person types it on a form (JJ/MM/AAAA, JJMMAAAA or
// AAAA-MM-JJ: garant/core/dates.h), rewritten as the YYYY-MM-DD that
// NormalizeBirthDate reads ("14/03/1985" -> "1985-03-14", "00/00/1985" ->
// "1985-00-00"). Text of any other shape is returned unchanged, so that
// ValidateIdentity reports it. Forms only: the API and the filter keep the
// one exact format of the spec.
std::string TypedBirthDate(std::string_view typed);

// The INS as a person copies it from the carte Vitale ("1 85 03 75 123 456
// 78", dots, hyphens, no-break spaces): the same characters without those
// separators. Forms only, like TypedBirthDate.
std::string TypedIns(std::string_view typed);

// S: "F", "M", "I", or the same in lowercase -> uppercase. Nothing else (no
// trimming, no other codings: the caller maps them).
Result<std::string> NormalizeSex(std::string_view sex);

// The INS (NIR or NIA, 13 characters + 2-digit key), exactly 15 ASCII
// characters: digits, except positions 6-7 (1-based) which may be "2A" or "2B"
// (Corsica; lowercase accepted). The key must equal 97 - (NIR13 mod 97), with
// 2A read as 19 and 2B as 18 for that computation. Returns the 15 characters
// uppercased ("2a" -> "2A"; Corsica stays "2A" in the token message).
Result<std::string> NormalizeIns(std::string_view ins);

// Every invalid field of `traits`, in the order of the form (birth_name,
// used_name, given_names, birth_date, sex, ins), at most one error per field.
// Empty when NormalizeIdentity would succeed. birth_place is not checked.
std::vector<FieldError> ValidateIdentity(const IdentityTraits& traits, int current_year);

// All the normalised values of `traits` (see NormalizedIdentity):
//   N1 = norm(birth_name); N2 = norm(used_name) when used_name is given, not
//   blank, and N2 != N1 (an invalid used name is an error, not "absent");
//   G1 = norm(FirstGivenName(given_names)); G2 = first word of G1 when G1 has
//   several; D, S and ins as above (a blank ins is "not given").
// Fails with the first FieldError of ValidateIdentity, as ToStatus gives it.
Result<NormalizedIdentity> NormalizeIdentity(const IdentityTraits& traits, int current_year);

// The bulk form of NormalizeIdentity (the ingestion filter): the same result
// written into *out, reusing its vectors' and strings' storage, so that a
// caller that keeps one NormalizedIdentity per thread allocates nothing per
// identity in the steady state. On success *out equals what NormalizeIdentity
// returns; on failure the Status is the one NormalizeIdentity returns and *out
// holds an unspecified (valid, reusable) value.
Status NormalizeIdentityInto(const IdentityTraits& traits, int current_year,
                             NormalizedIdentity* out);

}  // namespace garant::consent
