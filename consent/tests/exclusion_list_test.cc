#include "garant/consent/exclusion_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

using ::testing::HasSubstr;

crypto::Ed25519Seed SeedOf(uint8_t b) {
  crypto::Ed25519Seed s;
  s.fill(b);
  return s;
}

crypto::Digest TokenOf(int i) { return crypto::Sha256("token-" + std::to_string(i)); }

const TimePoint kIssued = FromUnixMicros(1'790'000'000'000'000);  // 2026-09-21

class ExclusionListTest : public ::testing::Test {
 protected:
  ExclusionListTest() {
    pseudonym_key_.fill(7);
    auto pub = crypto::Ed25519PublicFromSeed(seed_);
    verify_key_ = *pub;
  }

  ListContent Content(int n) const {
    ListContent c;
    c.version = 3;
    c.issued_at = kIssued;
    c.expires_at = kIssued + std::chrono::hours(24);
    c.pseudonym_key_id = ListPseudonymKeyId(pseudonym_key_);
    for (int i = 0; i < n; ++i) {
      c.entries.push_back({i % 3 == 2 ? "project:PRJ-2026-001" : "all", TokenOf(i)});
    }
    return c;
  }

  std::string Signed(int n) const {
    auto doc = SignExclusionList(Content(n), seed_);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? *doc : std::string();
  }

  VerifyOptions Options(TimePoint now = kIssued + std::chrono::hours(1)) const {
    VerifyOptions o;
    o.verify_key = verify_key_;
    o.now = now;
    o.expected_pseudonym_key_id = ListPseudonymKeyId(pseudonym_key_);
    return o;
  }

  void ExpectRefused(const std::string& doc, ListProblem p) const {
    auto r = VerifyExclusionList(doc, Options());
    ASSERT_FALSE(r.ok()) << "accepted a list that should be refused";
    EXPECT_EQ(ProblemOf(r.status()), p) << r.status().ToString();
  }

  crypto::Ed25519Seed seed_ = SeedOf(42);
  crypto::Ed25519PublicKeyBytes verify_key_{};
  std::array<uint8_t, 32> pseudonym_key_{};
};

// A document rebuilt from its header and its entries, in another order and
// with a repeat, is the signed text byte for byte; entries that are not the
// signed ones (one missing, one replaced) are refused, never rebuilt into a
// document the signature does not cover.
TEST_F(ExclusionListTest, RebuildGivesTheSignedTextBackAndRefusesOtherEntries) {
  ListContent content = Content(12);
  ListHeader header;
  auto signed_doc = SignExclusionList(content, seed_, &header);
  ASSERT_TRUE(signed_doc.ok());
  std::vector<ListContent::Entry> stored(content.entries.rbegin(), content.entries.rend());
  stored.push_back(stored.front());
  auto rebuilt = RebuildExclusionList(header, stored);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(*rebuilt, *signed_doc);
  EXPECT_TRUE(VerifyExclusionList(*rebuilt, Options()).ok());

  std::vector<ListContent::Entry> missing(content.entries.begin() + 1, content.entries.end());
  auto short_list = RebuildExclusionList(header, missing);
  ASSERT_FALSE(short_list.ok());
  EXPECT_EQ(ProblemOf(short_list.status()), ListProblem::kCountMismatch);

  std::vector<ListContent::Entry> replaced = content.entries;
  replaced[5].token = TokenOf(99);
  auto other = RebuildExclusionList(header, replaced);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(ProblemOf(other.status()), ListProblem::kDigestMismatch);
  EXPECT_EQ(other.status().code(), Code::kDataLoss);
}

TEST_F(ExclusionListTest, RoundTrip) {
  std::string doc = Signed(10);
  auto list = VerifyExclusionList(doc, Options());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->header.version, 3);
  EXPECT_EQ(list->header.token_count, 10);
  EXPECT_EQ(list->header.issued_at, FormatRfc3339Utc(kIssued));
  EXPECT_EQ(list->header.signing_key_id, SigningKeyId(verify_key_));
  ASSERT_EQ(list->scopes, (std::vector<std::string>{"all", "project:PRJ-2026-001"}));
  ASSERT_EQ(list->tokens.size(), 10u);
  // Every input entry is present with its scope.
  for (int i = 0; i < 10; ++i) {
    uint32_t scope = i % 3 == 2 ? 1 : 0;
    bool found = false;
    for (const auto& t : list->tokens) found |= (t.token == TokenOf(i) && t.scope == scope);
    EXPECT_TRUE(found) << i;
  }
  EXPECT_TRUE(doc.ends_with("}\n"));
}

