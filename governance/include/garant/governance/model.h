// Governance value types: committees, members, projects, meetings, conflicts
// of interest, decisions, votes, authorisations (see governance/DESIGN.md).
//
// Plain values, no behaviour beyond string conversions; the rules live in
// rules.h and access_check.h. Every enum has one stable lowercase name used
// in the database, the JSON API and the audit payloads (ToString/Parse*).
// Thread-compatible. No IO.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::governance {

// A calendar date (UTC), for terms of office.
using Date = std::chrono::sys_days;

// "YYYY-MM-DD" (a real calendar date) or kInvalidArgument.
Result<Date> ParseDate(std::string_view s);
std::string FormatDate(Date d);
// The UTC calendar date of a time point.
Date DateOf(TimePoint t);

enum class MemberRole { kChair, kSecretary, kMember, kPatientRepresentative, kExternalExpert };
std::string_view ToString(MemberRole r);
Result<MemberRole> ParseMemberRole(std::string_view s);

// Why a mandate ended (sql/0028). kNone ("") while it runs or ends at its
// planned term; the others are set by EndMembership / ReplaceMember.
enum class MandateEnd { kNone, kTermExpired, kResigned, kReplaced, kOther };
std::string_view ToString(MandateEnd e);
// "" → kNone; unknown → kInvalidArgument invalid_mandate_end.
Result<MandateEnd> ParseMandateEnd(std::string_view s);

enum class ProjectStatus {
  kSubmitted,
  kUnderReview,
  kApproved,
  kApprovedWithConditions,
  kRejected,
  kActive,
  kSuspended,
  kClosed,
};
std::string_view ToString(ProjectStatus s);
Result<ProjectStatus> ParseProjectStatus(std::string_view s);

enum class Outcome { kFavourable, kFavourableWithConditions, kUnfavourable, kDeferred };
std::string_view ToString(Outcome o);
Result<Outcome> ParseOutcome(std::string_view s);

enum class VoteChoice { kFor, kAgainst, kAbstain };
std::string_view ToString(VoteChoice v);
Result<VoteChoice> ParseVoteChoice(std::string_view s);

// What a decision not about a project is about (sql/0027): a charter, the
// warehouse's access rules, priorities, anything else the committee decides.
enum class TopicCategory { kCharter, kAccessRules, kPriorities, kOther };
std::string_view ToString(TopicCategory c);
Result<TopicCategory> ParseTopicCategory(std::string_view s);

// How many members must attend for a meeting to decide. Met when
//   voting_present * denominator  >  voting_total * numerator   (strict), or
//   voting_present * denominator  >= voting_total * numerator   (!strict),
// and at least min_patient_representatives patient representatives attend
// (voting or not). The default is the CSE rule: a strict majority of the
// voting members and at least one patient representative.
struct QuorumRule {
  int numerator = 1;
  int denominator = 2;
  bool strict = true;
  int min_patient_representatives = 1;

  friend bool operator==(const QuorumRule&, const QuorumRule&) = default;
};

struct Committee {
  int64_t id = 0;
  std::string code;  // "cse", "strategique"
  std::string name;
  QuorumRule quorum;
};

struct Member {
  int64_t id = 0;
  int64_t committee_id = 0;
  std::string full_name;
  MemberRole role = MemberRole::kMember;
  bool voting = true;
  Date term_start{};
  std::optional<Date> term_end;  // inclusive; none: open-ended
  MandateEnd end_reason = MandateEnd::kNone;
  std::optional<int64_t> replaces_member_id;  // the predecessor (same committee)

  // Whether the term of office covers `d`.
  bool InOffice(Date d) const { return term_start <= d && (!term_end || d <= *term_end); }
};

// A member's declaration of interests (sql/0029): annual, dated, with a
// public summary (portal) and the organisations it names (lower-case), from
// which conflicts on projects are derived.
struct InterestDeclaration {
  int64_t id = 0;
  int64_t member_id = 0;
  int year = 0;  // 2000..2100
  Date signed_on{};
  std::string public_summary;              // 1..2000 characters, not blank
  std::vector<std::string> organisations;  // each 1..200 characters, no comma
  TimePoint recorded_at{};
  std::string recorded_by;
};

// Where a conflict of interest comes from (sql/0029).
enum class ConflictSource { kDeclared, kMeeting, kDeclaration };
std::string_view ToString(ConflictSource s);
Result<ConflictSource> ParseConflictSource(std::string_view s);

// A declared conflict of interest of one member on one project.
struct Conflict {
  int64_t member_id = 0;
  int64_t project_id = 0;
  std::string description;
};

// An agenda item of a meeting that is not a project (sql/0027): the subject
// of a topic decision. Title: 1 to 300 characters, not blank.
struct Topic {
  int64_t id = 0;
  int64_t meeting_id = 0;
  TopicCategory category = TopicCategory::kOther;
  std::string title;
};

struct Vote {
  int64_t member_id = 0;
  VoteChoice choice = VoteChoice::kAbstain;
};

