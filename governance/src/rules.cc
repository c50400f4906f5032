#include "garant/governance/rules.h"

#include <algorithm>
#include <set>

#include "garant/consent/identity.h"
#include "garant/governance/reasons.h"

namespace garant::governance {
namespace {

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool Contains(const std::vector<int64_t>& v, int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

struct PurposeInfo {
  std::string_view code;
  std::string_view label;
};
constexpr PurposeInfo kPurposeLabels[] = {
    {"indicators", "Production d'indicateurs et pilotage stratégique de l'activité"},
    {"coding_quality", "Amélioration de la qualité du codage"},
    {"decision_support", "Outils d'aide au diagnostic médical ou à la prise en charge"},
    {"feasibility", "Études de faisabilité (pré-screening)"},
    {"research", "Recherches, études et évaluations"},
    {"product_promotion", "Promotion de produits de santé (interdite)"},
    {"insurance_exclusion",
     "Exclusion de garanties ou modification de cotisations d'assurance "
     "(interdite)"},
};

}  // namespace

bool TransitionAllowed(ProjectStatus from, ProjectStatus to) {
  using S = ProjectStatus;
  switch (from) {
    case S::kSubmitted:
      return to == S::kUnderReview;
    case S::kUnderReview:
      return to == S::kApproved || to == S::kApprovedWithConditions || to == S::kRejected;
    case S::kApproved:
    case S::kApprovedWithConditions:
      return to == S::kActive || to == S::kClosed;
    case S::kActive:
      return to == S::kSuspended || to == S::kClosed;
    case S::kSuspended:
      return to == S::kActive || to == S::kClosed;
    case S::kRejected:
    case S::kClosed:
      return false;
  }
  return false;
}

bool DecidedByDecision(ProjectStatus to) {
  return to == ProjectStatus::kApproved || to == ProjectStatus::kApprovedWithConditions ||
         to == ProjectStatus::kRejected;
}

Status CheckTransition(ProjectStatus from, ProjectStatus to) {
  if (TransitionAllowed(from, to)) return Status::Ok();
  return Status::Conflict("transition not allowed: " + std::string(ToString(from)) + " -> " +
                          std::string(ToString(to)))
      .WithReason(reason::kTransitionNotAllowed);
}

std::optional<ProjectStatus> StatusAfterDecision(Outcome o) {
  switch (o) {
    case Outcome::kFavourable:
      return ProjectStatus::kApproved;
    case Outcome::kFavourableWithConditions:
      return ProjectStatus::kApprovedWithConditions;
    case Outcome::kUnfavourable:
      return ProjectStatus::kRejected;
    case Outcome::kDeferred:
      return std::nullopt;
  }
  return std::nullopt;
}

bool Favourable(Outcome o) {
  return o == Outcome::kFavourable || o == Outcome::kFavourableWithConditions;
}

const PurposeCatalogue& DefaultPurposes() {
  static const PurposeCatalogue kDefault{
      {"indicators", "coding_quality", "decision_support", "feasibility", "research"},
      {"product_promotion", "insurance_exclusion"}};
  return kDefault;
}

std::string PurposeLabel(std::string_view code) {
  for (const auto& p : kPurposeLabels) {
    if (p.code == code) return std::string(p.label);
  }
  return std::string(code);
}

Status CheckPurpose(const PurposeCatalogue& c, std::string_view purpose) {
  auto in = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), purpose) != v.end();
  };
  if (in(c.forbidden)) {
    return Status::InvalidArgument("forbidden purpose: " + std::string(purpose))
        .WithReason(reason::kForbiddenPurpose);
  }
  if (!in(c.allowed)) {
    return Status::InvalidArgument("unknown purpose: " + std::string(purpose.substr(0, 64)))
        .WithReason(reason::kUnknownPurpose);
  }
  return Status::Ok();
}

