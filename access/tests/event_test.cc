// Access event parsing: every field, every bad input, the digest rule, the
// leaf payload.
#include "garant/access/event.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/json.h"

namespace garant::access {
namespace {

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const TimePoint kNow = T("2026-12-01T10:00:00Z");
const std::string kTok1(64, 'a');
const std::string kTok2(64, 'b');

boost::json::object Full() {
  return boost::json::parse(R"({
    "id": "0B7E4C1E-3F1A-4C53-9D55-6F3B2A8E9C10",
    "occurred_at": "2026-12-01T09:00:00Z", "ended_at": "2026-12-01T09:00:05.5Z",
    "account": "chercheur.moreau", "account_role": "chercheur", "organisation": "CHU Lyon",
    "action": "extract", "purpose": "research", "project": "CONTACT-2026-001", "decision": 3,
    "domains": ["visits"], "associations": ["sos-lyon"],
    "patients": [")" + kTok2 +
                            R"(", ")" + kTok1 + R"(", ")" + kTok1 + R"("],
    "query_fingerprint": "q:abc", "query_criteria": ["age.ge.75", "region:ara"], "true_count": 3, "returned_count": 3, "rows": 12,
    "export": {"file": "x.csv", "sha256": ")" +
                            kTok1 + R"(", "bytes": 10, "destination": "bulle"},
    "justification": "contrôle qualité", "source": "entrepot-1", "client_address": "10.0.0.1",
    "outcome": "success", "outcome_reason": "ok"})")
      .as_object();
}

Status Parse(const boost::json::object& o) { return ParseEvent(o, kNow).status(); }

TEST(AccessEvent, ParsesEveryField) {
  auto e = ParseEvent(Full(), kNow);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->id, "0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10");
  EXPECT_EQ(e->action, Action::kExtract);
  EXPECT_EQ(*e->decision, 3);
  EXPECT_EQ(e->patients->size(), 3u);
  EXPECT_EQ(e->export_info->destination, "bulle");
  EXPECT_EQ(FormatRfc3339Utc(*e->ended_at), "2026-12-01T09:00:05.500000Z");
}

TEST(AccessEvent, MinimalEvent) {
  auto o = boost::json::parse(R"({"id":"0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10",
    "occurred_at":"2026-12-01T09:00:00+01:00","account":"a","action":"login","source":"s",
    "outcome":"denied"})")
               .as_object();
  auto e = ParseEvent(o, kNow);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(FormatRfc3339Utc(e->occurred_at), "2026-12-01T08:00:00.000000Z");
}

struct BadCase {
  const char* field;
  boost::json::value value;  // null: remove the field
};

TEST(AccessEvent, RefusesEveryBadField) {
  const BadCase cases[] = {
      {"id", 12},
      {"id", "not-a-uuid"},
      {"id", nullptr},
      {"occurred_at", "yesterday"},
      {"occurred_at", 5},
      {"occurred_at", "2026-12-01T10:05:01Z"},  // 5 min 1 s ahead
      {"ended_at", "2026-12-01T08:00:00Z"},     // before occurred_at
      {"ended_at", "2026-12-01T10:06:00Z"},
      {"account", ""},
      {"account", "a b"},
      {"account", 1},
      {"account", nullptr},
      {"account_role", 3},
      {"organisation", ""},
      {"action", "delete"},
      {"action", "VIEW"},
      {"action", true},
      {"action", nullptr},
      {"purpose", "a b"},
      {"project", "contact-2026-001"},
      {"project", 7},
      {"decision", "3"},
      {"decision", 0},
      {"decision", 1.5},
      {"domains", "visits"},
      {"domains", boost::json::array{1}},
      {"domains", boost::json::array{"a,b"}},
      {"associations", boost::json::array{""}},
      {"patients", "aaaa"},
      {"patients", boost::json::array{"ABC"}},
      {"patients", boost::json::array{std::string(64, 'A')}},
      {"patients", boost::json::array{std::string(63, 'a')}},
      {"patients", boost::json::array{std::string(64, 'g')}},
      {"patient_set", boost::json::string(std::string(64, 'F'))},
      {"patient_set", 1},
      {"query_fingerprint", "a b"},
      {"query_fingerprint", 2},
      {"query_criteria", "age"},
      {"query_criteria", boost::json::array{"a b"}},
      {"query_criteria", boost::json::array{""}},
      {"query_criteria", boost::json::array{1}},
      {"query_criteria", boost::json::array{"age>=75"}},
      {"query_criteria", boost::json::value_from(std::vector<std::string>(33, "c"))},
      {"true_count", -1},
      {"returned_count", "3"},
      {"rows", 1.0},
      {"export", "x.csv"},
      {"export", boost::json::object{{"file", "x"}}},
      {"justification", 3},
      {"source", nullptr},
      {"source", "entrepôt"},
      {"client_address", "example.org"},
      {"outcome", "ok"},
      {"outcome", nullptr},
      {"outcome_reason", 1},
  };
  for (const auto& c : cases) {
    boost::json::object o = Full();
    if (c.value.is_null()) {
      o.erase(c.field);
    } else {
      o[c.field] = c.value;
    }
    Status st = Parse(o);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.field << " = " << c.value;
  }
}

TEST(AccessEvent, FutureBoundaryIsFiveMinutes) {
  boost::json::object o = Full();
  o.erase("ended_at");
  o["occurred_at"] = "2026-12-01T10:05:00Z";
  EXPECT_TRUE(Parse(o).ok());
  o["occurred_at"] = "2026-12-01T10:05:00.000001Z";
  EXPECT_FALSE(Parse(o).ok());
  o["occurred_at"] = "1999-01-01T00:00:00Z";  // no older limit
  EXPECT_TRUE(Parse(o).ok());
}