TEST_F(ExclusionListTest, EmptyListRoundTrips) {
  auto list = VerifyExclusionList(Signed(0), Options());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->header.token_count, 0);
  EXPECT_TRUE(list->tokens.empty());
}

TEST_F(ExclusionListTest, DuplicatesAreDroppedAndOrderIsCanonical) {
  ListContent c = Content(4);
  c.entries.push_back(c.entries[0]);
  auto doc = SignExclusionList(c, seed_);
  ASSERT_TRUE(doc.ok());
  auto list = VerifyExclusionList(*doc, Options());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->header.token_count, 4);
}

TEST_F(ExclusionListTest, KeyIdsAreDocumentedPrefixes) {
  std::string expected =
      HexEncode(crypto::Sha256(std::string("garant-pseudonym-key-id|") + std::string(32, '\x07')));
  EXPECT_EQ(ListPseudonymKeyId(pseudonym_key_), expected.substr(0, 8));
  std::string signer(reinterpret_cast<const char*>(verify_key_.data()), 32);
  EXPECT_EQ(SigningKeyId(verify_key_),
            HexEncode(crypto::Sha256("garant-signing-key-id|" + signer)).substr(0, 8));
}

TEST_F(ExclusionListTest, SignedBytesAndDigestFollowTheDocumentedGrammar) {
  auto list = VerifyExclusionList(Signed(2), Options());
  ASSERT_TRUE(list.ok());
  const ListHeader& h = list->header;
  EXPECT_EQ(SignedBytes(h), "garant-exclusion-list-v1\nversion 3\nissued_at " + h.issued_at +
                                "\nexpires_at " + h.expires_at + "\npseudonym_key_id " +
                                h.pseudonym_key_id + "\nsigning_key_id " + h.signing_key_id +
                                "\ntoken_count 2\ndigest " + h.digest + "\n");
  std::string input;
  std::vector<std::string> lines = {"all " + HexEncode(TokenOf(0)), "all " + HexEncode(TokenOf(1))};
  std::sort(lines.begin(), lines.end());
  for (const auto& l : lines) input += l + "\n";
  EXPECT_EQ(h.digest, HexEncode(crypto::Sha256(input)));
}

TEST_F(ExclusionListTest, ExpiredListIsRefused) {
  auto r = VerifyExclusionList(Signed(3), Options(kIssued + std::chrono::hours(24)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ProblemOf(r.status()), ListProblem::kExpired);
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("expired at"));
}

