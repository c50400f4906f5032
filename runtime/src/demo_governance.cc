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

#include "garant/core/paris_time.h"
#include "garant/governance/portal.h"
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
  // The second signatory of every decision and authorisation (two-person
  // rule): the second demo secretary.
  std::string cosigner = "service:demo-seed-cosigner";
  staff::AccountStore accounts(pool, random);
  if (auto sec = accounts.Get("secretaire"); sec.ok()) actor = "staff:" + std::to_string(sec->id);
  if (auto sec = accounts.Get("secretaire2"); sec.ok()) {
    cosigner = "staff:" + std::to_string(sec->id);
  }

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

  GARANT_ASSIGN_OR_RETURN(int64_t lemoine,
                          seed.AddMember(cs.id, "Dr Bernard Lemoine", MemberRole::kChair, true));
  GARANT_ASSIGN_OR_RETURN(int64_t fontaine,
                          seed.AddMember(cs.id, "Mme Claire Fontaine", MemberRole::kMember, true));
  GARANT_ASSIGN_OR_RETURN(int64_t renaud, seed.AddMember(cs.id, "M. Olivier Renaud",
                                                         MemberRole::kPatientRepresentative, true));
  // Replaced a hundred days ago (below): the history keeps him.
  GARANT_ASSIGN_OR_RETURN(int64_t vidal,
                          seed.AddMember(cs.id, "M. Paul Vidal", MemberRole::kMember, true));

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

  // Declarations of interest of the year (public summaries on
  // /projets/comites): Dr Benali's names the consultancy, which confirms
  // her conflict on CONTACT-2026-003 (recused at the meeting below).
  auto declare = [&](int64_t member, const char* summary,
                     std::vector<std::string> organisations) -> Status {
    InterestDeclaration d;
    d.member_id = member;
    d.signed_on = DateOf(clock.Now());
    d.year = static_cast<int>(std::chrono::year_month_day(d.signed_on).year());
    d.public_summary = summary;
    d.organisations = std::move(organisations);
    return store.RecordDeclaration(actor, d).status();
  };
  GARANT_RETURN_IF_ERROR(declare(chair,
                                 "Aucun lien d'intérêts avec l'industrie ni avec un "
                                 "demandeur.",
                                 {}));
  GARANT_RETURN_IF_ERROR(declare(benali,
                                 "Missions de conseil ponctuelles pour un cabinet d'études "
                                 "(Cabinet Perrin Conseil).",
                                 {"Cabinet Perrin Conseil"}));
  GARANT_RETURN_IF_ERROR(declare(lefevre,
                                 "Investigateur d'essais cliniques financés par un "
                                 "laboratoire pharmaceutique (2024-2025).",
                                 {"Laboratoire Santé Plus"}));
  GARANT_RETURN_IF_ERROR(
      declare(morel, "Bénévole d'une association de patients asthmatiques.", {}));

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
    GARANT_ASSIGN_OR_RETURN(DecisionRecord rec, store.RecordDecision(actor, d, true));
    return store.CosignDecision(cosigner, rec.id);
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

  // The directory fields of the published projects (sql/0031), written the
  // day after the meeting, as the secretary would from the applications.
  clock.Set(held + 24h);
  const Date study_start = DateOf(held + 24h * 40);
  auto months = [](Date d, int n) {
    auto ymd = std::chrono::year_month_day(d) + std::chrono::months(n);
    return ymd.ok() ? Date(ymd) : Date(ymd.year() / ymd.month() / std::chrono::last);
  };
  PortalFields flu_fields;
  flu_fields.funders = {{"Agence nationale de la recherche (ANR)", FunderKind::kPublic, 180000},
                        {"Université Paris Cité", FunderKind::kPublic, std::nullopt}};
  flu_fields.start = study_start;
  flu_fields.end = months(study_start, 24);
  flu_fields.milestones = {{months(study_start, 12), "Rapport intermédiaire au comité"},
                           {months(study_start, 22), "Fin des analyses et rapport final"}};
  flu_fields.sources = {
      "Entrepôt CONTACT : visites, diagnostics et données démographiques "
      "(hivers 2022 à 2025)",
      "Indicateurs de surveillance de Santé publique France (agrégés)"};
  flu_fields.sensitive = {"health"};
  flu_fields.sensitive_details =
      "Diagnostics codés des visites ; aucune donnée directement "
      "identifiante n'est transmise à l'équipe.";
  flu_fields.platform = PortalPlatform::kContact;
  flu_fields.hds_hosting = true;
  flu_fields.notice =
      "Ce projet étudie les visites à domicile de SOS Médecins pendant les épidémies "
      "hivernales de grippe, de bronchiolite et de COVID-19, de 2022 à 2025.\n\n"
      "Les données utilisées sont celles de l'entrepôt CONTACT, pseudonymisées : l'équipe "
      "de l'Université Paris Cité n'a jamais accès à votre nom, à votre adresse ni à votre "
      "numéro de sécurité sociale. Les résultats sont publiés sous forme de statistiques.\n\n"
      "Vous pouvez vous opposer à l'utilisation de vos données pour ce projet, sans avoir à "
      "vous justifier, depuis cette page ou auprès du délégué à la protection des données.";
  GARANT_RETURN_IF_ERROR(store.PublishPortalFields(actor, flu, flu_fields).status());
  PortalFields heat_fields;
  heat_fields.funders = {{"Santé publique France", FunderKind::kPublic, 95000}};
  heat_fields.start = study_start;
  heat_fields.end = months(study_start, 18);
  heat_fields.milestones = {{months(study_start, 9), "Analyse de l'été 2025"}};
  heat_fields.sources = {"Entrepôt CONTACT : appels et visites des étés 2019 à 2025",
                         "SNDS : consommation de soins (DCIR) et hospitalisations (PMSI)",
                         "Météo-France : températures quotidiennes par commune"};
  heat_fields.linkage = Linkage::kLinked;
  heat_fields.linkage_bases = "Système national des données de santé (SNDS)";
  heat_fields.linkage_method =
      "Appariement indirect par la Caisse nationale de l'Assurance maladie, tiers de "
      "confiance : l'équipe de recherche ne reçoit jamais le NIR.";
  heat_fields.sensitive = {"health", "nir", "fine_location"};
  heat_fields.sensitive_details =
      "Le NIR n'est traité que par le tiers de confiance pour l'appariement. La commune de "
      "résidence sert à estimer l'exposition à la chaleur.";
  heat_fields.platform = PortalPlatform::kHealthDataHub;
  heat_fields.hds_hosting = true;
  heat_fields.notice =
      "Santé publique France mesure l'effet des canicules sur les personnes de plus de 75 ans "
      "vivant à domicile, à partir des appels et visites de SOS Médecins et de leurs "
      "hospitalisations.\n\nVous pouvez vous opposer à ce projet à tout moment.";
  GARANT_RETURN_IF_ERROR(store.PublishPortalFields(actor, heat, heat_fields).status());
  PortalFields asthma_fields;
  asthma_fields.funders = {
      {"Hospices civils de Lyon (appel d'offres interne)", FunderKind::kPublic, 12000},
      {"Association Asthme & Allergies", FunderKind::kPrivate, std::nullopt}};
  asthma_fields.start = study_start;
  asthma_fields.end = months(study_start, 6);
  asthma_fields.sources = {"Entrepôt CONTACT : consultations 2024-2025 de la région lyonnaise"};
  asthma_fields.sensitive = {"health"};
  asthma_fields.platform = PortalPlatform::kContact;
  asthma_fields.hds_hosting = true;
  GARANT_RETURN_IF_ERROR(store.PublishPortalFields(actor, asthma, asthma_fields).status());

  // Authorisations from the publication plus the delay, then activation:
  // from midnight (Paris time, as the console records a day typed by a
  // secretary) of the Paris day after the delay ends, for 365 days.
  GARANT_ASSIGN_OR_RETURN(int delay, store.PublicationDelayDays());
  const std::chrono::sys_days first_day =
      std::chrono::floor<std::chrono::days>(ParisWallClock(held + 3h + 24h * delay)) +
      std::chrono::days(1);
  const TimePoint start = ParisDayStart(first_day);
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
    a.valid_until = ParisDayStart(first_day + std::chrono::days(365));
    GARANT_ASSIGN_OR_RETURN(Authorisation issued, store.CreateAuthorisation(actor, a));
    GARANT_RETURN_IF_ERROR(store.ConfirmAuthorisation(cosigner, issued.id).status());
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
  // The Comité stratégique: M. Vidal replaced by Mme Marchand a hundred days
  // ago, then a meeting 45 days ago that adopted the access charter (public)
  // and the year's priorities (public), and an internal rule (not public).
  clock.Set(now - 24h * 100);
  Member marchand_m;
  marchand_m.full_name = "Mme Léa Marchand";
  marchand_m.role = MemberRole::kMember;
  marchand_m.voting = true;
  marchand_m.term_start = DateOf(clock.Now());
  GARANT_ASSIGN_OR_RETURN(Member marchand,
                          store.ReplaceMember(actor, vidal, marchand_m,
                                              "Fin de mandat de M. Vidal (changement de poste)"));
  TimePoint cs_held = std::chrono::floor<std::chrono::days>(now - 24h * 45) + 9h;
  clock.Set(cs_held + 2h);
  Meeting sm;
  sm.committee_id = cs.id;
  sm.held_at = cs_held;
  sm.minutes =
      "Séance du comité stratégique. Adoption de la charte d'accès et des priorités de "
      "l'année ; règle interne sur les comptes de service.";
  sm.topics = {{0, 0, TopicCategory::kCharter, "Charte d'accès à l'entrepôt CONTACT, version 2"},
               {0, 0, TopicCategory::kPriorities, "Priorités d'étude pour l'année"},
               {0, 0, TopicCategory::kAccessRules, "Comptes de service des prestataires"}};
  sm.present = {lemoine, fontaine, renaud, marchand.id};
  GARANT_ASSIGN_OR_RETURN(Meeting strategic_meeting, store.RecordMeeting(actor, sm));
  auto adopt = [&](size_t topic, Outcome o, const char* text, const char* conditions,
                   bool is_public) -> Status {
    DecisionDraft d;
    d.topic_id = strategic_meeting.topics.at(topic).id;
    d.meeting_id = strategic_meeting.id;
    d.outcome = o;
    d.reasons = text;
    d.conditions = conditions;
    d.is_public = is_public;
    d.votes = {{lemoine, V::kFor}, {fontaine, V::kFor}, {renaud, V::kFor}, {marchand.id, V::kFor}};
    GARANT_ASSIGN_OR_RETURN(DecisionRecord rec, store.RecordDecision(actor, d, true));
    return store.CosignDecision(cosigner, rec.id).status();
  };
  GARANT_RETURN_IF_ERROR(adopt(0, Outcome::kFavourable,
                               "La charte d'accès version 2 est adoptée : accès nominatif, "
                               "pseudonymisation à l'entrée, traçabilité de chaque requête, "
                               "revue annuelle des habilitations.",
                               "", true));
  GARANT_RETURN_IF_ERROR(adopt(1, Outcome::kFavourableWithConditions,
                               "Priorités : épidémies saisonnières, soins non programmés des "
                               "personnes âgées, santé de l'enfant.",
                               "Bilan présenté au comité à mi-année.", true));
  GARANT_RETURN_IF_ERROR(adopt(2, Outcome::kFavourable,
                               "Les comptes de service des prestataires expirent après 90 jours "
                               "et sont renouvelés par le responsable de l'entrepôt.",
                               "", false));
  // Later changes of the flu study's fields: the end moved (calendar), then
  // a first result, so the portal's history shows three versions.
  clock.Set(now - 24h * 8);
  flu_fields.end = months(study_start, 27);
  flu_fields.milestones.push_back({months(study_start, 26), "Publication des résultats"});
  GARANT_RETURN_IF_ERROR(store.PublishPortalFields(actor, flu, flu_fields).status());
  clock.Set(now - 24h * 3);
  GARANT_RETURN_IF_ERROR(
      store
          .AddPortalResult(actor, flu,
                           {.title = "Recours à SOS Médecins pendant les épidémies hivernales : "
                                     "résultats préliminaires (communication orale)",
                            .date = DateOf(now - 24h * 5),
                            .url = "https://recherche.contact-entrepot.example/2026/hivers"})
          .status());
  spdlog::info("governance demo data seeded");
  return Status::Ok();
}

}  // namespace garant::runtime