TEST(AccessEvent, RefusesUnknownFieldsAtEveryLevel) {
  boost::json::object o = Full();
  o["user"] = "x";
  EXPECT_EQ(Parse(o).code(), Code::kInvalidArgument);
  o = Full();
  o["export"].as_object()["format"] = "csv";
  EXPECT_EQ(Parse(o).code(), Code::kInvalidArgument);
}

TEST(AccessEvent, PatientsLimits) {
  boost::json::object o = Full();
  boost::json::array many;
  for (int i = 0; i < 1000; ++i) many.emplace_back(kTok1);
  o["patients"] = many;
  EXPECT_TRUE(Parse(o).ok());
  many.emplace_back(kTok1);
  o["patients"] = many;
  EXPECT_EQ(Parse(o).code(), Code::kInvalidArgument);
  o = Full();
  o["patient_set"] = kTok1;  // with patients
  EXPECT_EQ(Parse(o).code(), Code::kInvalidArgument);
  o = Full();
  o["patient_count"] = 3;  // with patients
  EXPECT_EQ(Parse(o).code(), Code::kInvalidArgument);
  o.erase("patients");
  EXPECT_TRUE(Parse(o).ok());
}

TEST(AccessEvent, ReidentifyWithoutJustificationIsAccepted) {
  boost::json::object o = Full();
  o["action"] = "reidentify";
  o.erase("justification");
  EXPECT_TRUE(Parse(o).ok());
}

TEST(AccessEvent, BatchShapeAndLimits) {
  auto body = [](boost::json::array events) {
    boost::json::object b;
    b["events"] = std::move(events);
    return b;
  };
  EXPECT_EQ(ParseBatch(body({}), kNow).status().code(), Code::kInvalidArgument);
  boost::json::object extra = body({Full()});
  extra["more"] = 1;
  EXPECT_EQ(ParseBatch(extra, kNow).status().code(), Code::kInvalidArgument);
  boost::json::array big;
  for (int i = 0; i < 10001; ++i) big.emplace_back(1);
  EXPECT_EQ(ParseBatch(body(big), kNow).status().code(), Code::kTooLarge);
  // The same event twice is kept once; the same id with other content fails.
  auto twice = ParseBatch(body({Full(), Full()}), kNow);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->size(), 1u);
  boost::json::object other = Full();
  other["rows"] = 13;
  auto clash = ParseBatch(body({Full(), other}), kNow);
  EXPECT_EQ(clash.status().code(), Code::kInvalidArgument);
  EXPECT_NE(clash.status().message().find("events[1]"), std::string::npos);
  auto bad = ParseBatch(body({Full(), 3}), kNow);
  EXPECT_NE(bad.status().message().find("events[1]"), std::string::npos);
}

TEST(AccessEvent, DigestRule) {
  // SHA-256("") for the empty set.
  EXPECT_EQ(PatientsDigest({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Order and duplicates do not matter; each token is followed by "\n".
  std::string one = PatientsDigest({kTok2, kTok1, kTok2});
  EXPECT_EQ(one, PatientsDigest({kTok1, kTok2}));
  std::string text = kTok1 + "\n" + kTok2 + "\n";
  crypto::Digest d = crypto::Sha256(text);
  EXPECT_EQ(one, HexEncode(ByteView(d.data(), d.size())));
  EXPECT_EQ(DistinctCount({kTok2, kTok1, kTok2}), 2u);
}

TEST(AccessEvent, LeafPayloadReplacesPatients) {
  auto e = ParseEvent(Full(), kNow);
  ASSERT_TRUE(e.ok());
  auto payload = boost::json::parse(LeafPayload(*e, 0)).as_object();
  EXPECT_FALSE(payload.contains("patients"));
  EXPECT_FALSE(payload.contains("id"));
  EXPECT_EQ(payload["patients_digest"].as_string(), PatientsDigest({kTok1, kTok2}));
  EXPECT_EQ(payload["patient_count"].as_int64(), 2);
  for (const char* k : {"occurred_at",    "ended_at",      "account",        "account_role",
                        "organisation",   "action",        "purpose",        "project",
                        "decision",       "domains",       "associations",   "query_fingerprint",
                        "query_criteria", "true_count",    "returned_count", "rows",
                        "export",         "justification", "source",         "client_address",
                        "outcome",        "outcome_reason"}) {
    EXPECT_TRUE(payload.contains(k)) << k;
  }
  EXPECT_EQ(LeafType(*e), "access.extract");
  EXPECT_EQ(LeafObject(*e), "account/chercheur.moreau");

  boost::json::object o = Full();
  o.erase("patients");
  o["patient_set"] = kTok1;
  auto s = ParseEvent(o, kNow);
  ASSERT_TRUE(s.ok());
  auto p2 = boost::json::parse(LeafPayload(*s, 250000)).as_object();
  EXPECT_EQ(p2["patients_digest"].as_string(), kTok1);
  EXPECT_EQ(p2["patient_count"].as_int64(), 250000);
  EXPECT_FALSE(p2.contains("patient_set"));
}

TEST(AccessEvent, CanonicalJsonIgnoresKeyOrder) {
  auto a = ParseEvent(Full(), kNow);
  boost::json::object reordered;
  boost::json::object f = Full();
  for (auto it = f.end(); it != f.begin();) {
    --it;
    reordered[it->key()] = it->value();
  }
  auto b = ParseEvent(reordered, kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(CanonicalJson(*a), CanonicalJson(*b));
}

}  // namespace
}  // namespace garant::access
