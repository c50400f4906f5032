#include "objections/forms.h"

#include <ctemplate/template.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "garant/consent/rpps.h"
#include "garant/core/dates.h"
#include "garant/core/decimal.h"
#include "http/pages.h"
#include "http/reasons_fr.h"

namespace garant::server {
namespace {

using consent::FieldError;

std::string Get(const std::map<std::string, std::string>& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

// The hidden submission_key of a form (objections/submission.h), when it has
// one.
void SetSubmissionKey(ctemplate::TemplateDictionary& d, const std::string& key) {
  if (!key.empty()) d.SetValueAndShowSection("SUBMISSION_KEY", key.substr(0, 255), "SUBMISSION");
}

bool Blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::optional<std::string> Optional(const std::string& s) {
  if (Blank(s)) return std::nullopt;
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The French name of a field, for the error summary.
std::string FieldLabel(const std::string& field) {
  static const std::map<std::string, std::string> kLabels = {
      {"birth_name", "Nom de naissance"},
      {"used_name", "Nom d'usage"},
      {"given_names", "Prénoms"},
      {"birth_date", "Date de naissance"},
      {"sex", "Sexe"},
      {"ins", "INS (numéro de sécurité sociale)"},
      {"requester", "Qui fait la demande"},
      {"rpps", "Numéro RPPS"},
      {"scope", "Étendue de l'opposition"},
      {"contact", "Adresse de contact"},
      {"channel", "Canal de réception"},
      {"received_at", "Date de réception"}};
  auto it = kLabels.find(field);
  return it == kLabels.end() ? field : it->second;
}

// Form order of the fields, for the error summary.
int FieldRank(const std::string& field) {
  static const std::vector<std::string> kOrder = {
      "channel",    "received_at", "requester", "birth_name", "used_name", "given_names",
      "birth_date", "sex",         "ins",       "scope",      "contact"};
  auto it = std::find(kOrder.begin(), kOrder.end(), field);
  return static_cast<int>(it - kOrder.begin());
}

}  // namespace

std::string ParisDate(TimePoint t) {
  std::string human = FormatParisHuman(t);
  size_t at = human.find(" à ");
  return at == std::string::npos ? human : human.substr(0, at);
}

std::string ScopeLabel(const std::string& scope) {
  if (scope == consent::kScopeProfessional) {
    return "l'utilisation de votre identifiant de professionnel de santé (numéro RPPS) dans "
           "l'entrepôt CONTACT";
  }
  if (scope.rfind(consent::kScopeProjectPrefix, 0) == 0) {
    return "le projet " + scope.substr(consent::kScopeProjectPrefix.size()) + " uniquement";
  }
  return "toute l'utilisation de vos données dans l'entrepôt CONTACT";
}

ObjectionForm ReadObjectionForm(const std::map<std::string, std::string>& m) {
  ObjectionForm f;
  f.birth_name = Get(m, "birth_name");
  f.used_name = Get(m, "used_name");
  f.given_names = Get(m, "given_names");
  f.birth_date = Get(m, "birth_date");
  f.sex = Get(m, "sex");
  f.ins = Get(m, "ins");
  f.requester = Get(m, "requester");
  f.scope = Get(m, "scope");
  f.project = Get(m, "projet");
  f.contact = Get(m, "contact");
  f.channel = Get(m, "channel");
  f.received_date = Get(m, "received_date");
  f.submission_key = Get(m, "submission_key");
  f.notice_shown = Get(m, "notice_shown");
  f.notice_mac = Get(m, "notice_mac");
  return f;
}

std::vector<FieldError> FormToObjection(const ObjectionForm& f, bool staff,
                                        std::optional<int64_t> entered_by, TimePoint now,
                                        consent::NewObjection* out) {
  std::vector<FieldError> errors;
  out->traits.birth_name = f.birth_name;
  out->traits.used_name = Optional(f.used_name);
  out->traits.given_names = f.given_names;
  // As typed by a French person (14/03/1985; carte Vitale spacing): the
  // spec's exact formats for the consent rules, what was typed for the page.
  out->traits.birth_date = consent::TypedBirthDate(f.birth_date);
  out->traits.sex = f.sex;
  out->traits.ins = Optional(consent::TypedIns(f.ins));
  out->contact = Optional(f.contact);
  if (auto r = consent::ParseRequester(f.requester)) {
    out->requester = *r;
  } else {
    errors.push_back(
        {"requester", "must be patient, parent or guardian", std::string(kReasonRequesterInvalid)});
  }
  if (f.scope == "all") {
    out->scope = std::string(consent::kScopeAll);
  } else if (f.scope == "project" && consent::IsWellFormedProjectReference(f.project)) {
    out->scope = std::string(consent::kScopeProjectPrefix) + f.project;
  } else {
    errors.push_back({"scope", "must be all or a project",
                      std::string(staff ? kReasonScopeChoiceStaff : kReasonScopeChoicePublic)});
  }
  if (!staff) {
    out->channel = consent::Channel::kWeb;
    out->entered_by.reset();
    return errors;
  }
  out->entered_by = entered_by;
  for (auto& e : ReadReception(f.channel, f.received_date, now, out))
    errors.push_back(std::move(e));
  return errors;
}

std::vector<FieldError> ReadReception(const std::string& channel_typed,
                                      const std::string& received_date, TimePoint now,
                                      consent::NewObjection* out) {
  std::vector<FieldError> errors;
  auto channel = consent::ParseChannel(channel_typed);
  if (!channel || *channel == consent::Channel::kWeb) {
    errors.push_back(
        {"channel", "must be letter, phone or in_person", std::string(kReasonChannelInvalid)});
  } else {
    out->channel = *channel;
  }
  if (!Blank(received_date)) {
    const std::optional<std::chrono::sys_days> typed = ParseTypedDay(received_date);
    if (!typed) {
      errors.push_back({"received_at", "must be a date (DD/MM/YYYY or YYYY-MM-DD)",
                        std::string(kReasonReceivedDateFormat)});
    } else if (const std::chrono::sys_days day = *typed;
               day != std::chrono::floor<std::chrono::days>(now)) {
      // A past day: noon UTC (the working day in France), never after now.
      // A future day is kept as typed, so that ValidateObjection refuses it
      // (received_in_future) instead of recording it as today.
      TimePoint t = std::chrono::time_point_cast<std::chrono::microseconds>(
          std::chrono::sys_time<std::chrono::hours>(day) + std::chrono::hours(12));
      out->received_at = day < std::chrono::floor<std::chrono::days>(now) ? std::min(t, now) : t;
    }
  }
  return errors;
}

std::string_view RequesterLabel(consent::Requester r) {
  switch (r) {
    case consent::Requester::kPatient:
      return "la personne concernée elle-même";
    case consent::Requester::kParent:
      return "un parent d'un enfant mineur";
    case consent::Requester::kGuardian:
      return "un représentant légal (tuteur)";
    case consent::Requester::kProfessional:
      return "le professionnel de santé lui-même";
  }
  return "";
}

std::string_view ChannelLabel(consent::Channel c) {
  switch (c) {
    case consent::Channel::kWeb:
      return "formulaire en ligne";
    case consent::Channel::kLetter:
      return "courrier";
    case consent::Channel::kPhone:
      return "téléphone";
    case consent::Channel::kInPerson:
      return "en personne";
  }
  return "";
}

std::string_view ObjectionStatusLabel(consent::ObjectionStatus s) {
  return s == consent::ObjectionStatus::kWithdrawn ? "retirée" : "en vigueur";
}

std::string RenderObjectionForm(const ObjectionForm& f, std::vector<FieldError> errors, bool staff,
                                const std::string& csrf_token, const Principal& principal,
                                const std::string& form_error) {
  std::stable_sort(errors.begin(), errors.end(), [](const FieldError& a, const FieldError& b) {
    return FieldRank(a.field) < FieldRank(b.field);
  });
  const std::string heading = staff ? "Saisir une opposition reçue par courrier ou par téléphone"
                                    : "Vous opposer à l'utilisation de vos données";
  // The title tells a screen reader user at once that the page came back
  // with errors (RGAA 11.10).
  const std::string title = errors.empty() && form_error.empty() ? heading : "Erreur : " + heading;
  return RenderPage(title, "opp_form.tpl", principal, [&](ctemplate::TemplateDictionary& d) {
    d.SetValue("HEADING", heading);
    d.SetValue("CSRF_TOKEN", csrf_token);
    SetSubmissionKey(d, f.submission_key);
    if (!form_error.empty()) d.AddSectionDictionary("FORM_ERROR")->SetValue("MESSAGE", form_error);
    d.SetValue("ACTION", staff ? "/console/oppositions/nouvelle" : "/opposition");
    d.SetValue("BIRTH_NAME", f.birth_name);
    d.SetValue("USED_NAME", f.used_name);
    d.SetValue("GIVEN_NAMES", f.given_names);
    d.SetValue("BIRTH_DATE", f.birth_date);
    d.SetValue("INS", f.ins);
    d.SetValue("CONTACT", f.contact);
    std::string sex = Upper(f.sex);
    if (sex == "F") d.ShowSection("SEX_F");
    if (sex == "M") d.ShowSection("SEX_M");
    if (sex == "I") d.ShowSection("SEX_I");
    if (f.requester == "parent") {
      d.ShowSection("REQ_PARENT");
    } else if (f.requester == "guardian") {
      d.ShowSection("REQ_GUARDIAN");
    } else {
      d.ShowSection("REQ_PATIENT");
    }
    if (staff) {
      // Staff type the project reference of a letter themselves.
      auto* p = d.AddSectionDictionary("STAFF_SCOPE");
      p->SetValue("PROJECT_REF", f.project);
      p->ShowSection(f.scope == "project" ? "SCOPE_PROJECT" : "SCOPE_ALL_CHECKED");
    } else if (consent::IsWellFormedProjectReference(f.project)) {
      d.AddSectionDictionary("FORM_FOR_PROJECT")->SetValue("PROJECT_REF", f.project);
      auto* p = d.AddSectionDictionary("PROJECT");
      p->SetValue("PROJECT_REF", f.project);
      if (f.scope != "all") p->ShowSection("SCOPE_PROJECT");
      if (f.scope == "all") p->ShowSection("SCOPE_ALL_CHECKED");
    } else {
      d.ShowSection("NO_PROJECT");
      if (!staff) d.ShowSection("FORM_FOR_ALL");
    }
    if (staff) {
      auto* s = d.AddSectionDictionary("STAFF");
      s->SetValue("RECEIVED_DATE", f.received_date);
      if (f.channel == "letter") s->ShowSection("CH_LETTER");
      if (f.channel == "phone") s->ShowSection("CH_PHONE");
      if (f.channel == "in_person") s->ShowSection("CH_IN_PERSON");
      for (const auto& e : errors) {
        if (e.field == "channel" || e.field == "received_at") {
          s->AddSectionDictionary(Upper(e.field) + "_ERROR")
              ->SetValue("MESSAGE", FrenchFieldError(e));
        }
      }
    } else {
      d.ShowSection("PUBLIC");
      auto* stamp = d.AddSectionDictionary("NOTICE_STAMP");
      stamp->SetValue("NOTICE_SHOWN", f.notice_shown);
      stamp->SetValue("NOTICE_MAC", f.notice_mac);
      if (f.adult_notice) {
        auto* n = d.AddSectionDictionary("ADULT_NOTICE");
        n->SetValue("VERSION", f.adult_notice->version);
        n->SetValue("DATE", f.adult_notice->date);
        n->SetValue("TITLE", f.adult_notice->title);
        for (const auto& p : f.adult_notice->paragraphs) {
          n->AddSectionDictionary("PARAGRAPH")->SetValue("TEXT", p);
        }
      }
      if (f.minor_notice) {
        auto* n = d.AddSectionDictionary("MINOR_NOTICE");
        n->SetValue("VERSION", f.minor_notice->version);
        n->SetValue("DATE", f.minor_notice->date);
        n->SetValue("TITLE", f.minor_notice->title);
        for (const auto& p : f.minor_notice->paragraphs) {
          n->AddSectionDictionary("PARAGRAPH")->SetValue("TEXT", p);
        }
      } else {
        d.ShowSection("MINORS_DEFAULT");
      }
    }
    if (!errors.empty()) {
      auto* summary = d.AddSectionDictionary("ERRORS");
      summary->SetIntValue("COUNT", static_cast<long>(errors.size()));
      for (const auto& e : errors) {
        auto* item = summary->AddSectionDictionary("ERROR");
        item->SetValue("FIELD", e.field == "received_at" ? "received_date" : e.field);
        item->SetValue("LABEL", FieldLabel(e.field));
        const std::string french = FrenchFieldError(e);
        item->SetValue("MESSAGE", french);
        if (e.field != "channel" && e.field != "received_at") {
          d.AddSectionDictionary(Upper(e.field) + "_ERROR")->SetValue("MESSAGE", french);
        }
      }
    }
  });
}

ProfessionalForm ReadProfessionalForm(const std::map<std::string, std::string>& m) {
  ProfessionalForm f;
  f.rpps = Get(m, "rpps");
  f.contact = Get(m, "contact");
  f.channel = Get(m, "channel");
  f.received_date = Get(m, "received_date");
  f.submission_key = Get(m, "submission_key");
  f.notice_shown = Get(m, "notice_shown");
  f.notice_mac = Get(m, "notice_mac");
  return f;
}

consent::NewObjection ProfessionalFormToObjection(const ProfessionalForm& f) {
  consent::NewObjection o;
  o.subject = consent::SubjectKind::kProfessional;
  o.requester = consent::Requester::kProfessional;
  o.scope = std::string(consent::kScopeProfessional);
  o.channel = consent::Channel::kWeb;
  o.rpps = consent::StripRppsSeparators(f.rpps);
  if (!f.contact.empty()) o.contact = f.contact;
  return o;
}

std::vector<FieldError> ProfessionalStaffFormToObjection(const ProfessionalForm& f,
                                                         std::optional<int64_t> entered_by,
                                                         TimePoint now,
                                                         consent::NewObjection* out) {
  *out = ProfessionalFormToObjection(f);
  if (Blank(f.contact)) out->contact.reset();
  out->entered_by = entered_by;
  return ReadReception(f.channel, f.received_date, now, out);
}

namespace {

// Sets the error summary (ERRORS/ERROR) and the per-field <FIELD>_ERROR
// sections of a professional's form. `section` receives the per-field ones
// of the reception fields (the staff form's STAFF section), `d` the others.
void FillProfessionalErrors(std::vector<FieldError> errors, ctemplate::TemplateDictionary& d,
                            ctemplate::TemplateDictionary* reception) {
  if (errors.empty()) return;
  static const std::vector<std::string> kOrder = {"channel",   "received_at", "rpps",
                                                  "requester", "scope",       "contact"};
  std::stable_sort(errors.begin(), errors.end(), [](const FieldError& a, const FieldError& b) {
    auto rank = [](const std::string& f) {
      return std::find(kOrder.begin(), kOrder.end(), f) - kOrder.begin();
    };
    return rank(a.field) < rank(b.field);
  });
  auto* summary = d.AddSectionDictionary("ERRORS");
  summary->SetIntValue("COUNT", static_cast<long>(errors.size()));
  for (const auto& e : errors) {
    auto* item = summary->AddSectionDictionary("ERROR");
    item->SetValue("FIELD", e.field == "received_at" ? "received_date" : e.field);
    item->SetValue("LABEL", e.field == "contact" && !reception ? "Adresse pour vous répondre"
                                                               : FieldLabel(e.field));
    const std::string french = FrenchFieldError(e);
    item->SetValue("MESSAGE", french);
    const bool reception_field = e.field == "channel" || e.field == "received_at";
    auto* target = reception_field && reception ? reception : &d;
    target->AddSectionDictionary(Upper(e.field) + "_ERROR")->SetValue("MESSAGE", french);
  }
}

}  // namespace

std::string RenderProfessionalStaffForm(const ProfessionalForm& f, std::vector<FieldError> errors,
                                        const std::string& csrf_token, const Principal& principal) {
  const std::string heading =
      "Saisir l'opposition d'un professionnel de santé reçue par courrier ou par téléphone";
  const std::string title = errors.empty() ? heading : "Erreur : " + heading;
  return RenderPage(title, "opp_professional_staff.tpl", principal,
                    [&](ctemplate::TemplateDictionary& d) {
                      d.SetValue("HEADING", heading);
                      d.SetValue("CSRF_TOKEN", csrf_token);
                      SetSubmissionKey(d, f.submission_key);
                      d.SetValue("RPPS", f.rpps.substr(0, 32));
                      d.SetValue("CONTACT", f.contact.substr(0, consent::kMaxContactBytes + 100));
                      auto* s = d.AddSectionDictionary("RECEPTION");
                      s->SetValue("RECEIVED_DATE", f.received_date.substr(0, 32));
                      if (f.channel == "letter") s->ShowSection("CH_LETTER");
                      if (f.channel == "phone") s->ShowSection("CH_PHONE");
                      if (f.channel == "in_person") s->ShowSection("CH_IN_PERSON");
                      FillProfessionalErrors(std::move(errors), d, s);
                    });
}

std::string RenderProfessionalForm(const ProfessionalForm& f,
                                   const std::vector<consent::FieldError>& errors,
                                   const std::string& csrf_token, const Principal& principal,
                                   const std::string& form_error) {
  const std::string title = errors.empty() ? "Professionnels de santé : vos droits"
                                           : "Erreur – Professionnels de santé : vos droits";
  return RenderPage(title, "opp_professional.tpl", principal,
                    [&](ctemplate::TemplateDictionary& d) {
                      d.SetValue("CSRF_TOKEN", csrf_token);
                      SetSubmissionKey(d, f.submission_key);
                      d.SetValue("RPPS", f.rpps.substr(0, 32));
                      d.SetValue("CONTACT", f.contact.substr(0, consent::kMaxContactBytes + 100));
                      if (!form_error.empty())
                        d.AddSectionDictionary("FORM_ERROR")->SetValue("MESSAGE", form_error);
                      auto* stamp = d.AddSectionDictionary("NOTICE_STAMP");
                      stamp->SetValue("NOTICE_SHOWN", f.notice_shown);
                      stamp->SetValue("NOTICE_MAC", f.notice_mac);
                      if (f.notice) {
                        auto* n = d.AddSectionDictionary("NOTICE");
                        n->SetValue("VERSION", f.notice->version);
                        n->SetValue("DATE", f.notice->date);
                        n->SetValue("TITLE", f.notice->title);
                        for (const auto& p : f.notice->paragraphs) {
                          n->AddSectionDictionary("PARAGRAPH")->SetValue("TEXT", p);
                        }
                      } else {
                        d.ShowSection("NO_NOTICE");
                      }
                      FillProfessionalErrors(errors, d, nullptr);
                    });
}

void FillObjection(const consent::Objection& o, ctemplate::TemplateDictionary& d) {
  d.SetValue("REFERENCE", o.reference);
  d.SetValue("STATUS", std::string(consent::Name(o.status)));
  d.SetValue("STATUS_LABEL", std::string(ObjectionStatusLabel(o.status)));
  d.SetValue("RECEIVED", FormatParisHuman(o.received_at));
  d.SetValue("RECEIVED_DAY", ParisDate(o.received_at));
  d.SetValue("EFFECTIVE", FormatParisHuman(o.effective_at));
  d.SetValue("DEADLINE", ParisDate(o.deadline));
  d.SetValue("SCOPE_LABEL", ScopeLabel(o.scope));
  d.SetValue("RECEIVED_WORDS", FormatParisWords(o.received_at));
  d.SetValue("EFFECTIVE_WORDS", FormatParisWords(o.effective_at));
  d.SetValue("DEADLINE_WORDS", FormatParisDayWords(o.deadline));
  // What the objection does depends on its scope: a one-project objection
  // leaves the data in the warehouse for its other uses, and no page may
  // claim otherwise.
  if (o.scope.rfind(consent::kScopeProjectPrefix, 0) == 0) {
    d.AddSectionDictionary("SCOPE_PROJECT")
        ->SetValue("PROJECT_REF", o.scope.substr(consent::kScopeProjectPrefix.size()));
  } else if (o.scope == consent::kScopeProfessional) {
    d.ShowSection("SCOPE_PROFESSIONAL");
  } else {
    d.ShowSection("SCOPE_ALL");
  }
  if (o.subject == consent::SubjectKind::kProfessional) d.ShowSection("PROFESSIONAL");
  d.SetValue("SUBJECT", std::string(consent::Name(o.subject)));
  d.SetValue("SUBJECT_LABEL", o.subject == consent::SubjectKind::kProfessional
                                  ? "professionnel de santé"
                                  : "patient");
  d.SetValue("REQUESTER_LABEL", std::string(RequesterLabel(o.requester)));
  d.SetValue("CHANNEL_LABEL", std::string(ChannelLabel(o.channel)));
  d.SetIntValue("TOKEN_COUNT", o.token_count);
  if (o.status == consent::ObjectionStatus::kWithdrawn && o.withdrawn_at) {
    auto* w = d.AddSectionDictionary("WITHDRAWN");
    w->SetValue("WITHDRAWN_AT", FormatParisHuman(*o.withdrawn_at));
    w->SetValue("WITHDRAWN_WORDS", FormatParisWords(*o.withdrawn_at));
  } else {
    d.ShowSection("EFFECTIVE_NOW");
  }
}

std::string RenderReceipt(const consent::Receipt& r, bool staff, const Principal& principal) {
  return RenderPage("Récépissé de votre opposition", "opp_receipt.tpl", principal,
                    [&](ctemplate::TemplateDictionary& d) {
                      FillObjection(r.objection, d);
                      d.SetValue("CODE", r.code);
                      d.ShowSection(staff ? "STAFF" : "PUBLIC");
                    });
}

}  // namespace garant::server
