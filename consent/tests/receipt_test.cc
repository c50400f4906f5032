// Receipt references and codes: format, typed-input tolerance, code hashing.

#include "garant/consent/receipt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <span>
#include <string>

namespace garant::consent {
namespace {

// Deterministic bytes: 0, 1, 2, ... (wrapping).
class SequenceRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override {
    for (auto& b : out) b = next_++;
  }

 private:
  uint8_t next_ = 0;
};

const std::regex kReferenceRe("^OPP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$");
const std::regex kCodeRe("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$");

TEST(Receipt, ReferenceAndCodeUseTheUnambiguousAlphabet) {
  SequenceRandom r;
  EXPECT_EQ(NewReference(r), "OPP-0123-4567");
  EXPECT_EQ(NewCode(r), "89AB-CDEF-GHJK");
  EXPECT_EQ(NewCode(r), "MNPQ-RSTV-WXYZ");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string ref = NewReference(SecureRandom::Instance());
    std::string code = NewCode(SecureRandom::Instance());
    EXPECT_TRUE(std::regex_match(ref, kReferenceRe)) << ref;
    EXPECT_TRUE(std::regex_match(code, kCodeRe)) << code;
    EXPECT_EQ(ref.size(), kReferenceLength);
    EXPECT_EQ(code.size(), kCodeLength);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(Receipt, TypedReferencesBecomeCanonical) {
  for (const char* typed : {"OPP-7K3M-9QXD", "opp-7k3m-9qxd", " OPP 7K3M 9QXD ", "7K3M9QXD",
                            "0PP-7K3M-9QXD", "opp7k3m9qxd", "7k3m-9qxd"}) {
    auto c = CanonicalReference(typed);
    ASSERT_TRUE(c.ok()) << typed << ": " << c.status().ToString();
    EXPECT_EQ(*c, "OPP-7K3M-9QXD") << typed;
  }
  // I, L read as 1 and O as 0, as Crockford prescribes.
  EXPECT_EQ(*CanonicalReference("OPP-IL0O-0000"), "OPP-1100-0000");
  for (const char* bad : {"", "OPP", "OPP-7K3M-9QX", "OPP-7K3M-9QXDD", "OPP-7K3M-9QXU",
                          "OPP-7K3M-9QX!", "OPP-7K3M-9QXé"}) {
    EXPECT_EQ(CanonicalReference(bad).status().code(), Code::kInvalidArgument) << bad;
  }
}

TEST(Receipt, TypedCodesBecomeCanonical) {
  EXPECT_EQ(*CanonicalCode("4f7q zt2m 8xkd"), "4F7Q-ZT2M-8XKD");
  EXPECT_EQ(*CanonicalCode("4F7QZT2M8XKD"), "4F7Q-ZT2M-8XKD");
  EXPECT_EQ(*CanonicalCode("4F7Q-ZT2M-8XKO"), "4F7Q-ZT2M-8XK0");
  EXPECT_FALSE(CanonicalCode("4F7Q-ZT2M-8XK").ok());
  EXPECT_FALSE(CanonicalCode("4F7Q-ZT2M-8XKDU").ok());
  EXPECT_FALSE(CanonicalCode(std::string(1000, 'A')).ok());
}

TEST(Receipt, CodeHashIsKeyedAndBoundToTheReference) {
  ReceiptCodeKey k1{};
  ReceiptCodeKey k2{};
  k2[0] = 1;
  auto h = HashCode(k1, "OPP-0000-0001", "AAAA-BBBB-CCCC");
  EXPECT_TRUE(VerifyCode(k1, "OPP-0000-0001", "AAAA-BBBB-CCCC", h));
  EXPECT_FALSE(VerifyCode(k1, "OPP-0000-0002", "AAAA-BBBB-CCCC", h));
  EXPECT_FALSE(VerifyCode(k1, "OPP-0000-0001", "AAAA-BBBB-CCCD", h));
  EXPECT_FALSE(VerifyCode(k2, "OPP-0000-0001", "AAAA-BBBB-CCCC", h));
  EXPECT_FALSE(VerifyCode(k1, "OPP-0000-0001", "AAAA-BBBB-CCCC", ByteView()));
  // Pinned: HMAC-SHA-256(k1, "garant-receipt-code-v1|OPP-0000-0001|AAAA-BBBB-CCCC").
  EXPECT_EQ(h,
            crypto::HmacSha256(k1, AsBytes("garant-receipt-code-v1|OPP-0000-0001|AAAA-BBBB-CCCC")));
}

TEST(Receipt, CodeVerifierIsADigestBoundToTheReference) {
  const Bytes v = CodeVerifier("OPP-0000-0001", "AAAA-BBBB-CCCC");
  ASSERT_EQ(v.size(), 33u);
  EXPECT_EQ(v[0], kCodeVerifierDigest);
  EXPECT_TRUE(IsDigestVerifier(v));
  // Pinned: 0x02 || SHA-256("garant-receipt-code-v2|OPP-0000-0001|AAAA-BBBB-CCCC").
  const crypto::Digest d = crypto::Sha256("garant-receipt-code-v2|OPP-0000-0001|AAAA-BBBB-CCCC");
  EXPECT_TRUE(std::equal(d.begin(), d.end(), v.begin() + 1));
  EXPECT_TRUE(VerifyCodeAgainst(v, "OPP-0000-0001", "AAAA-BBBB-CCCC"));
  EXPECT_FALSE(VerifyCodeAgainst(v, "OPP-0000-0002", "AAAA-BBBB-CCCC"));
  EXPECT_FALSE(VerifyCodeAgainst(v, "OPP-0000-0001", "AAAA-BBBB-CCCD"));
  // Malformed verifiers never match: empty, cut, an unknown form.
  EXPECT_FALSE(VerifyCodeAgainst(ByteView(), "OPP-0000-0001", "AAAA-BBBB-CCCC"));
  EXPECT_FALSE(VerifyCodeAgainst(ByteView(v).first(32), "OPP-0000-0001", "AAAA-BBBB-CCCC"));
  Bytes other = v;
  other[0] = 0x03;
  EXPECT_FALSE(VerifyCodeAgainst(other, "OPP-0000-0001", "AAAA-BBBB-CCCC"));
}

TEST(Receipt, AWrappedHashVerifiesUnderAnyOfItsKeys) {
  ReceiptCodeKey k1{};
  ReceiptCodeKey k2{};
  k2[0] = 1;
  const auto h = HashCode(k2, "OPP-0000-0001", "AAAA-BBBB-CCCC");
  auto one = WrapCodeHash(h, {k2});
  auto two = WrapCodeHash(h, {k1, k2});
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(one->size(), 65u);
  EXPECT_EQ(two->size(), 97u);
  EXPECT_EQ((*one)[0], kCodeVerifierWrappedHash);
  EXPECT_FALSE(IsDigestVerifier(*one));
  for (const Bytes& w : {*one, *two}) {
    EXPECT_TRUE(VerifyCodeAgainst(w, "OPP-0000-0001", "AAAA-BBBB-CCCC"));
    EXPECT_FALSE(VerifyCodeAgainst(w, "OPP-0000-0001", "AAAA-BBBB-CCCD"));
    EXPECT_FALSE(VerifyCodeAgainst(w, "OPP-0000-0002", "AAAA-BBBB-CCCC"));
    EXPECT_FALSE(
        VerifyCodeAgainst(ByteView(w).first(w.size() - 1), "OPP-0000-0001", "AAAA-BBBB-CCCC"));
  }
  // Wrapped with a key it was not made with: no match.
  EXPECT_FALSE(VerifyCodeAgainst(*WrapCodeHash(h, {k1}), "OPP-0000-0001", "AAAA-BBBB-CCCC"));
  // Bad input: a hash that is not 32 bytes, no key, three keys.
  EXPECT_EQ(WrapCodeHash(ByteView(h).first(31), {k1}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(WrapCodeHash(h, {}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(WrapCodeHash(h, {k1, k2, k1}).status().code(), Code::kInvalidArgument);
}

TEST(Receipt, CodeKeyIsDerivedNotReused) {
  crypto::Aes256Key enc{};
  enc.fill(7);
  ReceiptCodeKey k = DeriveReceiptCodeKey(enc);
  EXPECT_NE(ByteView(k).size(), 0u);
  EXPECT_FALSE(std::equal(k.begin(), k.end(), enc.begin()));
  EXPECT_EQ(k, DeriveReceiptCodeKey(enc));
}

}  // namespace
}  // namespace garant::consent
