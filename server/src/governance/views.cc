// Shared pieces of the governance HTTP layer: JSON
// views, French labels and error messages (by reason: http/reasons_fr.cc),
// Paris local time parsing.

#include <spdlog/spdlog.h>

#include <cstdio>

#include "garant/core/decimal.h"
#include "garant/governance/reasons.h"
#include "governance/http.h"
#include "http/reasons_fr.h"

namespace garant::server::gov {

using namespace garant::governance;

// Separation of duties (issue #12): admin manages accounts and configuration
// but records no governance act.
const std::vector<std::string> kWriteRoles = {kRoleSecretary};
const std::vector<std::string> kReadRoles = {kRoleSecretary, kRoleAdmin, kRoleDpo, kRoleAuditor};
const std::vector<std::string> kAccessCheckRoles = {kRoleWarehouse, kRoleAuditor, kRoleDpo,
                                                    kRoleAdmin};

Result<int64_t> IdParam(const HttpExchange& ex, const std::string& name) {
  auto it = ex.params().find(name);
  std::optional<int64_t> v =
      it == ex.params().end() ? std::nullopt : ParseDecimal(it->second, {.min = 1});
  if (!v) return Status::NotFound("not found");
  return *v;
}

namespace {
boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}
boost::json::array Ids(const std::vector<int64_t>& v) {
  boost::json::array a;
  for (int64_t x : v) a.emplace_back(x);
  return a;
}
boost::json::value OptionalTime(const std::optional<TimePoint>& t) {
  if (!t) return nullptr;
  return boost::json::value(FormatRfc3339Utc(*t));
}
}  // namespace

boost::json::object CommitteeJson(const Committee& c) {
  return {{"id", c.id},
          {"code", c.code},
          {"name", c.name},
          {"quorum",
           {{"numerator", c.quorum.numerator},
            {"denominator", c.quorum.denominator},
            {"strict", c.quorum.strict},
            {"min_patient_representatives", c.quorum.min_patient_representatives}}}};
}

boost::json::object MemberJson(const Member& m) {
  boost::json::object o{{"id", m.id},
                        {"committee_id", m.committee_id},
                        {"full_name", m.full_name},
                        {"role", ToString(m.role)},
                        {"voting", m.voting},
                        {"term_start", FormatDate(m.term_start)}};
  o["term_end"] = m.term_end ? boost::json::value(FormatDate(*m.term_end)) : nullptr;
  o["end_reason"] = ToString(m.end_reason);
  o["replaces_member_id"] =
      m.replaces_member_id ? boost::json::value(*m.replaces_member_id) : nullptr;
  return o;
}

boost::json::object ProjectJson(const Project& p) {
  return {{"id", p.id},
          {"reference", p.reference},
          {"title", p.title},
          {"public_summary", p.public_summary},
          {"purpose", p.purpose},
          {"no_forbidden_use", p.no_forbidden_use},
          {"legal_basis", p.legal_basis},
          {"formality", p.formality},
          {"formality_reference", p.formality_reference},
          {"hdh_directory_number", p.hdh_directory_number},
          {"cohort_size", p.cohort_size ? boost::json::value(*p.cohort_size) : nullptr},
          {"investigator", p.investigator},
          {"organisation", p.organisation},
          {"data_domains", Strings(p.data_domains)},
          {"data_description", p.data_description},
          {"recipients", p.recipients},
          {"duration_months", p.duration_months},
          {"committee_id", p.committee_id},
          {"status", ToString(p.status)},
          {"status_changed_at", FormatRfc3339Utc(p.status_changed_at)},
          {"published_at", OptionalTime(p.published_at)},
          {"created_at", FormatRfc3339Utc(p.created_at)}};
}

boost::json::object PublicProjectJson(const PublishedProject& pp) {
  const Project& p = pp.project;
  boost::json::object o{
      {"reference", p.reference},
      {"title", p.title},
      {"summary", p.public_summary},
      {"purpose", p.purpose},
      {"purpose_label", PurposeLabel(p.purpose)},
      {"legal_basis", p.legal_basis},
      {"formality", p.formality},
      {"formality_reference", p.formality_reference},
      {"hdh_directory_number", p.hdh_directory_number},
      {"cohort_size", p.cohort_size ? boost::json::value(*p.cohort_size) : nullptr},
      {"investigator", p.investigator},
      {"organisation", p.organisation},
      {"data_domains", Strings(p.data_domains)},
      {"data_description", p.data_description},
      {"recipients", p.recipients},
      {"duration_months", p.duration_months},
      {"status", ToString(p.status)},
      {"status_label", StatusLabel(p.status)},
      {"published_at", OptionalTime(p.published_at)},
      {"committee", pp.committee_name},
      {"objection_url", "/opposition?projet=" + p.reference}};
  if (pp.opinion) {
    o["opinion"] = {{"outcome", ToString(*pp.opinion)},
                    {"label", OutcomeLabel(*pp.opinion)},
                    {"date", OptionalTime(pp.opinion_date)},
                    {"conditions", pp.opinion_conditions}};
  } else {
    o["opinion"] = nullptr;
  }
  return o;
}

