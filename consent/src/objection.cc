#include "garant/consent/objection.h"

#include <algorithm>
#include <chrono>

#include "garant/consent/rpps.h"
#include "garant/core/bytes.h"

namespace garant::consent {
namespace {

bool HasControlCharacter(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::string_view Name(Requester r) {
  switch (r) {
    case Requester::kPatient:
      return "patient";
    case Requester::kParent:
      return "parent";
    case Requester::kGuardian:
      return "guardian";
    case Requester::kProfessional:
      return "professional";
  }
  return "patient";
}

std::string_view Name(SubjectKind k) {
  return k == SubjectKind::kProfessional ? "professional" : "patient";
}

std::optional<SubjectKind> ParseSubjectKind(std::string_view s) {
  if (s == "patient") return SubjectKind::kPatient;
  if (s == "professional") return SubjectKind::kProfessional;
  return std::nullopt;
}

std::string_view Name(Channel c) {
  switch (c) {
    case Channel::kWeb:
      return "web";
    case Channel::kLetter:
      return "letter";
    case Channel::kPhone:
      return "phone";
    case Channel::kInPerson:
      return "in_person";
  }
  return "web";
}

std::string_view Name(ObjectionStatus s) {
  return s == ObjectionStatus::kWithdrawn ? "withdrawn" : "effective";
}

std::optional<Requester> ParseRequester(std::string_view s) {
  if (s == "patient") return Requester::kPatient;
  if (s == "parent") return Requester::kParent;
  if (s == "guardian") return Requester::kGuardian;
  if (s == "professional") return Requester::kProfessional;
  return std::nullopt;
}

std::optional<Channel> ParseChannel(std::string_view s) {
  if (s == "web") return Channel::kWeb;
  if (s == "letter") return Channel::kLetter;
  if (s == "phone") return Channel::kPhone;
  if (s == "in_person") return Channel::kInPerson;
  return std::nullopt;
}

std::optional<ObjectionStatus> ParseObjectionStatus(std::string_view s) {
  if (s == "effective") return ObjectionStatus::kEffective;
  if (s == "withdrawn") return ObjectionStatus::kWithdrawn;
  return std::nullopt;
}

bool IsWellFormedProjectReference(std::string_view ref) {
  if (ref.empty() || ref.size() > 64) return false;
  for (size_t i = 0; i < ref.size(); ++i) {
    char c = ref[i];
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (i == 0 ? !alnum : !(alnum || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

Status CheckScope(std::string_view scope) {
  if (scope == kScopeAll) return Status::Ok();
  if (scope.rfind(kScopeProjectPrefix, 0) == 0 &&
      IsWellFormedProjectReference(scope.substr(kScopeProjectPrefix.size()))) {
    return Status::Ok();
  }
  return Status::InvalidArgument("scope: must be 'all' or 'project:<reference>'");
}

static std::vector<FieldError> ValidatePatient(const NewObjection& o, TimePoint now);
static void ValidateCommon(const NewObjection& o, TimePoint now, std::vector<FieldError>* out);

namespace {

// A professional's own fields: the RPPS number, requester and scope.
void ValidateProfessional(const NewObjection& o, std::vector<FieldError>* errors) {
  if (Status st = CheckRpps(o.rpps); !st.ok()) {
    errors->push_back({std::string(kFieldRpps), st.message(), st.reason()});
  }
  if (o.requester != Requester::kProfessional) {
    errors->push_back({std::string(kFieldRequester), "a professional objects for themself",
                       std::string(kReasonRequesterForSubject)});
  }
  if (o.scope != kScopeProfessional) {
    errors->push_back(
        {std::string(kFieldScope), "must be 'professional'", std::string(kReasonScopeInvalid)});
  }
}

}  // namespace

std::vector<FieldError> ValidateObjection(const NewObjection& o, TimePoint now) {
  std::vector<FieldError> errors;
  if (o.subject == SubjectKind::kProfessional) {
    ValidateProfessional(o, &errors);
  } else {
    errors = ValidatePatient(o, now);
  }
  ValidateCommon(o, now, &errors);
  return errors;
}

static std::vector<FieldError> ValidatePatient(const NewObjection& o, TimePoint now) {
  std::vector<FieldError> errors = ValidateIdentity(o.traits, UtcYear(now));
  // norm() bounds the names and the first given name; the rest of the given
  // names is kept as typed (sealed), so it gets a bound of its own.
  bool given_ok = std::none_of(errors.begin(), errors.end(),
                               [](const FieldError& e) { return e.field == kFieldGivenNames; });
  if (given_ok && o.traits.given_names.size() > kMaxGivenNamesBytes) {
    errors.insert(std::find_if(errors.begin(), errors.end(),
                               [](const FieldError& e) {
                                 return e.field == kFieldBirthDate || e.field == kFieldSex ||
                                        e.field == kFieldIns;
                               }),
                  FieldError{std::string(kFieldGivenNames), "at most 300 bytes",
                             std::string(kReasonGivenNamesTooLong)});
  }
  if (o.traits.birth_place && o.traits.birth_place->size() > 16) {
    errors.push_back({"birth_place", "at most 16 bytes", std::string(kReasonBirthPlaceTooLong)});
  }
  if (o.requester == Requester::kProfessional) {
    errors.push_back({std::string(kFieldRequester), "a patient's objection has no professional",
                      std::string(kReasonRequesterForSubject)});
  }
  if (!CheckScope(o.scope).ok()) {
    errors.push_back({std::string(kFieldScope), "must be 'all' or 'project:<reference>'",
                      std::string(kReasonScopeInvalid)});
  }
  return errors;
}

static void ValidateCommon(const NewObjection& o, TimePoint now, std::vector<FieldError>* out) {
  std::vector<FieldError>& errors = *out;
  if (o.contact) {
    const std::string& c = *o.contact;
    if (c.size() > kMaxContactBytes) {
      errors.push_back(
          {std::string(kFieldContact), "at most 500 bytes", std::string(kReasonContactTooLong)});
    } else if (!IsValidUtf8(c) || HasControlCharacter(c)) {
      errors.push_back({std::string(kFieldContact), "invalid characters",
                        std::string(kReasonContactInvalidCharacters)});
    }
  }
  if (o.channel == Channel::kWeb && o.entered_by) {
    errors.push_back({std::string(kFieldChannel), "a web objection has no staff account",
                      std::string(kReasonWebChannelByStaff)});
  } else if (o.channel != Channel::kWeb && !o.entered_by) {
    errors.push_back({std::string(kFieldChannel),
                      "letter, phone and in-person need a staff account",
                      std::string(kReasonStaffChannelWithoutAccount)});
  }
  if (o.received_at) {
    if (*o.received_at > now) {
      errors.push_back(
          {std::string(kFieldReceivedAt), "in the future", std::string(kReasonReceivedInFuture)});
    } else if (now - *o.received_at > std::chrono::days(366)) {
      errors.push_back({std::string(kFieldReceivedAt), "more than one year ago",
                        std::string(kReasonReceivedOverAYearAgo)});
    }
  }
}

TimePoint AnswerDeadline(TimePoint received_at) {
  using namespace std::chrono;
  auto day = floor<days>(received_at);
  year_month_day ymd{sys_days(day)};
  year_month_day next = ymd + months(1);
  if (!next.ok()) next = year_month_day_last(next.year(), month_day_last(next.month()));
  return sys_days(next) + (received_at - day);
}

int UtcYear(TimePoint t) {
  using namespace std::chrono;
  year_month_day ymd{floor<days>(t)};
  return static_cast<int>(ymd.year());
}

}  // namespace garant::consent