TEST_F(ExclusionListTest, ListFromTheFutureIsRefused) {
  auto r = VerifyExclusionList(Signed(3), Options(kIssued - std::chrono::hours(1)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ProblemOf(r.status()), ListProblem::kNotYetValid);
}

TEST_F(ExclusionListTest, BadSignatureIsRefused) {
  std::string doc = Signed(3);
  size_t pos = doc.find("\"signature\":\"") + 13;
  doc[pos] = doc[pos] == 'A' ? 'B' : 'A';
  ExpectRefused(doc, ListProblem::kBadSignature);
}

TEST_F(ExclusionListTest, AlteredHeaderIsRefused) {
  std::string doc = Signed(3);
  size_t pos = doc.find("\"version\":3");
  doc.replace(pos, 11, "\"version\":4");
  ExpectRefused(doc, ListProblem::kBadSignature);
  std::string later = Signed(3);
  std::string expires = FormatRfc3339Utc(kIssued + std::chrono::hours(24));
  std::string extended = FormatRfc3339Utc(kIssued + std::chrono::hours(48));
  later.replace(later.find(expires), expires.size(), extended);
  ExpectRefused(later, ListProblem::kBadSignature);
}

TEST_F(ExclusionListTest, OneAlteredTokenIsRefused) {
  std::string doc = Signed(5);
  std::string t = HexEncode(TokenOf(1));
  size_t pos = doc.find(t);
  ASSERT_NE(pos, std::string::npos);
  // Change the last hex digit (keeps the canonical order in practice).
  char& c = doc[pos + 63];
  c = c == '0' ? '1' : '0';
  auto r = VerifyExclusionList(doc, Options());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(ProblemOf(r.status()),
              ::testing::AnyOf(ListProblem::kDigestMismatch, ListProblem::kBadToken));
}

TEST_F(ExclusionListTest, RemovedTokenIsRefused) {
  std::string doc = Signed(5);
  std::string t = "\"" + HexEncode(TokenOf(4)) + "\"";
  size_t pos = doc.find(t);
  ASSERT_NE(pos, std::string::npos);
  // Remove the token and one adjacent comma.
  if (doc[pos + t.size()] == ',') {
    doc.erase(pos, t.size() + 1);
  } else {
    doc.erase(pos - 1, t.size() + 1);
  }
  ExpectRefused(doc, ListProblem::kCountMismatch);
}

TEST_F(ExclusionListTest, RemovedTokenWithAdjustedCountIsRefused) {
  std::string doc = Signed(5);
  std::string t = "\"" + HexEncode(TokenOf(4)) + "\"";
  size_t pos = doc.find(t);
  if (doc[pos + t.size()] == ',') {
    doc.erase(pos, t.size() + 1);
  } else {
    doc.erase(pos - 1, t.size() + 1);
  }
  doc.replace(doc.find("\"token_count\":5"), 15, "\"token_count\":4");
  ExpectRefused(doc, ListProblem::kBadSignature);
}

TEST_F(ExclusionListTest, ScopeChangedIsRefused) {
  std::string doc = Signed(5);
  doc.replace(doc.find("project:PRJ-2026-001"), 20, "project:PRJ-2026-002");
  ExpectRefused(doc, ListProblem::kDigestMismatch);
}

TEST_F(ExclusionListTest, TruncatedFileIsRefused) {
  std::string doc = Signed(20);
  for (size_t cut : {size_t{0}, size_t{1}, doc.size() / 3, doc.size() / 2, doc.size() - 3}) {
    auto r = VerifyExclusionList(doc.substr(0, cut), Options());
    ASSERT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_EQ(ProblemOf(r.status()), ListProblem::kMalformed) << r.status().ToString();
  }
  // The trailing newline is not part of the JSON value: dropping it is harmless.
  EXPECT_TRUE(VerifyExclusionList(doc.substr(0, doc.size() - 1), Options()).ok());
}

TEST_F(ExclusionListTest, WrongVerifyKeyIsRefused) {
  VerifyOptions o = Options();
  o.verify_key = *crypto::Ed25519PublicFromSeed(SeedOf(43));
  auto r = VerifyExclusionList(Signed(3), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ProblemOf(r.status()), ListProblem::kWrongSigningKey);
}

TEST_F(ExclusionListTest, ListSignedByAnotherKeyClaimingOurIdIsRefused) {
  std::string doc = Signed(3);
  // Re-sign with another key, then claim our key id.
  auto other = SignExclusionList(Content(3), SeedOf(43));
  ASSERT_TRUE(other.ok());
  std::string forged = *other;
  std::string their_id = SigningKeyId(*crypto::Ed25519PublicFromSeed(SeedOf(43)));
  forged.replace(forged.find(their_id), 8, SigningKeyId(verify_key_));
  ExpectRefused(forged, ListProblem::kBadSignature);
}

TEST_F(ExclusionListTest, WrongPseudonymKeyIsRefused) {
  VerifyOptions o = Options();
  std::array<uint8_t, 32> other{};
  other.fill(8);
  o.expected_pseudonym_key_id = ListPseudonymKeyId(other);
  auto r = VerifyExclusionList(Signed(3), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ProblemOf(r.status()), ListProblem::kWrongPseudonymKey);
}

TEST_F(ExclusionListTest, StructuralProblemsAreMalformed) {
  std::string doc = Signed(2);
  std::string extra = doc;
  extra.insert(1, "\"extra\":1,");
  ExpectRefused(extra, ListProblem::kMalformed);
  std::string dup = doc;
  dup.insert(1, "\"version\":3,");
  ExpectRefused(dup, ListProblem::kMalformed);
  ExpectRefused("[]", ListProblem::kMalformed);
  ExpectRefused("{}", ListProblem::kMalformed);
  ExpectRefused(doc + "{}", ListProblem::kMalformed);
  std::string other_format = doc;
  other_format.replace(other_format.find("garant-exclusion-list-v1"), 24,
                       "garant-exclusion-list-v9");
  ExpectRefused(other_format, ListProblem::kUnsupportedFormat);
}

TEST_F(ExclusionListTest, UppercaseTokenIsRefused) {
  std::string doc = Signed(2);
  std::string t = HexEncode(TokenOf(0));
  size_t pos = doc.find(t);
  for (size_t i = 0; i < 64; ++i) doc[pos + i] = static_cast<char>(std::toupper(doc[pos + i]));
  ExpectRefused(doc, ListProblem::kBadToken);
}

TEST_F(ExclusionListTest, SignRejectsBadInput) {
  ListContent c = Content(1);
  c.entries[0].scope = "project:";
  EXPECT_FALSE(SignExclusionList(c, seed_).ok());
  c = Content(1);
  c.version = 0;
  EXPECT_FALSE(SignExclusionList(c, seed_).ok());
  c = Content(1);
  c.expires_at = c.issued_at;
  EXPECT_FALSE(SignExclusionList(c, seed_).ok());
}

// Tamper test: every single-byte flip, drop or insertion anywhere in a signed
// document is refused, unless it leaves the same list (e.g. white space
// between JSON tokens).
TEST_F(ExclusionListTest, EverySingleByteMutationIsRefusedOrHarmless) {
  const std::string doc = Signed(6);
  auto original = VerifyExclusionList(doc, Options());
  ASSERT_TRUE(original.ok());
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789abcdefABCDEF \"{}[],:+-/=xyz\\";
  int accepted = 0;
  for (int n = 0; n < 4000; ++n) {
    std::string m = doc;
    const size_t at = rng() % m.size();
    switch (n % 3) {
      case 0:
        m[at] = alphabet[rng() % alphabet.size()];
        break;
      case 1:
        m.erase(at, 1);
        break;
      default:
        m.insert(at, 1, alphabet[rng() % alphabet.size()]);
    }
    if (m == doc) continue;
    auto r = VerifyExclusionList(m, Options());
    if (!r.ok()) continue;
    ++accepted;
    EXPECT_EQ(r->header, original->header) << "mutation at " << at;
    EXPECT_EQ(r->scopes, original->scopes);
    EXPECT_EQ(r->tokens, original->tokens);
  }
  // Only white-space insertions (and the final newline) can be harmless.
  EXPECT_LT(accepted, 200);
}

TEST(ExclusionScope, Grammar) {
  EXPECT_TRUE(IsValidScope("all"));
  EXPECT_TRUE(IsValidScope("project:PRJ-2026.001_a"));
  EXPECT_FALSE(IsValidScope("project:-x"));
  EXPECT_FALSE(IsValidScope("project:a b"));
  EXPECT_FALSE(IsValidScope("PRJ-1"));
  EXPECT_FALSE(IsValidScope("project:" + std::string(65, 'a')));
  EXPECT_TRUE(IsValidScope("project:" + std::string(64, 'a')));
}

TEST_F(ExclusionListTest, DeltaBetweenVersions) {
  ListContent a = Content(6);
  ListContent b = Content(6);
  b.version = 4;
  b.entries.erase(b.entries.begin());                         // token 0 withdrawn
  b.entries.push_back({"all", TokenOf(100)});                 // a new objection
  b.entries.push_back({"project:PRJ-2026-009", TokenOf(1)});  // token 1 also for a project
  auto la = VerifyExclusionList(*SignExclusionList(a, seed_), Options());
  auto lb = VerifyExclusionList(*SignExclusionList(b, seed_), Options());
  ASSERT_TRUE(la.ok() && lb.ok());
  ListDelta d = ComputeDelta(*la, *lb);
  EXPECT_EQ(d.from_version, 3);
  EXPECT_EQ(d.to_version, 4);
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].token, TokenOf(0));
  ASSERT_EQ(d.added.size(), 2u);
  // Applying the delta to the old list yields the new one, signature included.
  auto rebuilt = ApplyDelta(*la, d, lb->header);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_TRUE(VerifyParsedList(*rebuilt, Options()).ok());
  EXPECT_EQ(rebuilt->tokens.size(), lb->tokens.size());
  // A delta applied to the wrong base does not verify.
  ListDelta wrong = d;
  wrong.added.pop_back();
  auto bad = ApplyDelta(*la, wrong, lb->header);
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(VerifyParsedList(*bad, Options()).ok());
  // Delta of a list with itself is empty.
  ListDelta none = ComputeDelta(*lb, *lb);
  EXPECT_TRUE(none.added.empty() && none.removed.empty());
}