Status ValidateQuorumRule(const QuorumRule& r) {
  if (r.denominator <= 0 || r.denominator > 100 || r.numerator < 0 || r.numerator > r.denominator) {
    return Status::InvalidArgument("quorum fraction must satisfy 0 <= numerator <= denominator")
        .WithReason(reason::kInvalidQuorumFraction);
  }
  if (r.min_patient_representatives < 0 || r.min_patient_representatives > 100) {
    return Status::InvalidArgument("min_patient_representatives must be between 0 and 100")
        .WithReason(reason::kInvalidPatientMinimum);
  }
  return Status::Ok();
}

QuorumReport EvaluateQuorum(const QuorumRule& rule, const std::vector<Member>& members,
                            const std::vector<int64_t>& present, Date meeting_date) {
  QuorumReport q;
  for (const Member& m : members) {
    if (!m.InOffice(meeting_date)) continue;
    bool here = Contains(present, m.id);
    if (m.voting) {
      ++q.voting_total;
      if (here) ++q.voting_present;
    }
    if (here && m.role == MemberRole::kPatientRepresentative) ++q.patient_representatives_present;
  }
  int64_t lhs = int64_t{q.voting_present} * rule.denominator;
  int64_t rhs = int64_t{q.voting_total} * rule.numerator;
  bool fraction_met = q.voting_total > 0 && (rule.strict ? lhs > rhs : lhs >= rhs);
  bool patients_met = q.patient_representatives_present >= rule.min_patient_representatives;
  q.met = fraction_met && patients_met;
  q.explanation =
      std::to_string(q.voting_present) + " membre(s) votant(s) présent(s) sur " +
      std::to_string(q.voting_total) + ", " + std::to_string(q.patient_representatives_present) +
      " représentant(s) des patients présent(s) : quorum " + (q.met ? "atteint" : "non atteint");
  return q;
}

bool Conflicted(const std::vector<Conflict>& conflicts, int64_t member_id, int64_t project_id) {
  return std::any_of(conflicts.begin(), conflicts.end(), [&](const Conflict& c) {
    return c.member_id == member_id && c.project_id == project_id;
  });
}

Status CheckDecisionSubject(const DecisionDraft& d) {
  if ((d.project_id != 0) == d.topic_id.has_value()) {
    return Status::InvalidArgument("a decision is about one project or one topic of the agenda")
        .WithReason(reason::kDecisionSubjectRequired);
  }
  return Status::Ok();
}

Status ValidateDiscardReason(std::string_view reason) {
  if (Blank(reason) || reason.size() > 2000) {
    return Status::InvalidArgument("a reason (1 to 2000 bytes) is required to discard a decision")
        .WithReason(reason::kDiscardReasonRequired);
  }
  return Status::Ok();
}

