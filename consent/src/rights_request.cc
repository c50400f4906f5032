#include "garant/consent/rights_request.h"

#include <algorithm>
#include <chrono>

#include "garant/consent/objection.h"
#include "garant/core/bytes.h"

namespace garant::consent {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [x, name] : table) {
    if (x == e) return name;
  }
  return "?";
}

constexpr std::array<std::pair<RightType, std::string_view>, 5> kTypes = {{
    {RightType::kAccess, "access"},
    {RightType::kRectification, "rectification"},
    {RightType::kErasure, "erasure"},
    {RightType::kRestriction, "restriction"},
    {RightType::kObjection, "objection"},
}};
constexpr std::array<std::pair<RightsRequester, std::string_view>, 5> kRequesters = {{
    {RightsRequester::kPerson, "person"},
    {RightsRequester::kParent, "parent"},
    {RightsRequester::kGuardian, "guardian"},
    {RightsRequester::kHeir, "heir"},
    {RightsRequester::kLawyer, "lawyer"},
}};
constexpr std::array<std::pair<RightsChannel, std::string_view>, 5> kChannels = {{
    {RightsChannel::kLetter, "letter"},
    {RightsChannel::kEmail, "email"},
    {RightsChannel::kPhone, "phone"},
    {RightsChannel::kInPerson, "in_person"},
    {RightsChannel::kWeb, "web"},
}};
constexpr std::array<std::pair<RightsState, std::string_view>, 5> kStates = {{
    {RightsState::kReceived, "received"},
    {RightsState::kIdentityCheck, "identity_check"},
    {RightsState::kInProgress, "in_progress"},
    {RightsState::kAnswered, "answered"},
    {RightsState::kRefused, "refused"},
}};
constexpr std::array<std::pair<RefusalGround, std::string_view>, 6> kGrounds = {{
    {RefusalGround::kManifestlyUnfounded, "manifestly_unfounded"},
    {RefusalGround::kExcessive, "excessive"},
    {RefusalGround::kIdentityNotEstablished, "identity_not_established"},
    {RefusalGround::kResearchException, "research_exception"},
    {RefusalGround::kLegalObligation, "legal_obligation"},
    {RefusalGround::kNoDataHeld, "no_data_held"},
}};
constexpr std::array<std::pair<IdentityMethod, std::string_view>, 5> kMethods = {{
    {IdentityMethod::kKnownContact, "known_contact"},
    {IdentityMethod::kDocumentSeen, "document_seen"},
    {IdentityMethod::kInPerson, "in_person"},
    {IdentityMethod::kAuthenticated, "authenticated"},
    {IdentityMethod::kOther, "other"},
}};
constexpr std::array<std::pair<RightsAction, std::string_view>, 5> kActions = {{
    {RightsAction::kAskIdentity, "ask_identity"},
    {RightsAction::kVerifyIdentity, "verify_identity"},
    {RightsAction::kAnswer, "answer"},
    {RightsAction::kRefuse, "refuse"},
    {RightsAction::kExtend, "extend"},
}};

// Control characters other than newline, carriage return and tab.
bool HasBadControl(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) return true;
  }
  return false;
}

std::string_view TrimView(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view Name(RightType t) { return NameIn(kTypes, t); }
std::string_view Name(RightsRequester r) { return NameIn(kRequesters, r); }
std::string_view Name(RightsChannel c) { return NameIn(kChannels, c); }
std::string_view Name(RightsState s) { return NameIn(kStates, s); }
std::string_view Name(RefusalGround g) { return NameIn(kGrounds, g); }
std::string_view Name(IdentityMethod m) { return NameIn(kMethods, m); }
std::string_view Name(RightsAction a) { return NameIn(kActions, a); }
std::optional<RightType> ParseRightType(std::string_view s) { return Lookup(kTypes, s); }
std::optional<RightsRequester> ParseRightsRequester(std::string_view s) {
  return Lookup(kRequesters, s);
}
std::optional<RightsChannel> ParseRightsChannel(std::string_view s) { return Lookup(kChannels, s); }
std::optional<RightsState> ParseRightsState(std::string_view s) { return Lookup(kStates, s); }
std::optional<RefusalGround> ParseRefusalGround(std::string_view s) { return Lookup(kGrounds, s); }
std::optional<IdentityMethod> ParseIdentityMethod(std::string_view s) {
  return Lookup(kMethods, s);
}
std::optional<RightsAction> ParseRightsAction(std::string_view s) { return Lookup(kActions, s); }

bool IsClosed(RightsState s) { return s == RightsState::kAnswered || s == RightsState::kRefused; }

Result<RightsState> NextState(RightsState from, RightsAction action) {
  auto refused = [&]() -> Result<RightsState> {
    return Status::Conflict("action '" + std::string(Name(action)) +
                            "' is not possible in state '" + std::string(Name(from)) + "'")
        .WithReason(std::string(kReasonTransitionRefused));
  };
  if (IsClosed(from)) return refused();
  switch (action) {
    case RightsAction::kAskIdentity:
      if (from == RightsState::kReceived) return RightsState::kIdentityCheck;
      return refused();
    case RightsAction::kVerifyIdentity:
      if (from == RightsState::kReceived || from == RightsState::kIdentityCheck) {
        return RightsState::kInProgress;
      }
      return refused();
    case RightsAction::kAnswer:
      if (from == RightsState::kInProgress) return RightsState::kAnswered;
      return refused();
    case RightsAction::kRefuse:
      return RightsState::kRefused;
    case RightsAction::kExtend:
      return from;
  }
  return refused();
}

Result<std::string> CheckRightsText(std::string_view text) {
  std::string_view t = TrimView(text);
  if (t.empty()) {
    return Status::InvalidArgument("a text is required")
        .WithReason(std::string(kReasonTextRequired));
  }
  if (t.size() > kMaxRightsText || !IsValidUtf8(t) || HasBadControl(t)) {
    return Status::InvalidArgument(
               "the text must be 1 to 2000 bytes of UTF-8 without control "
               "characters")
        .WithReason(std::string(kReasonTextInvalid));
  }
  return std::string(t);
}

TimePoint AddCalendarMonths(TimePoint t, int n) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{sys_days(day)};
  year_month_day next = ymd + months(n);
  if (!next.ok()) next = year_month_day_last(next.year(), month_day_last(next.month()));
  return sys_days(next) + (t - day);
}

