#include "garant/witness/cosignature.h"

#include <gtest/gtest.h>

#include "garant/audit/note.h"

namespace garant::witness {
namespace {

crypto::Ed25519Seed Seed(uint8_t b) {
  crypto::Ed25519Seed s;
  s.fill(b);
  return s;
}

constexpr std::string_view kText =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

TEST(Cosignature, SignedMessageIsTheSpecs) {
  EXPECT_EQ(CosignedMessage(kText, 1679315147),
            "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  EXPECT_EQ(CosignedMessage(kText, 0).substr(0, 22), "cosignature/v1\ntime 0\n");
}

TEST(Cosignature, KeyIdUsesType04AndKeysRoundTrip) {
  Result<CosignatureSigner> s = CosignatureSigner::Create("witness.example/w1", Seed(7));
  ASSERT_TRUE(s.ok()) << s.status().message();
  const CosignatureVerifier v = s->Verifier();
  EXPECT_EQ(v.key_id(), audit::NoteKeyId("witness.example/w1", 0x04, v.public_key()));
  EXPECT_NE(v.key_id(), audit::NoteKeyId("witness.example/w1", 0x01, v.public_key()));
  // The verifier key: name+hex8+base64(0x04 || key).
  const std::string vkey = v.KeyString();
  ASSERT_TRUE(vkey.starts_with("witness.example/w1+"));
  Result<Bytes> raw = Base64Decode(vkey.substr(vkey.rfind('+') + 1));
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->size(), 33u);
  EXPECT_EQ((*raw)[0], 0x04);
  Result<CosignatureVerifier> parsed = CosignatureVerifier::Parse(vkey);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->key_id(), v.key_id());
  EXPECT_EQ(parsed->public_key(), v.public_key());
  Result<CosignatureSigner> again = CosignatureSigner::Parse(s->KeyString());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Verifier().KeyString(), vkey);
  EXPECT_TRUE(s->KeyString().starts_with("PRIVATE+KEY+witness.example/w1+"));
}

TEST(Cosignature, ParseRejectsLogKeysAndBadStrings) {
  Result<audit::NoteSigner> log = audit::NoteSigner::Ed25519("example.com/log", Seed(1));
  ASSERT_TRUE(log.ok());
  // A log's Ed25519 key (0x01) is not a cosigner key.
  EXPECT_EQ(CosignatureVerifier::Parse(log->Verifier().KeyString()).status().code(),
            Code::kInvalidArgument);
  const std::string good = CosignatureSigner::Create("w", Seed(2))->Verifier().KeyString();
  std::string wrong_id = good;
  wrong_id[2] = wrong_id[2] == '0' ? '1' : '0';
  for (const std::string& bad : {std::string(""), std::string("w"), std::string("w+1234"), wrong_id,
                                 "w+zzzzzzzz+" + good.substr(good.rfind('+') + 1),
                                 good.substr(0, good.size() - 2), "bad name+" + good.substr(2)}) {
    EXPECT_FALSE(CosignatureVerifier::Parse(bad).ok()) << bad;
  }
  EXPECT_FALSE(CosignatureSigner::Parse(good).ok());
  EXPECT_FALSE(CosignatureSigner::Parse(log->KeyString()).ok());
}

TEST(Cosignature, SignatureIsTimestampThenEd25519AndVerifies) {
  const CosignatureSigner s = *CosignatureSigner::Create("witness.example/w1", Seed(3));
  Result<audit::NoteSignature> sig = s.Sign(kText, 0x0102030405060708);
  ASSERT_TRUE(sig.ok());
  ASSERT_EQ(sig->signature.size(), 72u);
  EXPECT_EQ(sig->signature[0], 0x01);
  EXPECT_EQ(sig->signature[7], 0x08);
  EXPECT_EQ(sig->key_id, s.key_id());
  // The Ed25519 part signs the cosigned message (checked with the raw primitive).
  crypto::Ed25519Signature raw;
  std::copy(sig->signature.begin() + 8, sig->signature.end(), raw.begin());
  EXPECT_TRUE(crypto::Ed25519Verify(s.Verifier().public_key(),
                                    AsBytes(CosignedMessage(kText, 0x0102030405060708)), raw));
  Result<uint64_t> t = s.Verifier().Verify(kText, sig->signature);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 0x0102030405060708u);

  // Another text, another timestamp, another key, a truncated signature: refused.
  EXPECT_FALSE(s.Verifier()
                   .Verify("example.com/behind-the-sofa\n1\n" + std::string(kText.substr(37)),
                           sig->signature)
                   .ok());
  Bytes other_time = sig->signature;
  other_time[7] ^= 1;
  EXPECT_EQ(s.Verifier().Verify(kText, other_time).status().code(), Code::kDataLoss);
  const CosignatureSigner other = *CosignatureSigner::Create("witness.example/w1", Seed(4));
  EXPECT_FALSE(other.Verifier().Verify(kText, sig->signature).ok());
  EXPECT_FALSE(s.Verifier().Verify(kText, ByteView(sig->signature).first(71)).ok());
  // Out of range timestamps and bad text are not signed.
  EXPECT_FALSE(s.Sign(kText, kMaxCosignatureTime + 1).ok());
  EXPECT_FALSE(s.Sign("no newline", 1).ok());
}

TEST(Cosignature, VerifyCosignaturesCountsKnownWitnessesOnce) {
  const audit::NoteSigner log = *audit::NoteSigner::Ed25519("example.com/log", Seed(1));
  const std::string text = "example.com/log\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  const CosignatureSigner w1 = *CosignatureSigner::Create("w1.example", Seed(11));
  const CosignatureSigner w2 = *CosignatureSigner::Create("w2.example", Seed(12));
  const CosignatureSigner stranger = *CosignatureSigner::Create("w3.example", Seed(13));
  audit::Note note{
      text, {*log.Sign(text), *w1.Sign(text, 10), *w1.Sign(text, 20), *stranger.Sign(text, 5)}};
  const std::string signed_note = *audit::FormatNote(note);
  const std::vector<CosignatureVerifier> known = {w1.Verifier(), w2.Verifier()};
  Result<std::vector<VerifiedCosignature>> got = VerifyCosignatures(signed_note, known);
  ASSERT_TRUE(got.ok()) << got.status().message();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].witness, "w1.example");
  EXPECT_EQ((*got)[0].timestamp, 20u);

  // A known witness's line that does not verify rejects the note.
  audit::NoteSignature forged = *w2.Sign("example.com/log\n4\n" + text.substr(18), 30);
  note.signatures.push_back(forged);
  EXPECT_EQ(VerifyCosignatures(*audit::FormatNote(note), known).status().code(), Code::kDataLoss);
}

}  // namespace
}  // namespace garant::witness
