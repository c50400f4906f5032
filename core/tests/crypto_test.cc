#include "garant/core/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/core/bytes.h"

namespace garant::crypto {
namespace {

Bytes Unhex(std::string_view hex) {
  Result<Bytes> r = HexDecode(hex);
  EXPECT_TRUE(r.ok()) << hex;
  return r.ok() ? std::move(r).value() : Bytes();
}

template <size_t N>
std::array<uint8_t, N> UnhexArray(std::string_view hex) {
  const Bytes b = Unhex(hex);
  std::array<uint8_t, N> out{};
  EXPECT_EQ(b.size(), N) << hex;
  std::copy_n(b.begin(), std::min(N, b.size()), out.begin());
  return out;
}

// ------------------------------------------------------------ SHA-256

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
TEST(Sha256Test, FipsVectors) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(HexEncode(Sha256(std::string(1'000'000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalMatchesOneShot) {
  Sha256Hasher h;
  // One million 'a' in uneven pieces, crossing block boundaries.
  const std::string chunk(997, 'a');
  size_t fed = 0;
  while (fed + chunk.size() <= 1'000'000) {
    h.Update(chunk);
    fed += chunk.size();
  }
  h.Update(std::string(1'000'000 - fed, 'a'));
  EXPECT_EQ(HexEncode(h.Finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  // Finish resets: the hasher is reusable.
  h.Update("a");
  h.Update("");
  h.Update("bc");
  EXPECT_EQ(HexEncode(h.Finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(h.Finish(), Sha256(""));
}

TEST(Sha256Test, HasherMoves) {
  Sha256Hasher a;
  a.Update("ab");
  Sha256Hasher b(std::move(a));
  b.Update("c");
  Sha256Hasher c;
  c = std::move(b);
  EXPECT_EQ(c.Finish(), Sha256("abc"));
}

// ------------------------------------------------------------ HMAC

struct HmacVector {
  const char* name;
  Bytes key;
  Bytes data;
  const char* mac_hex;
};

// RFC 4231 section 4, HMAC-SHA-256 outputs (case 5, truncated output, is
// not applicable: we never truncate).
std::vector<HmacVector> Rfc4231Vectors() {
  return {
      {"case 1", Bytes(20, 0x0b), Unhex("4869205468657265"),  // "Hi There"
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"case 2", Unhex("4a656665"),  // "Jefe"
       Unhex("7768617420646f2079612077616e7420666f72206e6f7468696e673f"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"case 3", Bytes(20, 0xaa), Bytes(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"case 4", Unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Bytes(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"case 6", Bytes(131, 0xaa),
       Unhex("54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
             "65204b6579202d2048617368204b6579204669727374"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"case 7", Bytes(131, 0xaa),
       Unhex("5468697320697320612074657374207573696e672061206c6172676572207468"
             "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
             "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
             "647320746f20626520686173686564206265666f7265206265696e6720757365"
             "642062792074686520484d414320616c676f726974686d2e"),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(HmacSha256Test, Rfc4231OneShot) {
  for (const HmacVector& v : Rfc4231Vectors()) {
    EXPECT_EQ(HexEncode(HmacSha256(v.key, v.data)), v.mac_hex) << v.name;
  }
}

TEST(HmacSha256Test, Rfc4231Keyed) {
  for (const HmacVector& v : Rfc4231Vectors()) {
    HmacSha256Keyed mac(v.key);
    EXPECT_EQ(HexEncode(mac.Mac(v.data)), v.mac_hex) << v.name;
    // Reusing the same object gives the same answer: the key state is not consumed.
    EXPECT_EQ(HexEncode(mac.Mac(v.data)), v.mac_hex) << v.name << " (second use)";
  }
}

TEST(HmacSha256Test, KeyedManyMessagesMatchOneShot) {
  const Bytes key = Unhex("000102030405060708090a0b0c0d0e0f");
  HmacSha256Keyed mac(key);
  std::string message;
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(mac.Mac(message), HmacSha256(key, AsBytes(message))) << i;
    message.push_back(static_cast<char>('a' + i % 26));
  }
}

TEST(HmacSha256Test, KeyedMoves) {
  HmacSha256Keyed a(AsBytes("Jefe"));
  HmacSha256Keyed b(std::move(a));
  HmacSha256Keyed c(AsBytes("other"));
  c = std::move(b);
  EXPECT_EQ(HexEncode(c.Mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Test, EmptyKeyAndMessage) {
  // Cross-checked with Python's hmac module.
  EXPECT_EQ(HexEncode(HmacSha256({}, {})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  HmacSha256Keyed mac({});
  EXPECT_EQ(HexEncode(mac.Mac("")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

// ------------------------------------------------------------ Ed25519

struct Ed25519Vector {
  const char* name;
  const char* seed;
  const char* pub;
  const char* message;
  const char* signature;
};

// RFC 8032 section 7.1.
constexpr Ed25519Vector kEd25519Vectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
     "b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f1"
     "1d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984d"
     "c6594a7c15e9716ed28dc027beceea1ec40a"},
};

TEST(Ed25519Test, Rfc8032PublicKeyFromSeed) {
  for (const Ed25519Vector& v : kEd25519Vectors) {
    const Result<Ed25519PublicKeyBytes> pub = Ed25519PublicFromSeed(UnhexArray<32>(v.seed));
    ASSERT_TRUE(pub.ok()) << v.name << ": " << pub.status().ToString();
    EXPECT_EQ(HexEncode(*pub), v.pub) << v.name;
  }
}

TEST(Ed25519Test, Rfc8032SignatureBytes) {
  for (const Ed25519Vector& v : kEd25519Vectors) {
    const Result<Ed25519Signature> sig = Ed25519Sign(UnhexArray<32>(v.seed), Unhex(v.message));
    ASSERT_TRUE(sig.ok()) << v.name << ": " << sig.status().ToString();
    EXPECT_EQ(HexEncode(*sig), v.signature) << v.name;
  }
}

TEST(Ed25519Test, Rfc8032Verify) {
  for (const Ed25519Vector& v : kEd25519Vectors) {
    const auto pub = UnhexArray<32>(v.pub);
    const Bytes message = Unhex(v.message);
    const auto sig = UnhexArray<64>(v.signature);
    EXPECT_TRUE(Ed25519Verify(pub, message, sig)) << v.name;

    // One flipped bit anywhere breaks it: in the signature (R and S halves),
    // the message, or the public key.
    for (const size_t bit : {0u, 255u, 256u, 511u}) {
      auto bad_sig = sig;
      bad_sig[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(Ed25519Verify(pub, message, bad_sig)) << v.name << " sig bit " << bit;
    }
    Bytes longer = message;
    longer.push_back(0x00);
    EXPECT_FALSE(Ed25519Verify(pub, longer, sig)) << v.name;
    if (!message.empty()) {
      Bytes bad_message = message;
      bad_message[0] ^= 0x01;
      EXPECT_FALSE(Ed25519Verify(pub, bad_message, sig)) << v.name;
    }
    auto bad_pub = pub;
    bad_pub[0] ^= 0x01;
    EXPECT_FALSE(Ed25519Verify(bad_pub, message, sig)) << v.name;
  }
}

TEST(Ed25519Test, SignVerifyRoundTrip) {
  const Ed25519Seed seed =
      UnhexArray<32>("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const Result<Ed25519PublicKeyBytes> pub = Ed25519PublicFromSeed(seed);
  ASSERT_TRUE(pub.ok());
  const std::string message(10'000, 'm');
  const Result<Ed25519Signature> sig = Ed25519Sign(seed, AsBytes(message));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(Ed25519Verify(*pub, AsBytes(message), *sig));
  // Ed25519 is deterministic.
  EXPECT_EQ(*Ed25519Sign(seed, AsBytes(message)), *sig);
}

// ------------------------------------------------------------ AES-256-GCM

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases
// 13, 14 and 16 (the AES-256 ones with a 96-bit IV).
TEST(Aes256GcmTest, KnownAnswerCase13EmptyPlaintext) {
  const Aes256Key key{};
  const std::array<uint8_t, 12> nonce{};
  const Bytes sealed = Aes256GcmSealWithNonce(key, nonce, {}, {});
  EXPECT_EQ(HexEncode(sealed),
            "000000000000000000000000"
            "530f8afbc74536b9a963b4f1c4cb738b");
  const Result<Bytes> opened = Aes256GcmOpen(key, sealed, {});
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened->empty());
}

TEST(Aes256GcmTest, KnownAnswerCase14) {
  const Aes256Key key{};
  const std::array<uint8_t, 12> nonce{};
  const Bytes plaintext(16, 0x00);
  const Bytes sealed = Aes256GcmSealWithNonce(key, nonce, plaintext, {});
  EXPECT_EQ(HexEncode(sealed),
            "000000000000000000000000"            // nonce
            "cea7403d4d606b6e074ec5d3baf39d18"    // ciphertext
            "d0d1c8a799996bf0265b98b5d48ab919");  // tag
  const Result<Bytes> opened = Aes256GcmOpen(key, sealed, {});
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, plaintext);
}

TEST(Aes256GcmTest, KnownAnswerCase16WithAad) {
  const auto key =
      UnhexArray<32>("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  const auto nonce = UnhexArray<12>("cafebabefacedbaddecaf888");
  const Bytes plaintext = Unhex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  const Bytes aad = Unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const Bytes sealed = Aes256GcmSealWithNonce(key, nonce, plaintext, aad);
  EXPECT_EQ(HexEncode(sealed),
            "cafebabefacedbaddecaf888"
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
            "76fc6ece0f4e1768cddf8853bb2d551b");
  const Result<Bytes> opened = Aes256GcmOpen(key, sealed, aad);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, plaintext);
}

class Aes256GcmSealedTest : public ::testing::Test {
 protected:
  Aes256Key key_ =
      UnhexArray<32>("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
  std::string plaintext_ = "subject=alice; purpose=newsletter";
  std::string aad_ = "consents/42/email";
  Bytes sealed_ = Aes256GcmSeal(key_, AsBytes(plaintext_), AsBytes(aad_));
};

TEST_F(Aes256GcmSealedTest, RoundTrip) {
  EXPECT_EQ(sealed_.size(), 12 + plaintext_.size() + 16);
  const Result<Bytes> opened = Aes256GcmOpen(key_, sealed_, AsBytes(aad_));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(AsString(*opened), plaintext_);
}

TEST_F(Aes256GcmSealedTest, RandomNonceEachTime) {
  const Bytes again = Aes256GcmSeal(key_, AsBytes(plaintext_), AsBytes(aad_));
  EXPECT_NE(again, sealed_);
  EXPECT_FALSE(std::equal(again.begin(), again.begin() + 12, sealed_.begin()));
}

TEST_F(Aes256GcmSealedTest, EveryFlippedByteIsDataLoss) {
  // Nonce, ciphertext and tag: every byte is covered by the tag.
  for (size_t i = 0; i < sealed_.size(); ++i) {
    Bytes tampered = sealed_;
    tampered[i] ^= 0x01;
    const Result<Bytes> r = Aes256GcmOpen(key_, tampered, AsBytes(aad_));
    ASSERT_FALSE(r.ok()) << "byte " << i;
    EXPECT_EQ(r.status().code(), Code::kDataLoss) << "byte " << i;
  }
}

TEST_F(Aes256GcmSealedTest, WrongAadIsDataLoss) {
  for (const char* aad : {"consents/43/email", "", "consents/42/email "}) {
    const Result<Bytes> r = Aes256GcmOpen(key_, sealed_, AsBytes(aad));
    ASSERT_FALSE(r.ok()) << aad;
    EXPECT_EQ(r.status().code(), Code::kDataLoss) << aad;
  }
}

TEST_F(Aes256GcmSealedTest, WrongKeyIsDataLoss) {
  Aes256Key other = key_;
  other[31] ^= 0x80;
  const Result<Bytes> r = Aes256GcmOpen(other, sealed_, AsBytes(aad_));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDataLoss);
}

TEST_F(Aes256GcmSealedTest, TruncatedOrExtendedIsDataLoss) {
  for (const size_t len : {size_t{0}, size_t{11}, size_t{27}, size_t{28}, sealed_.size() - 1}) {
    const Bytes cut(sealed_.begin(), sealed_.begin() + static_cast<std::ptrdiff_t>(len));
    const Result<Bytes> r = Aes256GcmOpen(key_, cut, AsBytes(aad_));
    ASSERT_FALSE(r.ok()) << len;
    EXPECT_EQ(r.status().code(), Code::kDataLoss) << len;
  }
  Bytes longer = sealed_;
  longer.push_back(0x00);
  const Result<Bytes> r = Aes256GcmOpen(key_, longer, AsBytes(aad_));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDataLoss);
}

// ------------------------------------------------------------ PBKDF2

TEST(Pbkdf2Sha256Test, Rfc7914Section11) {
  EXPECT_EQ(HexEncode(Pbkdf2Sha256("passwd", AsBytes("salt"), 1, 64)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  EXPECT_EQ(HexEncode(Pbkdf2Sha256("Password", AsBytes("NaCl"), 80000, 64)),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST(Pbkdf2Sha256Test, OutputLengthIsAPrefix) {
  const Bytes full = Pbkdf2Sha256("passwd", AsBytes("salt"), 1, 64);
  const Bytes part = Pbkdf2Sha256("passwd", AsBytes("salt"), 1, 20);
  ASSERT_EQ(part.size(), 20u);
  EXPECT_TRUE(std::equal(part.begin(), part.end(), full.begin()));
}

}  // namespace
}  // namespace garant::crypto
