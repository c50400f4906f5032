#include "garant/governance/model.h"

#include <array>
#include <cstdio>
#include <utility>

#include "garant/core/decimal.h"
#include "garant/governance/reasons.h"

namespace garant::governance {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
Result<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s,
                 std::string_view what) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return Status::InvalidArgument("unknown " + std::string(what) + ": '" +
                                 std::string(s.substr(0, 64)) + "'");
}

constexpr std::array<std::pair<MemberRole, std::string_view>, 5> kRoles = {{
    {MemberRole::kChair, "chair"},
    {MemberRole::kSecretary, "secretary"},
    {MemberRole::kMember, "member"},
    {MemberRole::kPatientRepresentative, "patient_representative"},
    {MemberRole::kExternalExpert, "external_expert"},
}};
constexpr std::array<std::pair<ProjectStatus, std::string_view>, 8> kStatuses = {{
    {ProjectStatus::kSubmitted, "submitted"},
    {ProjectStatus::kUnderReview, "under_review"},
    {ProjectStatus::kApproved, "approved"},
    {ProjectStatus::kApprovedWithConditions, "approved_with_conditions"},
    {ProjectStatus::kRejected, "rejected"},
    {ProjectStatus::kActive, "active"},
    {ProjectStatus::kSuspended, "suspended"},
    {ProjectStatus::kClosed, "closed"},
}};
constexpr std::array<std::pair<Outcome, std::string_view>, 4> kOutcomes = {{
    {Outcome::kFavourable, "favourable"},
    {Outcome::kFavourableWithConditions, "favourable_with_conditions"},
    {Outcome::kUnfavourable, "unfavourable"},
    {Outcome::kDeferred, "deferred"},
}};
constexpr std::array<std::pair<VoteChoice, std::string_view>, 3> kVotes = {{
    {VoteChoice::kFor, "for"},
    {VoteChoice::kAgainst, "against"},
    {VoteChoice::kAbstain, "abstain"},
}};

constexpr std::array<std::pair<TopicCategory, std::string_view>, 4> kTopicCategories = {{
    {TopicCategory::kCharter, "charter"},
    {TopicCategory::kAccessRules, "access_rules"},
    {TopicCategory::kPriorities, "priorities"},
    {TopicCategory::kOther, "other"},
}};

constexpr std::array<std::pair<MandateEnd, std::string_view>, 5> kMandateEnds = {{
    {MandateEnd::kNone, ""},
    {MandateEnd::kTermExpired, "term_expired"},
    {MandateEnd::kResigned, "resigned"},
    {MandateEnd::kReplaced, "replaced"},
    {MandateEnd::kOther, "other"},
}};

constexpr std::array<std::pair<ConflictSource, std::string_view>, 3> kConflictSources = {{
    {ConflictSource::kDeclared, "declared"},
    {ConflictSource::kMeeting, "meeting"},
    {ConflictSource::kDeclaration, "declaration"},
}};

}  // namespace

std::string_view ToString(ConflictSource s) { return NameOf(kConflictSources, s); }
Result<ConflictSource> ParseConflictSource(std::string_view s) {
  return Lookup(kConflictSources, s, "conflict source");
}
std::string_view ToString(MandateEnd e) { return NameOf(kMandateEnds, e); }
Result<MandateEnd> ParseMandateEnd(std::string_view s) {
  auto e = Lookup(kMandateEnds, s, "end of mandate");
  if (!e.ok()) return Status(e.status()).WithReason(reason::kInvalidMandateEnd);
  return e;
}
std::string_view ToString(TopicCategory c) { return NameOf(kTopicCategories, c); }
Result<TopicCategory> ParseTopicCategory(std::string_view s) {
  auto c = Lookup(kTopicCategories, s, "topic category");
  if (!c.ok()) return Status(c.status()).WithReason(reason::kInvalidTopic);
  return c;
}
std::string_view ToString(MemberRole r) { return NameOf(kRoles, r); }
Result<MemberRole> ParseMemberRole(std::string_view s) { return Lookup(kRoles, s, "role"); }
std::string_view ToString(ProjectStatus s) { return NameOf(kStatuses, s); }
Result<ProjectStatus> ParseProjectStatus(std::string_view s) {
  return Lookup(kStatuses, s, "status");
}
std::string_view ToString(Outcome o) { return NameOf(kOutcomes, o); }
Result<Outcome> ParseOutcome(std::string_view s) { return Lookup(kOutcomes, s, "outcome"); }
std::string_view ToString(VoteChoice v) { return NameOf(kVotes, v); }
Result<VoteChoice> ParseVoteChoice(std::string_view s) { return Lookup(kVotes, s, "vote"); }

Result<Date> ParseDate(std::string_view s) {
  auto bad = [&] {
    return Status::InvalidArgument("date must be YYYY-MM-DD: '" + std::string(s.substr(0, 32)) +
                                   "'")
        .WithReason(reason::kInvalidDate);
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad();
  auto num = [&](size_t pos, size_t len, int* out) {
    std::optional<int64_t> v = ParseDecimal(s.substr(pos, len));
    if (v) *out = static_cast<int>(*v);
    return v.has_value();
  };
  int y = 0, m = 0, d = 0;
  if (!num(0, 4, &y) || !num(5, 2, &m) || !num(8, 2, &d)) return bad();
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || y < 1900) return bad();
  return Date(ymd);
}

std::string FormatDate(Date d) { return FormatIsoDay(d); }

Date DateOf(TimePoint t) { return std::chrono::floor<std::chrono::days>(t); }

}  // namespace garant::governance