boost::json::array TopicsJson(const std::vector<Topic>& topics) {
  boost::json::array out;
  for (const Topic& t : topics) {
    out.push_back(
        boost::json::object{{"id", t.id}, {"category", ToString(t.category)}, {"title", t.title}});
  }
  return out;
}

boost::json::object MeetingJson(const Meeting& m) {
  return {{"id", m.id},
          {"committee_id", m.committee_id},
          {"held_at", FormatRfc3339Utc(m.held_at)},
          {"minutes", m.minutes},
          {"agenda", Ids(m.agenda)},
          {"topics", TopicsJson(m.topics)},
          {"present", Ids(m.present)}};
}

boost::json::object DecisionJson(const DecisionRecord& d) {
  boost::json::array votes;
  for (const Vote& v : d.draft.votes) {
    votes.push_back(boost::json::object{{"member_id", v.member_id}, {"vote", ToString(v.choice)}});
  }
  boost::json::object o{
      {"id", d.id},
      {"project_id", d.draft.project_id != 0 ? boost::json::value(d.draft.project_id)
                                             : boost::json::value(nullptr)},
      {"topic_id",
       d.draft.topic_id ? boost::json::value(*d.draft.topic_id) : boost::json::value(nullptr)},
      {"public", d.draft.is_public},
      {"meeting_id", d.draft.meeting_id},
      {"outcome", ToString(d.draft.outcome)},
      {"reasons", d.draft.reasons},
      {"conditions", d.draft.conditions},
      {"votes", votes},
      {"recorded_at", FormatRfc3339Utc(d.recorded_at)},
      {"recorded_by", d.recorded_by},
      {"signed_at", OptionalTime(d.signed_at)},
      {"signed_by", d.signed_by},
      {"cosigned_at", OptionalTime(d.cosigned_at)},
      {"cosigned_by", d.cosigned_by},
      {"effective", d.Effective()}};
  o["amends_decision_id"] =
      d.draft.amends_decision_id ? boost::json::value(*d.draft.amends_decision_id) : nullptr;
  return o;
}

boost::json::object ConflictJson(const ConflictRecord& r) {
  return {{"id", r.id},
          {"member_id", r.conflict.member_id},
          {"project_id", r.conflict.project_id},
          {"description", r.conflict.description},
          {"declared_at", FormatRfc3339Utc(r.declared_at)},
          {"source", ToString(r.source)},
          {"meeting_id",
           r.meeting_id ? boost::json::value(*r.meeting_id) : boost::json::value(nullptr)},
          {"declaration_id",
           r.declaration_id ? boost::json::value(*r.declaration_id) : boost::json::value(nullptr)}};
}

boost::json::object AuthorisationJson(const Authorisation& a) {
  boost::json::array suspensions;
  for (const Interval& s : a.suspensions) {
    suspensions.push_back(
        boost::json::object{{"from", FormatRfc3339Utc(s.from)}, {"until", OptionalTime(s.until)}});
  }
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"decision_id", a.decision_id},
          {"accounts", Strings(a.accounts)},
          {"domains", Strings(a.scope.domains)},
          {"associations", Strings(a.scope.associations)},
          {"valid_from", FormatRfc3339Utc(a.valid_from)},
          {"valid_until", FormatRfc3339Utc(a.valid_until)},
          {"suspensions", suspensions},
          {"revoked_at", OptionalTime(a.revoked_at)},
          {"issued_at", FormatRfc3339Utc(a.issued_at)},
          {"issued_by", a.issued_by},
          {"confirmed_at", OptionalTime(a.confirmed_at)},
          {"confirmed_by", a.confirmed_by}};
}

std::string StatusLabel(ProjectStatus s) {
  switch (s) {
    case ProjectStatus::kSubmitted:
      return "Déposé";
    case ProjectStatus::kUnderReview:
      return "En cours d'examen";
    case ProjectStatus::kApproved:
      return "Approuvé";
    case ProjectStatus::kApprovedWithConditions:
      return "Approuvé sous conditions";
    case ProjectStatus::kRejected:
      return "Refusé";
    case ProjectStatus::kActive:
      return "En cours";
    case ProjectStatus::kSuspended:
      return "Suspendu";
    case ProjectStatus::kClosed:
      return "Terminé";
  }
  return "";
}

std::string TopicCategoryLabel(TopicCategory c) {
  switch (c) {
    case TopicCategory::kCharter:
      return "Charte";
    case TopicCategory::kAccessRules:
      return "Règles d'accès";
    case TopicCategory::kPriorities:
      return "Priorités";
    case TopicCategory::kOther:
      break;
  }
  return "Autre sujet";
}

