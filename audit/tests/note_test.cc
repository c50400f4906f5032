// C2SP signed notes: the reference vectors of Go's sumdb/note and of the
// C2SP spec, key strings, and the verification rules.
#include "garant/audit/note.h"

#include <string>
#include <vector>

#include "audit_test_util.h"
#include "gtest/gtest.h"

namespace garant::audit {
namespace {

// From golang.org/x/mod/sumdb/note (its package documentation example).
constexpr std::string_view kGoSignerKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoSignature =
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

// From the C2SP signed-note specification's example key and note.
constexpr std::string_view kSpecVerifierKey =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
constexpr std::string_view kSpecNote =
    "This is an example message.\n"
    "\n"
    "\xE2\x80\x94 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
    "\n";

std::string GoNote() {
  return std::string(kGoText) + "\n" + std::string(kEmDash) + " PeterNeumann " +
         std::string(kGoSignature) + "\n";
}

TEST(NoteVectors, GoSignerProducesTheReferenceNoteByteForByte) {
  Result<NoteSigner> signer = NoteSigner::Parse(kGoSignerKey);
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ(signer->name(), "PeterNeumann");
  EXPECT_EQ(signer->key_id(), 0xc74f20a3u);
  EXPECT_EQ(signer->KeyString(), kGoSignerKey);
  EXPECT_EQ(signer->Verifier().KeyString(), kGoVerifierKey);
  Result<std::string> note = SignNote(kGoText, std::span<const NoteSigner>(&*signer, 1));
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(*note, GoNote());
}

TEST(NoteVectors, KeyIdIsTheC2spRecommendation) {
  Result<NoteVerifier> v = NoteVerifier::Parse(kGoVerifierKey);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->key_id(), 0xc74f20a3u);
  // key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
  Bytes input(v->name().begin(), v->name().end());
  input.push_back(0x0A);
  input.push_back(0x01);
  input.insert(input.end(), v->public_key().begin(), v->public_key().end());
  const crypto::Digest d = crypto::Sha256(input);
  EXPECT_EQ(HexEncode(ByteView(d.data(), 4)), "c74f20a3");
  EXPECT_EQ(NoteKeyId(v->name(), kSignatureTypeEd25519, v->public_key()), 0xc74f20a3u);
  EXPECT_EQ(v->KeyString(), kGoVerifierKey);
}

TEST(NoteVectors, OpensTheGoAndSpecNotes) {
  Result<NoteVerifier> go = NoteVerifier::Parse(kGoVerifierKey);
  Result<NoteVerifier> spec = NoteVerifier::Parse(kSpecVerifierKey);
  ASSERT_TRUE(go.ok());
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->key_id(), 0x530d903au);
  const std::vector<NoteVerifier> both = {*go, *spec};

  Result<OpenedNote> g = OpenNote(GoNote(), both);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->text, kGoText);
  ASSERT_EQ(g->verified.size(), 1u);
  EXPECT_EQ(g->verified[0].key_id, 0xc74f20a3u);

  Result<OpenedNote> s = OpenNote(kSpecNote, both);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->text, "This is an example message.\n");
  // Only the Go key: the spec note has no known signature.
  EXPECT_EQ(OpenNote(kSpecNote, std::span<const NoteVerifier>(&*go, 1)).status().code(),
            Code::kUnauthenticated);
}

TEST(Note, VerificationRules) {
  const NoteSigner a = testing::LogSigner(1);
  Result<NoteSigner> b = NoteSigner::Ed25519("witness.example/w1", testing::Seed(2));
  ASSERT_TRUE(b.ok());
  const std::vector<NoteSigner> signers = {a, *b};
  Result<std::string> note = SignNote("origin\n1\nroot\n", signers);
  ASSERT_TRUE(note.ok());
  const std::vector<NoteVerifier> only_a = {a.Verifier()};
  Result<OpenedNote> opened = OpenNote(*note, only_a);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->unknown.size(), 1u);  // the witness is ignored

  // A known key whose signature fails rejects the note.
  std::string tampered = *note;
  tampered[0] = 'O';
  EXPECT_EQ(OpenNote(tampered, only_a).status().code(), Code::kDataLoss);
  // Same name, other key id: unknown, ignored; nothing known verified.
  Result<NoteSigner> impostor = NoteSigner::Ed25519(a.name(), testing::Seed(99));
  ASSERT_TRUE(impostor.ok());
  Result<std::string> forged = SignNote("origin\n1\nroot\n", std::span(&*impostor, 1));
  EXPECT_EQ(OpenNote(*forged, only_a).status().code(), Code::kUnauthenticated);
  // A flipped signature byte.
  Result<Note> parsed = ParseNote(*note);
  ASSERT_TRUE(parsed.ok());
  parsed->signatures[0].signature[10] ^= 1;
  EXPECT_EQ(OpenNote(*FormatNote(*parsed), only_a).status().code(), Code::kDataLoss);
}

