// The second factor's pure core: HOTP (RFC 4226), TOTP (RFC 6238), Base32
// (RFC 4648) for the secret shown to people, the otpauth:// URI an
// authenticator app reads from the QR code, and recovery codes. No IO, no
// clock of its own (times are passed in), randomness injected.
//
// Parameters (fixed; every authenticator app's default): HMAC-SHA-1, 6 digits,
// 30-second steps counted from the Unix epoch, a 20-byte (160-bit) secret.
// A code is accepted for the current step and one step either side (clock
// drift) and only for a step later than the last one accepted for the account
// (a code already used is refused: RFC 6238 section 5.2).
//
// Thread-safety: free functions over values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::staff {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr size_t kTotpSecretBytes = 20;
inline constexpr int kRecoveryCodeCount = 10;

// RFC 4648 Base32, upper case, without padding ("JBSWY3DPEHPK3PXP").
std::string Base32Encode(ByteView data);
// Accepts upper or lower case, spaces and '=' padding ignored.
// kInvalidArgument on any other character or an impossible length.
Result<Bytes> Base32Decode(std::string_view text);

// HOTP value (RFC 4226 section 5.3): the dynamically truncated HMAC-SHA-1 of
// the 8-byte big-endian counter, modulo 10^digits (1 <= digits <= 9).
uint32_t Hotp(ByteView key, uint64_t counter, int digits = kTotpDigits);
// The value as the person types it: zero-padded to `digits`.
std::string FormatOtp(uint32_t value, int digits = kTotpDigits);

// The TOTP step of a time: floor(unix seconds / step_seconds).
int64_t TotpStep(TimePoint t, int64_t step_seconds = kTotpStepSeconds);

// The step whose code `code` is, among the steps now-1, now, now+1 that are
// later than `last_used_step` (-1: none used yet), or nullopt (wrong code, a
// code already used or older than the last one used, or not kTotpDigits
// digits). Compares in constant time for a given code length.
std::optional<int64_t> MatchTotp(ByteView key, std::string_view code, TimePoint now,
                                 int64_t last_used_step);

// otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
// (issuer and account percent-encoded).
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_base32);

// A recovery code: 16 characters of an unambiguous alphabet (80 bits), shown
// in four groups "abcd-efgh-jkmn-pqrs".
std::string NewRecoveryCode(Random& random);
// What is hashed and compared: lower case, without spaces or dashes; empty
// when the text cannot be a recovery code.
std::string CanonicalRecoveryCode(std::string_view text);
// True when the text looks like a TOTP code (digits only, spaces ignored)
// rather than a recovery code.
bool LooksLikeTotpCode(std::string_view text);
// The stored form of a recovery code of an account: SHA-256 of
// "garant-recovery-v1|<account id>|<canonical code>" (80 random bits make a
// plain hash enough; the account id keeps equal codes of two accounts apart).
Bytes RecoveryCodeHash(int64_t account_id, std::string_view canonical_code);

}  // namespace garant::staff