std::string MandateEndLabel(MandateEnd e) {
  switch (e) {
    case MandateEnd::kTermExpired:
      return "terme échu";
    case MandateEnd::kResigned:
      return "démission";
    case MandateEnd::kReplaced:
      return "remplacement";
    case MandateEnd::kOther:
      return "autre raison";
    case MandateEnd::kNone:
      break;
  }
  return "";
}

std::string TopicOutcomeLabel(Outcome o) {
  switch (o) {
    case Outcome::kFavourable:
      return "Adoptée";
    case Outcome::kFavourableWithConditions:
      return "Adoptée sous réserve";
    case Outcome::kUnfavourable:
      return "Rejetée";
    case Outcome::kDeferred:
      break;
  }
  return "Ajournée";
}

std::string OutcomeLabel(Outcome o) {
  switch (o) {
    case Outcome::kFavourable:
      return "Avis favorable";
    case Outcome::kFavourableWithConditions:
      return "Avis favorable sous réserve";
    case Outcome::kUnfavourable:
      return "Avis défavorable";
    case Outcome::kDeferred:
      return "Ajourné";
  }
  return "";
}

std::string MemberRoleLabel(MemberRole r) {
  switch (r) {
    case MemberRole::kChair:
      return "Présidence";
    case MemberRole::kSecretary:
      return "Secrétariat";
    case MemberRole::kMember:
      return "Membre";
    case MemberRole::kPatientRepresentative:
      return "Représentation des patients";
    case MemberRole::kExternalExpert:
      return "Expertise extérieure";
  }
  return "";
}

std::string VoteLabel(VoteChoice v) {
  switch (v) {
    case VoteChoice::kFor:
      return "Pour";
    case VoteChoice::kAgainst:
      return "Contre";
    case VoteChoice::kAbstain:
      return "Abstention";
  }
  return "";
}

std::string FormalityLabel(const std::string& f) {
  if (f == "mr-004") return "Méthodologie de référence MR-004";
  if (f == "mr-003") return "Méthodologie de référence MR-003";
  if (f == "mr-001") return "Méthodologie de référence MR-001";
  if (f == "cnil_authorisation") return "Autorisation de la CNIL";
  return "Autre formalité";
}

std::string DomainLabel(const std::string& d) {
  if (d == "visits") return "Visites à domicile";
  if (d == "consultations") return "Consultations";
  if (d == "calls") return "Appels";
  if (d == "diagnoses") return "Diagnostics (CISP-2)";
  if (d == "prescriptions") return "Prescriptions";
  if (d == "demographics") return "Âge et sexe";
  // Domains of the OMOP CDM 5.4 tables (governance/omop.h).
  if (d == "measurements") return "Mesures et résultats d'examens";
  if (d == "observations") return "Observations cliniques";
  if (d == "notes") return "Comptes rendus (texte libre)";
  if (d == "procedures") return "Actes et dispositifs";
  if (d == "professionals") return "Professionnels de santé";
  if (d == "costs") return "Coûts et prise en charge";
  if (d == "cohorts") return "Cohortes";
  return d;
}

std::string FrenchError(const Status& st) {
  // The refusal's reason picks the sentence (http/reasons_fr.cc); the code
  // gives a generic one for refusals without a reason.
  if (std::string_view french = FrenchReason(st.reason()); !french.empty()) {
    return std::string(french);
  }
  switch (st.code()) {
    case Code::kAlreadyExists:
      return "Cet élément existe déjà (référence ou code en double).";
    case Code::kNotFound:
      return "Élément introuvable.";
    case Code::kConflict:
      return "Action impossible dans l'état actuel du dossier.";
    case Code::kInvalidArgument:
      return "Le formulaire contient une valeur invalide.";
    case Code::kPermissionDenied:
      return "Action refusée.";
    default:
      return "Le service n'a pas pu enregistrer la demande. Réessayez plus tard.";
  }
}

Result<TimePoint> ParseParisLocal(std::string_view s) {
  std::string text(s);
  if (text.size() == 10) text += "T00:00";
  if (text.size() != 16 || text[10] != 'T' || text[13] != ':') {
    return Status::InvalidArgument("date must be YYYY-MM-DDTHH:MM")
        .WithReason(governance::reason::kInvalidDate);
  }
  TimePoint naive;
  if (!ParseRfc3339(text + ":00Z", &naive)) {
    return Status::InvalidArgument("date must be YYYY-MM-DDTHH:MM")
        .WithReason(governance::reason::kInvalidDate);
  }
  // Europe/Paris is UTC+1 or UTC+2: take the offset whose rendering in Paris
  // time gives back the local time typed.
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.2s/%.2s/%.4s à %.5s", text.c_str() + 8,
                text.c_str() + 5, text.c_str(), text.c_str() + 11);
  for (int hours : {2, 1}) {
    TimePoint utc = naive - std::chrono::hours(hours);
    if (FormatParisHuman(utc) == expected) return utc;
  }
  return naive - std::chrono::hours(1);  // the skipped hour of the spring change
}

}  // namespace garant::server::gov
