// Demo data for `garantd --dev --demo`: both committees with their members,
// projects in different states, a past CSE meeting with its decisions, and
// authorisations. Written through GovernanceStore (so every record has its
// audit entry) with a manual clock set in the past, so that the meeting,
// the publications and the authorisations carry plausible past dates; the
// audit entries themselves are dated now (GovernanceStore::UseAuditClock), so
// the log's times never run backwards.
// Idempotent: does nothing once a committee exists.

#include <spdlog/spdlog.h>

#include <optional>

#include "garant/governance/store.h"
#include "garant/runtime/demo.h"
#include "garant/staff/accounts.h"

namespace garant::runtime {

using namespace garant::governance;
using namespace std::chrono_literals;

namespace {

struct Seeder {
  GovernanceStore& store;
  ManualClock& clock;
  std::string actor;

  Result<int64_t> AddMember(int64_t committee, const char* name, MemberRole role, bool voting) {
    Member m;
    m.committee_id = committee;
    m.full_name = name;
    m.role = role;
    m.voting = voting;
    m.term_start = DateOf(clock.Now() - 24h * 365);
    GARANT_ASSIGN_OR_RETURN(Member out, store.AddMember(actor, m));
    return out.id;
  }

  Result<int64_t> AddProject(int64_t committee, const char* ref, const char* title,
                             const char* summary, const char* purpose, const char* formality,
                             const char* formality_ref, const char* investigator,
                             const char* organisation, std::vector<std::string> domains,
                             const char* data_description, int months,
                             std::optional<int64_t> cohort = std::nullopt) {
    Project p;
    p.reference = ref;
    p.title = title;
    p.public_summary = summary;
    p.purpose = purpose;
    p.no_forbidden_use = true;
    p.legal_basis = "Mission d'intérêt public (RGPD art. 6.1.e et 9.2.j)";
    p.formality = formality;
    p.formality_reference = formality_ref;
    p.investigator = investigator;
    p.organisation = organisation;
    p.data_domains = std::move(domains);
    p.data_description = data_description;
    p.recipients = "Équipe de recherche désignée, sur la plateforme sécurisée de l'entrepôt";
    p.duration_months = months;
    p.committee_id = committee;
    p.cohort_size = cohort;
    GARANT_ASSIGN_OR_RETURN(Project out, store.CreateProject(actor, p));
    return out.id;
  }
};

}  // namespace

Status SeedGovernanceDemo(db::Pool& pool, audit::AuditLog& log, Random& random,
                          const Clock& audit_clock) {
  {
    GovernanceStore existing_store(pool, log, audit_clock, random);
    GARANT_ASSIGN_OR_RETURN(auto existing, existing_store.ListCommittees());
    if (!existing.empty()) return Status::Ok();
  }
  std::string actor = "service:demo-seed";
  staff::AccountStore accounts(pool, random);
  if (auto sec = accounts.Get("secretaire"); sec.ok()) actor = "staff:" + std::to_string(sec->id);

  TimePoint now = audit_clock.Now();
  ManualClock clock(now - 24h * 120);
  GovernanceStore store(pool, log, clock, random);
  store.UseAuditClock(audit_clock);  // records dated in the past, audit entries dated now
  Seeder seed{store, clock, actor};

  Committee strategic;
  strategic.code = "strategique";
  strategic.name = "Comité stratégique";
  strategic.quorum = {1, 2, true, 0};
  GARANT_ASSIGN_OR_RETURN(Committee cs, store.CreateCommittee(actor, strategic));
  Committee ethics;
  ethics.code = "cse";
  ethics.name = "Comité scientifique et éthique";
  GARANT_ASSIGN_OR_RETURN(Committee cse, store.CreateCommittee(actor, ethics));

  GARANT_RETURN_IF_ERROR(
      seed.AddMember(cs.id, "Dr Bernard Lemoine", MemberRole::kChair, true).status());
  GARANT_RETURN_IF_ERROR(
      seed.AddMember(cs.id, "Mme Claire Fontaine", MemberRole::kMember, true).status());
  GARANT_RETURN_IF_ERROR(
      seed.AddMember(cs.id, "M. Olivier Renaud", MemberRole::kPatientRepresentative, true)
          .status());

  GARANT_ASSIGN_OR_RETURN(int64_t chair,
                          seed.AddMember(cse.id, "Pr Hélène Garnier", MemberRole::kChair, true));
  GARANT_ASSIGN_OR_RETURN(int64_t secretary, seed.AddMember(cse.id, "Mme Sophie Laurent",
                                                            MemberRole::kSecretary, false));
  GARANT_ASSIGN_OR_RETURN(int64_t lefevre,
                          seed.AddMember(cse.id, "Dr Marc Lefèvre", MemberRole::kMember, true));
  GARANT_ASSIGN_OR_RETURN(int64_t benali,
                          seed.AddMember(cse.id, "Dr Nadia Benali", MemberRole::kMember, true));
  GARANT_ASSIGN_OR_RETURN(int64_t morel, seed.AddMember(cse.id, "Mme Josiane Morel",
                                                        MemberRole::kPatientRepresentative, true));
  GARANT_ASSIGN_OR_RETURN(int64_t haddad, seed.AddMember(cse.id, "M. Karim Haddad",
                                                         MemberRole::kExternalExpert, false));
  (void)secretary;

  GARANT_ASSIGN_OR_RETURN(
      int64_t flu,
      seed.AddProject(cse.id, "CONTACT-2026-001", "Épidémies hivernales et recours à SOS Médecins",
                      "Décrire l'évolution des visites à domicile pour grippe, bronchiolite et "
                      "COVID-19 pendant les hivers 2022 à 2025, par classe d'âge et par région.",
                      "research", "mr-004", "Déclaration MR-004 n° 2226001", "Pr Élise Moreau",
                      "Université Paris Cité", {"visits", "diagnoses", "demographics"},
                      "Visites de 2022 à 2025, toutes associations", 24, 180000));
  GARANT_ASSIGN_OR_RETURN(
      int64_t asthma,
      seed.AddProject(cse.id, "CONTACT-2026-002", "Faisabilité d'un essai sur l'asthme de l'enfant",
                      "Compter les enfants de 6 à 12 ans vus pour une crise d'asthme, afin "
                      "d'estimer le nombre de participants possibles à un futur essai.",
                      "feasibility", "mr-004", "Déclaration MR-004 n° 2226002", "Dr Thomas Girard",
                      "CHU de Lyon", {"visits", "diagnoses"},
                      "Consultations 2024-2025, associations de la région lyonnaise", 6, 2400));
  GARANT_ASSIGN_OR_RETURN(
      int64_t ranking,
      seed.AddProject(cse.id, "CONTACT-2026-003", "Classement des médecins par volume d'actes",
                      "Comparer l'activité individuelle des médecins des associations.",
                      "indicators", "other", "", "M. Julien Perrin", "Cabinet Perrin Conseil",
                      {"visits"}, "Toutes les visites depuis 2020", 12));
  GARANT_ASSIGN_OR_RETURN(
      int64_t heat,
      seed.AddProject(cse.id, "CONTACT-2026-005", "Canicules et personnes âgées à domicile",
                      "Mesurer l'effet des épisodes de canicule sur les appels et visites pour "
                      "les personnes de plus de 75 ans.",
                      "research", "mr-004", "Déclaration MR-004 n° 2226005", "Dr Anaïs Roussel",
                      "Santé publique France", {"calls", "visits", "demographics"},
                      "Étés 2019 à 2025", 18, 95000));
  GARANT_RETURN_IF_ERROR(
      seed.AddProject(cse.id, "CONTACT-2026-004",
                      "Douleurs thoraciques et orientation aux urgences",
                      "Étudier l'orientation des patients vus à domicile pour une douleur "
                      "thoracique : maintien à domicile, adressage aux urgences, appel au SAMU.",
                      "research", "mr-004", "Déclaration MR-004 n° 2226004", "Dr Lucas Mercier",
                      "Université de Bordeaux", {"visits", "diagnoses", "prescriptions"},
                      "Visites 2023-2025", 24)
          .status());

  // Conflict declared before the meeting: Dr Benali advises the consultancy.
  GARANT_RETURN_IF_ERROR(
      store.DeclareConflict(actor, {benali, ranking, "Missions de conseil pour le demandeur"})
          .status());

  // The CSE meeting, 90 days ago.
  TimePoint held = std::chrono::floor<std::chrono::days>(now - 24h * 90) + 13h;
  clock.Set(held + 3h);
  Meeting m;
  m.committee_id = cse.id;
  m.held_at = held;
  m.minutes = "Séance ordinaire du comité scientifique et éthique. Quatre projets examinés.";
  m.agenda = {flu, asthma, ranking, heat};
  m.present = {chair, lefevre, benali, morel, haddad};
  GARANT_ASSIGN_OR_RETURN(Meeting meeting, store.RecordMeeting(actor, m));

  auto decide = [&](int64_t project, Outcome o, const char* reasons, const char* conditions,
                    std::vector<Vote> votes) -> Result<DecisionRecord> {
    DecisionDraft d;
    d.project_id = project;
    d.meeting_id = meeting.id;
    d.outcome = o;
    d.reasons = reasons;
    d.conditions = conditions;
    d.votes = std::move(votes);
    return store.RecordDecision(actor, d, true);
  };
  using V = VoteChoice;
  GARANT_ASSIGN_OR_RETURN(
      DecisionRecord flu_d,
      decide(flu, Outcome::kFavourable,
             "Intérêt de santé publique établi ; données pseudonymisées et agrégées ; "
             "minimisation respectée.",
             "", {{chair, V::kFor}, {lefevre, V::kFor}, {benali, V::kFor}, {morel, V::kFor}}));
  GARANT_RETURN_IF_ERROR(
      decide(asthma, Outcome::kFavourableWithConditions,
             "Étude de faisabilité utile ; seuls des effectifs agrégés sont nécessaires.",
             "Aucune donnée individuelle ne sort de l'entrepôt ; effectifs inférieurs à 10 "
             "masqués.",
             {{chair, V::kFor}, {lefevre, V::kFor}, {benali, V::kAbstain}, {morel, V::kFor}})
          .status());
  GARANT_RETURN_IF_ERROR(
      decide(ranking, Outcome::kUnfavourable,
             "Finalité d'évaluation individuelle des professionnels sans intérêt public ; "
             "risque de réidentification des médecins.",
             "", {{chair, V::kAgainst}, {lefevre, V::kAgainst}, {morel, V::kAgainst}})
          .status());
  GARANT_ASSIGN_OR_RETURN(
      DecisionRecord heat_d,
      decide(heat, Outcome::kFavourable,
             "Enjeu de santé publique majeur ; protocole solide ; partenaire public.", "",
             {{chair, V::kFor}, {lefevre, V::kFor}, {benali, V::kFor}, {morel, V::kFor}}));

  // Authorisations from the publication plus the delay, then activation.
  GARANT_ASSIGN_OR_RETURN(int delay, store.PublicationDelayDays());
  TimePoint start = std::chrono::floor<std::chrono::days>(held + 3h + 24h * delay) + 24h;
  clock.Set(start);
  for (auto [project, decision, accounts] :
       {std::tuple{flu, flu_d.id, std::vector<std::string>{"chercheur.moreau", "biostat.leroy"}},
        std::tuple{heat, heat_d.id, std::vector<std::string>{"analyste.roussel"}}}) {
    Authorisation a;
    a.project_id = project;
    a.decision_id = decision;
    a.accounts = accounts;
    a.scope.domains = project == flu
                          ? std::vector<std::string>{"visits", "diagnoses", "demographics"}
                          : std::vector<std::string>{"calls", "visits", "demographics"};
    a.valid_from = start;
    a.valid_until = start + 24h * 365;
    GARANT_RETURN_IF_ERROR(store.CreateAuthorisation(actor, a).status());
    GARANT_RETURN_IF_ERROR(
        store.TransitionProject(actor, project, ProjectStatus::kActive, "Démarrage").status());
  }
  // The heatwave project was suspended ten days ago (pending an audit).
  clock.Set(now - 24h * 10);
  GARANT_RETURN_IF_ERROR(store
                             .TransitionProject(actor, heat, ProjectStatus::kSuspended,
                                                "Suspension dans l'attente d'un audit de "
                                                "sécurité du partenaire")
                             .status());
  spdlog::info("governance demo data seeded");
  return Status::Ok();
}

}  // namespace garant::runtime