Status ValidateDecision(const DecisionDraft& d, const MeetingFacts& m) {
  if (Blank(d.reasons)) {
    return Status::InvalidArgument("reasons are mandatory").WithReason(reason::kReasonsRequired);
  }
  bool with_conditions = d.outcome == Outcome::kFavourableWithConditions;
  if (with_conditions && Blank(d.conditions)) {
    return Status::InvalidArgument("conditions are mandatory for favourable_with_conditions")
        .WithReason(reason::kConditionsRequired);
  }
  if (!with_conditions && !Blank(d.conditions)) {
    return Status::InvalidArgument("conditions are only for favourable_with_conditions")
        .WithReason(reason::kConditionsNotAllowed);
  }
  GARANT_RETURN_IF_ERROR(CheckDecisionSubject(d));
  const bool about_project = d.project_id != 0;
  if (about_project && !Contains(m.agenda, d.project_id)) {
    return Status::Conflict("project not on the agenda of the meeting")
        .WithReason(reason::kProjectNotOnAgenda);
  }
  if (!about_project && std::none_of(m.topics.begin(), m.topics.end(),
                                     [&](const Topic& t) { return t.id == *d.topic_id; })) {
    return Status::Conflict("topic not on the agenda of the meeting")
        .WithReason(reason::kTopicNotOnAgenda);
  }
  Date day = DateOf(m.held_at);
  QuorumReport q = EvaluateQuorum(m.quorum, m.members, m.present, day);
  if (!q.met) {
    return Status::Conflict("quorum not met: " + std::to_string(q.voting_present) + " of " +
                            std::to_string(q.voting_total) + " voting members and " +
                            std::to_string(q.patient_representatives_present) +
                            " patient representative(s) present")
        .WithReason(reason::kQuorumNotMet);
  }
  std::set<int64_t> seen;
  int for_votes = 0, against_votes = 0;
  for (const Vote& v : d.votes) {
    auto it = std::find_if(m.members.begin(), m.members.end(),
                           [&](const Member& mm) { return mm.id == v.member_id; });
    std::string who = "member " + std::to_string(v.member_id);
    if (it == m.members.end()) {
      return Status::InvalidArgument("unknown member: " + who).WithReason(reason::kUnknownMember);
    }
    if (!seen.insert(v.member_id).second) {
      return Status::InvalidArgument("duplicate vote: " + who).WithReason(reason::kDuplicateVote);
    }
    if (!Contains(m.present, v.member_id)) {
      return Status::Conflict("absent member: " + who).WithReason(reason::kAbsentMember);
    }
    if (!it->voting) {
      return Status::Conflict("non-voting member: " + who).WithReason(reason::kNonVotingMember);
    }
    if (!it->InOffice(day)) {
      return Status::Conflict("member not in office: " + who)
          .WithReason(reason::kMemberNotInOffice);
    }
    if (about_project && Conflicted(m.conflicts, v.member_id, d.project_id)) {
      return Status::Conflict("conflicted member: " + who +
                              " declared a conflict of interest on this project")
          .WithReason(reason::kConflictedMember);
    }
    if (v.choice == VoteChoice::kFor) ++for_votes;
    if (v.choice == VoteChoice::kAgainst) ++against_votes;
  }
  if (Favourable(d.outcome) && against_votes > for_votes) {
    return Status::Conflict("outcome contradicts votes: more votes against than for")
        .WithReason(reason::kOutcomeContradictsVotes);
  }
  return Status::Ok();
}

Status CheckSecondSignatory(std::string_view second, const std::vector<std::string>& first) {
  for (const std::string& f : first) {
    if (!f.empty() && f == second) {
      return Status::PermissionDenied(
                 "same signatory: the second signature must come from another account than " + f)
          .WithReason(reason::kSameSignatory);
    }
  }
  return Status::Ok();
}

Status CheckFormality(const Project& p) {
  if (p.formality.empty() || Blank(p.formality_reference)) {
    return Status::Conflict(
               "formality missing: the project's formality reference (MR-004 "
               "declaration, CNIL authorisation) is required before any access")
        .WithReason(reason::kFormalityMissing);
  }
  return Status::Ok();
}

Status ValidateTopic(const Topic& t) {
  if (Blank(t.title) || t.title.size() > 300) {
    return Status::InvalidArgument("a topic has a title of 1 to 300 characters")
        .WithReason(reason::kInvalidTopic);
  }
  return Status::Ok();
}

bool ValidIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '@' || c == ':' || c == '-';
  });
}

