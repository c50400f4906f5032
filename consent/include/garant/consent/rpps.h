// Health professionals' identifiers: the RPPS number and its token, the
// "rpps" extension of Pseudonymisation v1 (docs/pseudonymisation-v1.md, §9).
//
// An RPPS number (Répertoire partagé des professionnels de santé) is exactly
// 11 ASCII digits. Its token is
//   lowercase hex(HMAC-SHA-256(K, "garant-v1|rpps|" + the 11 digits))
// under the same 32-byte key K as the patients' tokens. The prefix keeps it
// apart from every patient message ("garant-v1|traits|", "garant-v1|ins|"),
// so a professional's token can never equal a patient's.
//
// The check digit is NOT verified: the last digit is commonly described as a
// Luhn key, but no authoritative statement of the rule was found, and a
// wrong check would refuse a real physician's objection or send a care
// record to the rejects (docs/pseudonymisation-v1.md, §9.2).
//
// Pure functions, thread-safe. Errors: kInvalidArgument with a reason slug
// (kRppsReasons), whose French text the pages show (http/reasons_fr.cc).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "garant/consent/pseudonym.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {

inline constexpr std::string_view kRppsMessagePrefix = "garant-v1|rpps|";
inline constexpr size_t kRppsDigits = 11;

// The field name of the form, of the API and of the filter's default column.
inline constexpr std::string_view kFieldRpps = "rpps";

inline constexpr std::string_view kReasonRppsRequired = "rpps_required";
inline constexpr std::string_view kReasonRppsNotDigits = "rpps_not_digits";
inline constexpr std::string_view kReasonRppsLength = "rpps_length";
inline constexpr std::array<std::string_view, 3> kRppsReasons = {
    kReasonRppsRequired, kReasonRppsNotDigits, kReasonRppsLength};

// Ok when `rpps` is exactly 11 ASCII digits; otherwise kInvalidArgument with
// reason rpps_required (empty), rpps_not_digits (any other character,
// spaces included) or rpps_length (digits only, but not 11). The message
// starts with "rpps: " and never quotes the value.
Status CheckRpps(std::string_view rpps);

// The number as a person types it on the form: ASCII spaces, no-break
// spaces (U+00A0, U+202F), dots and hyphens between digit groups removed.
// Not used by the filter, whose input is exact.
std::string StripRppsSeparators(std::string_view typed);

// The message "garant-v1|rpps|" + rpps (rpps already checked).
std::string RppsMessage(std::string_view rpps);

// CheckRpps, then the token (64 lowercase hex).
Result<std::string> RppsToken(const PseudonymKey& key, std::string_view rpps);

// The bulk path (the filter): the raw token, with a prepared HMAC state.
// `rpps` must have passed CheckRpps.
crypto::Digest RppsDigest(crypto::HmacSha256Keyed& hmac, std::string_view rpps);

}  // namespace garant::consent