// A decision as submitted for recording (not yet stored). Its subject is a
// project (project_id, topic_id unset) or a topic of the meeting's agenda
// (topic_id, project_id 0): never both, never neither.
struct DecisionDraft {
  int64_t project_id = 0;  // 0: not about a project
  std::optional<int64_t> topic_id;
  // A topic decision is shown on the public portal when true. A project
  // decision is always public with its project (true).
  bool is_public = true;
  int64_t meeting_id = 0;
  Outcome outcome = Outcome::kDeferred;
  std::string reasons;     // mandatory
  std::string conditions;  // mandatory for kFavourableWithConditions
  std::vector<Vote> votes;
  std::optional<int64_t> amends_decision_id;
};

// What the rules need to know about the meeting a decision is taken at.
struct MeetingFacts {
  TimePoint held_at{};
  QuorumRule quorum;
  std::vector<Member> members;      // every member of the committee
  std::vector<int64_t> present;     // member ids recorded as present
  std::vector<Conflict> conflicts;  // conflicts declared on the decision's project
  std::vector<int64_t> agenda;      // project ids on the agenda
  std::vector<Topic> topics;        // topics on the agenda
};

// The data an authorisation covers. An empty `associations` list means every
// association; `domains` is never empty.
struct DataScope {
  std::vector<std::string> domains;       // e.g. "visits", "diagnoses"
  std::vector<std::string> associations;  // SOS Médecins association codes
};

// [from, until): until unset means still running.
struct Interval {
  TimePoint from{};
  std::optional<TimePoint> until;
  bool Contains(TimePoint t) const { return from <= t && (!until || t < *until); }
};

// Who may access which data for which project, and when.
struct Authorisation {
  int64_t id = 0;
  int64_t project_id = 0;
  int64_t decision_id = 0;
  std::vector<std::string> accounts;  // the named warehouse accounts
  DataScope scope;
  TimePoint valid_from{};   // inclusive
  TimePoint valid_until{};  // exclusive
  std::vector<Interval> suspensions;
  std::optional<TimePoint> revoked_at;
  // Two-person rule (sql/0017): issued by one staff actor, confirmed by
  // another. Pending (confirmed_at unset) it does not count in the access
  // check; confirmed, it counts from confirmed_at on. Authorisations of
  // before the rule carry confirmed_by "before-two-person-rule".
  TimePoint issued_at{};
  std::string issued_by;
  std::optional<TimePoint> confirmed_at;
  std::string confirmed_by;
};

// A research project as submitted to a committee.
struct Project {
  int64_t id = 0;
  std::string reference;  // "CONTACT-2026-001": [A-Z0-9][A-Z0-9-]{2,31}
  std::string title;
  std::string public_summary;
  std::string purpose;            // a code of the purpose catalogue (rules.h)
  bool no_forbidden_use = false;  // the applicant's R2 declaration; must be true
  std::string legal_basis;        // e.g. "RGPD art. 6.1.e et 9.2.j"
  std::string formality;          // mr-004, mr-003, mr-001, cnil_authorisation, other
  std::string formality_reference;
  // The project's number in the Health Data Hub's public directory of
  // projects (required before an MR-004 study starts); "" when not yet known.
  std::string hdh_directory_number;
  // How many people the study is approved for, as the application states it
  // (1 to 100,000,000); nullopt when not stated. The auditor's project report
  // compares it with the people the accesses touched.
  std::optional<int64_t> cohort_size;
  std::string investigator;
  std::string organisation;
  std::vector<std::string> data_domains;
  std::string data_description;  // period, associations, variables (public text)
  std::string recipients;
  int duration_months = 12;
  int64_t committee_id = 0;  // the reviewing committee
  ProjectStatus status = ProjectStatus::kSubmitted;
  std::optional<TimePoint> published_at;
  TimePoint created_at{};
  TimePoint status_changed_at{};
};

struct Meeting {
  int64_t id = 0;
  int64_t committee_id = 0;
  TimePoint held_at{};
  std::string minutes;
  std::vector<int64_t> agenda;   // project ids
  std::vector<Topic> topics;     // the other items (charters, rules, priorities)
  std::vector<int64_t> present;  // member ids
};

// A stored decision.
struct DecisionRecord {
  int64_t id = 0;
  DecisionDraft draft;
  TimePoint recorded_at{};
  std::string recorded_by;
  std::optional<TimePoint> signed_at;
  std::string signed_by;
  // The second signature (sql/0017), by another staff actor: until then a
  // signed decision is pending (no effect on the project, the portal or the
  // authorisations). Decisions of before the rule carry cosigned_by
  // "before-two-person-rule".
  std::optional<TimePoint> cosigned_at;
  std::string cosigned_by;

  // Signed and co-signed: the decision has its effects.
  bool Effective() const { return signed_at.has_value() && cosigned_at.has_value(); }
};

// The co-signer recorded on acts of before the two-person rule (sql/0017).
inline constexpr std::string_view kBeforeTwoPersonRule = "before-two-person-rule";

}  // namespace garant::governance