Status ValidateAuthorisation(const Authorisation& a, Outcome outcome,
                             std::optional<TimePoint> published_at, std::chrono::seconds delay) {
  if (a.accounts.empty()) {
    return Status::InvalidArgument("at least one account must be named")
        .WithReason(reason::kAccountRequired);
  }
  if (a.scope.domains.empty()) {
    return Status::InvalidArgument("at least one data domain").WithReason(reason::kDomainRequired);
  }
  for (const auto* list : {&a.accounts, &a.scope.domains, &a.scope.associations}) {
    for (const std::string& s : *list) {
      if (!ValidIdentifier(s)) {
        return Status::InvalidArgument("invalid identifier: '" + s.substr(0, 64) + "'")
            .WithReason(reason::kInvalidIdentifier);
      }
    }
  }
  if (a.valid_until <= a.valid_from) {
    return Status::InvalidArgument("valid_until must be after valid_from")
        .WithReason(reason::kInvalidValidityPeriod);
  }
  if (!Favourable(outcome)) {
    return Status::Conflict("decision not favourable: no authorisation can derive from it")
        .WithReason(reason::kDecisionNotFavourable);
  }
  if (!published_at) {
    return Status::Conflict("project not published").WithReason(reason::kProjectNotPublished);
  }
  if (a.valid_from < *published_at + delay) {
    return Status::Conflict("before publication delay: valid_from must be at least " +
                            std::to_string(delay.count() / 86400) +
                            " day(s) after the project's publication (" +
                            FormatRfc3339Utc(*published_at) + ")")
        .WithReason(reason::kBeforePublicationDelay);
  }
  return Status::Ok();
}

namespace {

// The words of norm(run): norm() fails on a run with no letter A-Z (a lone
// "&", spaces): no word then.
void AppendNormalisedWords(std::string_view run, std::vector<std::string>* words) {
  auto norm = consent::Normalize(run);
  if (!norm.ok()) return;
  size_t p = 0;
  const std::string& n = *norm;
  while (p < n.size()) {
    size_t e = n.find(' ', p);
    if (e == std::string::npos) e = n.size();
    if (e > p) words->push_back(n.substr(p, e - p));
    p = e + 1;
  }
}

bool IsLinkWord(const std::string& w) {
  static const std::set<std::string> kWords = {"ET", "DE", "DU", "DES", "D",
                                               "L",  "LA", "LE", "LES"};
  return kWords.count(w) > 0;
}

bool IsLegalForm(const std::string& w) {
  static const std::set<std::string> kForms = {
      "SA",   "SAS", "SASU", "SARL",   "EURL",  "SNC",    "SCS", "SCA", "SCI",
      "SCOP", "SCP", "SEL",  "SELARL", "SELAS", "SELAFA", "GIE", "GIP", "SEM",
      "INC",  "LTD", "LLC",  "GMBH",   "AG",    "PLC",    "BV",  "NV",  "SRL"};
  return kForms.count(w) > 0;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

std::string OrganisationKey(std::string_view name) {
  // 1. digit runs as words, the rest through norm().
  std::vector<std::string> raw;
  size_t p = 0;
  while (p < name.size()) {
    const bool digit = name[p] >= '0' && name[p] <= '9';
    size_t e = p;
    while (e < name.size() && (name[e] >= '0' && name[e] <= '9') == digit) ++e;
    if (digit) {
      raw.emplace_back(name.substr(p, e - p));
    } else {
      AppendNormalisedWords(name.substr(p, e - p), &raw);
    }
    p = e;
  }
  // 2. one-letter words run together: initials.
  std::vector<std::string> words;
  for (size_t i = 0; i < raw.size(); ++i) {
    const bool letter = raw[i].size() == 1 && raw[i][0] >= 'A' && raw[i][0] <= 'Z';
    const bool after_letter =
        i > 0 && raw[i - 1].size() == 1 && raw[i - 1][0] >= 'A' && raw[i - 1][0] <= 'Z';
    if (letter && after_letter && !words.empty()) {
      words.back() += raw[i];
    } else {
      words.push_back(raw[i]);
    }
  }
  // 3. link words; 4. legal forms at either end.
  std::vector<std::string> core;
  for (const auto& w : words) {
    if (!IsLinkWord(w)) core.push_back(w);
  }
  while (!core.empty() && IsLegalForm(core.back())) core.pop_back();
  while (!core.empty() && IsLegalForm(core.front())) core.erase(core.begin());
  return JoinWords(core.empty() ? words : core);
}

}  // namespace garant::governance