TEST(KeyIdTest, WellFormedKeyIds) {
  std::array<uint8_t, 32> k{};
  k.fill(7);
  EXPECT_TRUE(IsValidKeyId(ListPseudonymKeyId(ByteView(k))));
  EXPECT_TRUE(IsValidKeyId("0123abcd"));
  for (const char* bad : {"", "0123abc", "0123abcde", "0123ABCD", "0123abcg", "k0123abc"}) {
    EXPECT_FALSE(IsValidKeyId(bad)) << bad;
  }
}

// ProblemOf reads the refusal's reason, never its message: a message that
// merely starts with a problem word is no refusal, and a refusal keeps its
// problem whatever its message says.
TEST_F(ExclusionListTest, ProblemOfFollowsTheReasonNotTheMessage) {
  EXPECT_EQ(ProblemOf(Status::DataLoss("expired: looks like a refusal")), std::nullopt);
  EXPECT_EQ(ProblemOf(Status::DataLoss("reworded").WithReason("bad_signature")),
            ListProblem::kBadSignature);
  EXPECT_EQ(ProblemOf(Status::DataLoss("x").WithReason("no_such_problem")), std::nullopt);
  EXPECT_EQ(ProblemOf(Status::Ok()), std::nullopt);
  const auto r = VerifyExclusionList("not json", Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "malformed");
  EXPECT_EQ(ProblemOf(r.status().WithContext("push")), ListProblem::kMalformed);
}

}  // namespace
}  // namespace garant::consent

namespace garant::consent {
namespace {

// The "professional" scope (health professionals' RPPS tokens) is a valid
// scope; a scope a consumer does not know is refused at step 4 with the
// signature still valid (the signed bytes name the digest, not the scopes):
// this is how a v1 consumer that predates "professional" fails closed
// (docs/exclusion-lists.md §1).
TEST_F(ExclusionListTest, TheProfessionalScopeIsValidAndAnUnknownScopeFailsClosed) {
  ListContent c = Content(3);
  c.entries[1].scope = "professional";
  auto doc = SignExclusionList(c, seed_);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto list = VerifyExclusionList(*doc, Options());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->scopes,
            (std::vector<std::string>{"all", "professional", "project:PRJ-2026-001"}));

  std::string unknown = *doc;
  const size_t at = unknown.find("\"scope\":\"professional\"");
  ASSERT_NE(at, std::string::npos);
  unknown.replace(at, 22, "\"scope\":\"professionax\"");  // same length, unknown word
  ExpectRefused(unknown, ListProblem::kBadToken);
}

}  // namespace
}  // namespace garant::consent