TEST(Note, ParseRejectsMalformedNotes) {
  const std::string good = GoNote();
  EXPECT_TRUE(ParseNote(good).ok());
  const std::string sig_line = std::string(kEmDash) + " PeterNeumann " + std::string(kGoSignature);
  for (const std::string& bad : std::vector<std::string>{
           "",
           std::string(kGoText),                    // no signature block
           std::string(kGoText) + "\n",             // empty signature block
           std::string(kGoText) + "\n" + sig_line,  // no final newline
           std::string(kGoText) + "\n- PeterNeumann " + std::string(kGoSignature) + "\n",
           std::string(kGoText) + "\n" + std::string(kEmDash) + "PeterNeumann x\n",
           std::string(kGoText) + "\n" + std::string(kEmDash) + " Peter Neumann " +
               std::string(kGoSignature) + "\n",
           std::string(kGoText) + "\n" + std::string(kEmDash) + " PeterNeumann AAAA\n",
           std::string(kGoText) + "\n" + std::string(kEmDash) + " PeterNeumann !!!\n",
           std::string(kGoText) + "\n" + sig_line + "\n\n",
           "a\tb\n\n" + sig_line + "\n",  // control character
           "a\rb\n\n" + sig_line + "\n",
           "caf\xe9\n\n" + sig_line + "\n",  // invalid UTF-8
       }) {
    EXPECT_FALSE(ParseNote(bad).ok()) << bad;
  }
  std::string many = std::string(kGoText) + "\n";
  for (int i = 0; i < 101; ++i) {
    many += sig_line + "\n";
  }
  EXPECT_FALSE(ParseNote(many).ok());
  // Text may contain blank lines: the last one separates the signatures.
  Result<Note> blank = ParseNote("a\n\nb\n\n" + sig_line + "\n");
  ASSERT_TRUE(blank.ok());
  EXPECT_EQ(blank->text, "a\n\nb\n");
}

TEST(Note, KeyStrings) {
  EXPECT_TRUE(IsValidKeyName("contact.sos-medecins.fr/garant"));
  for (const char* bad : {"", "a+b", "a b", "a\tb",
                          "a\xc2\xa0"
                          "b",
                          "a\xe3\x80\x80"
                          "b",
                          "\xff"}) {
    EXPECT_FALSE(IsValidKeyName(bad)) << bad;
  }
  // Every truncation, extension or altered character of a key is rejected
  // (the mangling test of Go's note package).
  const std::string v(kGoVerifierKey);
  for (size_t i = 0; i <= v.size(); ++i) {
    for (size_t j = i + 1; j <= v.size(); ++j) {
      if (i == 0 && j == v.size()) {
        continue;
      }
      EXPECT_FALSE(NoteVerifier::Parse(v.substr(i, j - i)).ok()) << v.substr(i, j - i);
    }
  }
  for (size_t i = 0; i < v.size(); ++i) {
    std::string m = v;
    ++m[i];
    EXPECT_FALSE(NoteVerifier::Parse(m).ok()) << m;
  }
  const std::string s(kGoSignerKey);
  for (size_t i = 0; i < s.size(); ++i) {
    std::string m = s;
    ++m[i];
    EXPECT_FALSE(NoteSigner::Parse(m).ok()) << m;
    EXPECT_FALSE(NoteSigner::Parse(s.substr(0, i)).ok());
  }
  // Wrong length and unknown algorithm, with the key id adjusted (Go's cases).
  EXPECT_FALSE(NoteVerifier::Parse(
                   "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                   .ok());
  EXPECT_FALSE(
      NoteVerifier::Parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
          .ok());
  // Our own keys round-trip.
  const NoteSigner ours = testing::LogSigner();
  EXPECT_EQ(NoteSigner::Parse(ours.KeyString())->KeyString(), ours.KeyString());
  EXPECT_EQ(NoteVerifier::Parse(ours.Verifier().KeyString())->public_key(), ours.public_key());
}

TEST(Note, TypedKeysRoundTripAndKeepTheirType) {
  // The Go verifier key parses into its parts and formats back byte for byte.
  const Result<TypedKey> go = ParseTypedKey(kGoVerifierKey);
  ASSERT_TRUE(go.ok()) << go.status().ToString();
  EXPECT_EQ(go->name, "PeterNeumann");
  EXPECT_EQ(go->key_id, 0xc74f20a3u);
  EXPECT_EQ(go->type, kSignatureTypeEd25519);
  EXPECT_EQ(FormatTypedKey(go->name, go->key_id, go->type, go->key), kGoVerifierKey);
  // Another type byte (a witness's 0x04) is kept, not refused: the caller decides.
  const std::string witness = FormatTypedKey("w", 7, 0x04, go->key);
  const Result<TypedKey> back = ParseTypedKey(witness);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->type, 0x04);
  EXPECT_EQ(back->key_id, 7u);
  EXPECT_EQ(back->key, go->key);
  EXPECT_FALSE(NoteVerifier::Parse(witness).ok());  // a log verifier wants 0x01
  for (const char* bad : {"", "name", "name+0000000", "name+0000000g+AQ==", "name+00000000",
                          "name+000000000+AQ==", "name+00000000+not base64!"}) {
    const Result<TypedKey> r = ParseTypedKey(bad);
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
  }
}

TEST(Note, SignRejectsBadText) {
  const NoteSigner s = testing::LogSigner();
  EXPECT_FALSE(s.Sign("no newline").ok());
  EXPECT_FALSE(s.Sign("").ok());
  EXPECT_FALSE(s.Sign("tab\there\n").ok());
  EXPECT_TRUE(s.Sign("ok\n").ok());
}

}  // namespace
}  // namespace garant::audit