TimePoint RightsDeadline(const RightsClock& c, TimePoint now) {
  std::chrono::seconds paused = c.paused;
  if (c.paused_since && now > *c.paused_since) {
    paused += std::chrono::duration_cast<std::chrono::seconds>(now - *c.paused_since);
  }
  return AddCalendarMonths(c.received_at, c.extended ? 3 : 1) + paused;
}

DeadlineFlag FlagFor(RightsState state, const RightsClock& c, TimePoint now, int soon_days) {
  if (IsClosed(state)) return DeadlineFlag::kClosed;
  if (state == RightsState::kIdentityCheck && c.paused_since) return DeadlineFlag::kPaused;
  const TimePoint deadline = RightsDeadline(c, now);
  if (deadline < now) return DeadlineFlag::kOverdue;
  if (deadline - now <= std::chrono::days(soon_days)) return DeadlineFlag::kDueSoon;
  return DeadlineFlag::kNone;
}

std::string_view Name(DeadlineFlag f) {
  switch (f) {
    case DeadlineFlag::kNone:
      return "none";
    case DeadlineFlag::kDueSoon:
      return "due_soon";
    case DeadlineFlag::kOverdue:
      return "overdue";
    case DeadlineFlag::kPaused:
      return "paused";
    case DeadlineFlag::kClosed:
      return "closed";
  }
  return "none";
}

std::vector<FieldError> ValidateRightsRequest(const NewRightsRequest& r, TimePoint now) {
  std::vector<FieldError> errors = ValidateIdentity(r.traits, UtcYear(now));
  if (r.traits.given_names.size() > kMaxGivenNamesBytes) {
    errors.push_back({std::string(kFieldGivenNames), "at most 300 bytes",
                      std::string(kReasonGivenNamesTooLong)});
  }
  if (r.requester != RightsRequester::kPerson) {
    if (!r.requester_name || TrimView(*r.requester_name).empty()) {
      errors.push_back({"requester_name", "required when the person does not write themself",
                        std::string(kReasonRequesterNameRequired)});
    } else if (r.requester_name->size() > 200 || !IsValidUtf8(*r.requester_name) ||
               HasBadControl(*r.requester_name)) {
      errors.push_back(
          {"requester_name", "1 to 200 bytes of text", std::string(kReasonTextInvalid)});
    }
  }
  if (r.contact) {
    const std::string& c = *r.contact;
    if (c.size() > kMaxContactBytes) {
      errors.push_back(
          {std::string(kFieldContact), "at most 500 bytes", std::string(kReasonContactTooLong)});
    } else if (!IsValidUtf8(c) || HasBadControl(c)) {
      errors.push_back({std::string(kFieldContact), "invalid characters",
                        std::string(kReasonContactInvalidCharacters)});
    }
  }
  if (r.received_at) {
    if (*r.received_at > now) {
      errors.push_back(
          {std::string(kFieldReceivedAt), "in the future", std::string(kReasonReceivedInFuture)});
    } else if (now - *r.received_at > std::chrono::days(366)) {
      errors.push_back({std::string(kFieldReceivedAt), "more than one year ago",
                        std::string(kReasonReceivedOverAYearAgo)});
    }
  }
  if (r.type == RightType::kObjection && !r.objection_reference) {
    errors.push_back({"objection_reference", "an objection request names its objection record",
                      std::string(kReasonObjectionRequired)});
  } else if (r.type != RightType::kObjection && r.objection_reference) {
    errors.push_back({"objection_reference", "only an objection request names an objection",
                      std::string(kReasonObjectionOnlyForObjection)});
  }
  return errors;
}

}  // namespace garant::consent
