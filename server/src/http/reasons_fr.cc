#include "http/reasons_fr.h"

namespace garant::server {
namespace {

// Keyed by slug; never by message. Sentences end with a full stop.
constexpr FrenchReasonText kTable[] = {
    // ---- governance: project status machine ----
    {"transition_not_allowed", "Ce changement de statut n'est pas autorisé."},
    {"status_set_by_decision", "Ce changement de statut n'est pas autorisé."},
    {"project_not_published", "Le projet n'est pas encore publié sur le portail."},
    // ---- governance: projects ----
    {"forbidden_purpose",
     "Cette finalité est interdite (promotion de produits de santé, "
     "assurance)."},
    {"unknown_purpose", "Finalité inconnue."},
    {"forbidden_use_not_declared",
     "Le demandeur doit attester que les données ne serviront pas à une "
     "finalité interdite."},
    {"invalid_reference",
     "La référence doit comporter 3 à 32 caractères : lettres "
     "majuscules, chiffres et tirets."},
    {"unknown_formality", "Formalité inconnue."},
    {"data_domain_count", "Indiquez de 1 à 50 domaines de données."},
    {"invalid_data_domain", "Un domaine de données est invalide."},
    {"invalid_duration", "La durée doit être comprise entre 1 et 240 mois."},
    // ---- governance: committees and members ----
    {"invalid_quorum_fraction",
     "Le quorum est invalide : le numérateur doit être compris entre 0 et le "
     "dénominateur."},
    {"invalid_patient_minimum",
     "Le nombre minimal de représentants des patients doit être compris entre 0 et 100."},
    {"invalid_term", "La fin du mandat ne peut pas précéder son début."},
    {"invalid_date", "Date invalide : écrivez-la JJ/MM/AAAA."},
    // ---- governance: meetings ----
    {"agenda_empty", "L'ordre du jour doit comporter au moins un projet."},
    {"duplicate_agenda_or_attendee", "Un projet ou un membre est indiqué deux fois."},
    {"attendee_not_member", "Une personne présente n'est pas membre de ce comité."},
    {"agenda_project_not_in_committee",
     "Un projet de l'ordre du jour est inconnu ou relève d'un autre "
     "comité."},
    // ---- governance: decisions ----
    {"reasons_required", "La motivation de la décision est obligatoire."},
    {"conditions_required", "Un avis favorable sous réserve doit énoncer ses conditions."},
    {"conditions_not_allowed", "Les conditions ne concernent qu'un avis favorable sous réserve."},
    {"project_not_on_agenda", "Ce projet n'est pas à l'ordre du jour de la séance."},
    {"quorum_not_met", "Le quorum n'est pas atteint : la décision ne peut pas être prise."},
    {"unknown_member", "Un votant n'est pas membre de ce comité."},
    {"duplicate_vote", "Un membre ne peut voter qu'une fois."},
    {"absent_member", "Seuls les membres présents à la séance peuvent voter."},
    {"non_voting_member", "Ce membre n'a pas voix délibérative."},
    {"member_not_in_office", "Ce membre n'était pas en fonction à la date de la séance."},
    {"conflicted_member",
     "Un membre ayant déclaré un conflit d'intérêts sur ce projet ne peut pas voter."},
    {"outcome_contradicts_votes",
     "L'avis est contredit par les votes (plus de votes contre "
     "que pour)."},
    {"committee_not_reviewing", "Ce projet ne relève pas du comité de cette séance."},
    {"meeting_not_held",
     "La séance n'a pas encore eu lieu : la décision s'enregistre "
     "après la séance."},
    {"project_not_under_review",
     "Ce projet a déjà reçu un avis : une nouvelle décision doit modifier la précédente."},
    {"decision_already_signed",
     "Cette décision est déjà signée : elle ne peut plus être modifiée ni abandonnée ; une erreur "
     "se corrige par une nouvelle décision qui la modifie."},
    {"discard_reason_required",
     "Indiquez pourquoi ce brouillon est abandonné (2000 caractères au plus)."},
    {"decision_referenced",
     "Une autre décision ou une autorisation renvoie à ce brouillon : il ne peut pas être "
     "abandonné."},
    {"decision_already_amended",
     "Cette décision a déjà été modifiée : modifiez la décision "
     "la plus récente."},
    {"amendment_other_project",
     "Une décision modificative concerne le même projet que la décision qu'elle modifie."},
    {"amended_decision_unsigned",
     "Seule une décision signée peut être modifiée ; une décision non signée "
     "s'enregistre à nouveau."},
    // ---- governance: decisions not about a project ----
    {"decision_subject_required",
     "Une décision porte sur un projet ou sur un sujet de l'ordre du jour, et sur un seul."},
    {"topic_not_on_agenda", "Ce sujet n'est pas inscrit à l'ordre du jour de cette séance."},
    {"invalid_topic",
     "Chaque sujet de l'ordre du jour a une nature (charte, règles d'accès, priorités, autre) "
     "et un intitulé de 1 à 300 caractères."},
    {"amendment_other_subject",
     "Une décision sur un sujet ne peut modifier qu'une décision sur un sujet de même nature "
     "(une charte modifie une charte)."},
    // ---- governance: end of a mandate ----
    {"invalid_mandate_end",
     "Indiquez pourquoi le mandat prend fin : terme échu, démission, remplacement ou autre "
     "motif."},
    {"replacement_starts_too_early",
     "Le mandat du remplaçant commence après le début du mandat du membre qu'il remplace."},
    {"invalid_declaration",
     "La déclaration d'intérêts indique une année (2000 à 2100), une date de signature qui "
     "n'est pas dans le futur, un résumé public (1 à 2000 caractères) et des organismes d'au "
     "plus 200 caractères chacun, sans virgule."},
    // ---- governance: separation of duties (two-person rule) ----
    {"same_signatory",
     "La seconde signature doit venir d'un autre compte : vous ne pouvez pas "
     "cosigner ou confirmer un acte que vous avez vous-même enregistré ou signé."},
    {"decision_already_cosigned", "Cette décision est déjà cosignée."},
    {"decision_not_cosigned",
     "Cette décision attend encore sa cosignature : elle ne produit aucun effet "
     "avant d'être cosignée."},
    {"authorisation_already_confirmed", "Cette autorisation est déjà confirmée."},
    // ---- governance: authorisations ----
    {"formality_missing",
     "Le projet doit indiquer le numéro de sa formalité (déclaration "
     "MR-004, autorisation de la CNIL) avant toute autorisation."},
    {"account_required", "Nommez au moins un compte autorisé."},
    {"domain_required", "Indiquez au moins un domaine de données."},
    {"invalid_identifier",
     "Identifiant invalide : utilisez 1 à 128 lettres, chiffres ou caractères « . _ @ : - »."},
    {"invalid_validity_period", "La date de fin doit suivre la date de début."},
    {"decision_not_favourable",
     "Aucune autorisation ne peut découler d'un avis non "
     "favorable."},
    {"before_publication_delay",
     "L'autorisation ne peut pas commencer avant la fin du délai "
     "qui suit la publication du projet sur le portail."},
    {"decision_other_project", "Cette décision concerne un autre projet."},
    {"decision_not_signed", "Cette décision n'est pas encore signée."},
    {"decision_amended",
     "Cette décision a été modifiée : utilisez la décision qui la "
     "modifie."},
    {"project_status_no_authorisation",
     "Le statut du projet ne permet pas de délivrer une autorisation."},
    {"authorisation_revoked", "Cette autorisation est révoquée."},
    {"authorisation_already_suspended", "Cette autorisation est déjà suspendue."},
    {"authorisation_not_suspended", "Cette autorisation n'est pas suspendue."},
    {"authorisation_already_revoked", "Cette autorisation est déjà révoquée."},
    {"project_suspended", "Le projet est suspendu : ses autorisations reprendront avec lui."},
    // ---- audit: events reported by services, garant's own entries ----
    {"reserved_event_type",
     "Ce type d'événement est réservé à garant : un service ne peut pas le déclarer."},
    {"event_time_in_future",
     "La date de l'événement est plus de 5 minutes en avance sur l'horloge de garant."},
    {"access_check_not_recorded",
     "La vérification d'accès n'a pas pu être enregistrée dans le journal d'audit : "
     "l'accès n'est pas accordé, réessayez plus tard."},
    // ---- access: trail exports (GET /api/v1/audit/trail) ----
    {"trail_one_key",
     "Indiquez exactement un critère : un jeton de personne, un compte ou un projet."},
    {"trail_bad_time",
     "Date invalide : utilisez le format RFC 3339, par exemple 2026-11-28T00:00:00Z."},
    {"trail_bad_token",
     "Le jeton de personne doit comporter 64 caractères hexadécimaux minuscules."},
    {"trail_bad_account",
     "Le compte doit comporter de 1 à 128 caractères : lettres, chiffres, « . _ @ : - »."},
    {"trail_bad_project",
     "La référence du projet doit comporter 3 à 32 caractères : lettres majuscules, chiffres et "
     "tirets."},
    {"trail_bad_period", "Le début de la période doit précéder sa fin."},
    {"trail_bad_format", "Format inconnu : choisissez csv, csv-proofs, jsonl ou fhir."},
    {"trail_bad_separator",
     "Le séparateur (sep) vaut comma ou semicolon, et ne s'applique qu'au format CSV."},
    {"trail_bad_checkpoint", "Le point de contrôle s'indique par sa taille (un entier)."},
    {"trail_unknown_checkpoint", "Aucun point de contrôle signé n'a cette taille."},
    {"trail_no_checkpoint",
     "Aucun point de contrôle n'est encore signé : réessayez dans un instant."},
    // ---- governance: corrections (history kept) ----
    {"correction_unchanged", "Le nouveau texte est identique à l'actuel : rien n'a été corrigé."},
    {"invalid_hdh_number",
     "Le numéro du répertoire du Health Data Hub comporte au plus 64 caractères : lettres, "
     "chiffres, espaces et « . - _ / »."},
    {"invalid_summary", "Le résumé public comporte de 1 à 5 000 caractères."},
    // ---- governance: directory fields of the portal (sql/0031) ----
    {"portal_unknown_field",
     "Le formulaire contient un champ ou une catégorie inconnus : rien n'a été publié."},
    {"portal_text_too_long",
     "Un texte est trop long : 200 caractères pour un nom ou un libellé, 500 pour le titre "
     "d'un résultat ou le motif d'une correction, 2 000 pour une description, 20 000 pour la "
     "notice d'information."},
    {"portal_invalid_date",
     "Une date est invalide : saisissez-la au format JJ/MM/AAAA, entre 2000 et 2100 ; la fin "
     "de l'étude ne peut précéder son début."},
    {"portal_invalid_url",
     "L'adresse du résultat doit commencer par https:// ou http:// et ne contenir aucune "
     "espace ; un DOI s'écrit sous la forme 10.1234/suffixe."},
    {"portal_invalid_value",
     "Une valeur est manquante ou invalide : chaque ligne remplie a un nom, un appariement "
     "indique les bases et la méthode, une autre plateforme est nommée, un montant est un "
     "nombre entier d'euros."},
    {"portal_unchanged", "Aucune modification : la fiche publiée est déjà identique."},
    {"portal_result_withdrawn",
     "Ce résultat a été retiré du portail : il ne peut plus être corrigé. Ajoutez au besoin "
     "un nouveau résultat."},
    {"results_before_approval",
     "Les résultats et publications s'ajoutent une fois le projet approuvé par le comité."},
    {"invalid_cohort_size",
     "L'effectif prévu est un nombre entier de personnes, de 1 à 100 000 000 (laissez le champ "
     "vide s'il n'est pas connu)."},
    // ---- staff: accounts, password policy, sessions (garant/staff/reasons.h) ----
    {"invalid_username",
     "L'identifiant doit comporter 2 à 64 caractères : minuscules, chiffres, '.', '_' ou '-'."},
    {"unknown_staff_role", "Rôle inconnu : admin, dpo, secretary ou auditor."},
    {"invalid_display_name", "Le nom affiché doit comporter 1 à 200 caractères."},
    {"username_taken", "Cet identifiant existe déjà."},
    {"wrong_credentials", "Identifiant ou mot de passe incorrect."},
    {"password_invalid_characters", "Le mot de passe contient des caractères invalides."},
    {"password_too_short", "Le mot de passe doit comporter au moins 12 caractères."},
    {"password_too_long", "Le mot de passe ne doit pas dépasser 256 caractères."},
    {"password_single_character", "Le mot de passe ne peut pas répéter un seul caractère."},
    {"password_equals_username", "Le mot de passe doit être différent de l'identifiant."},
    {"password_common",
     "Ce mot de passe figure dans la liste des mots de passe les plus courants : choisissez-en "
     "un autre."},
    {"wrong_current_password", "Le mot de passe actuel est incorrect."},
    {"second_factor_required",
     "Saisissez le code à 6 chiffres de votre application d'authentification (ou un code de "
     "secours)."},
    {"wrong_second_factor",
     "Code de vérification incorrect, expiré ou déjà utilisé. Attendez le code suivant de votre "
     "application et réessayez."},
    {"second_factor_enrolment_required",
     "Votre rôle exige la double authentification : connectez-vous par la page de connexion "
     "pour l'activer."},
    {"totp_already_enrolled", "La double authentification est déjà activée sur ce compte."},
    {"login_not_recorded",
     "La connexion n'a pas pu être enregistrée dans le journal d'audit : elle est refusée. "
     "Réessayez dans quelques minutes."},
    {"logout_not_recorded",
     "La déconnexion n'a pas pu être enregistrée dans le journal d'audit : votre session reste "
     "ouverte. Réessayez dans quelques minutes."},
    // ---- consent: identity fields (garant/consent/identity.h); {name} = an argument ----
    {"birth_name_missing", "Indiquez le nom de naissance."},
    {"birth_name_invalid_utf8", "Le nom de naissance contient des caractères non valides."},
    {"birth_name_too_long", "Le nom de naissance ne doit pas dépasser 100 caractères."},
    {"birth_name_no_latin_letter",
     "Le nom de naissance doit contenir au moins une lettre de l'alphabet latin (A à Z, accents "
     "admis)."},
    {"used_name_invalid_utf8", "Le nom d'usage contient des caractères non valides."},
    {"used_name_too_long", "Le nom d'usage ne doit pas dépasser 100 caractères."},
    {"used_name_no_latin_letter",
     "Le nom d'usage doit contenir au moins une lettre de l'alphabet latin (A à Z, accents "
     "admis)."},
    {"first_given_name_invalid_utf8", "Le premier prénom contient des caractères non valides."},
    {"first_given_name_too_long", "Le premier prénom ne doit pas dépasser 100 caractères."},
    {"first_given_name_no_latin_letter",
     "Le premier prénom doit contenir au moins une lettre de l'alphabet latin (A à Z, accents "
     "admis)."},
    {"given_names_missing", "Indiquez au moins un prénom."},
    {"given_names_invalid_utf8", "Les prénoms contiennent des caractères non valides."},
    {"birth_date_format",
     "Indiquez la date de naissance sous la forme JJ/MM/AAAA, par exemple 14/03/1985 (00 pour un "
     "jour ou un mois inconnu)."},
    {"birth_year_out_of_range",
     "L'année de naissance doit être comprise entre {min_year} et {max_year}."},
    {"birth_month_out_of_range",
     "Le mois de naissance doit être compris entre 01 et 12 (00 s'il est inconnu)."},
    {"birth_day_out_of_range",
     "Cette date n'existe pas : le jour doit être compris entre 01 et {max_day} (00 s'il est "
     "inconnu)."},
    {"sex_invalid", "Indiquez le sexe."},
    {"ins_invalid_characters",
     "Le numéro de sécurité sociale ne doit contenir que des chiffres (2A ou 2B pour une "
     "naissance en Corse)."},
    {"ins_length",
     "Le numéro de sécurité sociale comporte 15 chiffres : les 13 du numéro et les 2 de la clé."},
    {"ins_key_mismatch",
     "La clé (les 2 derniers chiffres) ne correspond pas au numéro de sécurité sociale : "
     "vérifiez la saisie."},
    // ---- consent: objections (garant/consent/objection.h, objection_store.h) ----
    {"given_names_too_long", "La liste des prénoms est trop longue (300 caractères au plus)."},
    {"birth_place_too_long", "Le lieu de naissance est trop long."},
    {"scope_invalid", "Choisissez « tout CONTACT » ou un projet existant."},
    {"contact_too_long", "L'adresse de contact est trop longue (500 caractères au plus)."},
    {"contact_invalid_characters", "L'adresse de contact contient des caractères non valides."},
    {"web_channel_by_staff",
     "Une opposition saisie par l'équipe ne peut pas avoir le canal « formulaire en ligne »."},
    {"staff_channel_without_account",
     "Une opposition reçue par courrier, téléphone ou en personne est saisie par l'équipe."},
    {"received_in_future", "La date de réception ne peut pas être dans le futur."},
    {"received_over_a_year_ago", "La date de réception remonte à plus d'un an."},
    {"requester_for_subject",
     "Un professionnel de santé s'oppose pour lui-même ; un patient, un parent ou un tuteur "
     "utilise le formulaire des patients."},
    // ---- consent: health professionals (garant/consent/rpps.h) ----
    {"rpps_required", "Indiquez votre numéro RPPS."},
    {"rpps_not_digits",
     "Le numéro RPPS ne contient que des chiffres (les espaces entre les groupes sont "
     "acceptés)."},
    {"rpps_length", "Le numéro RPPS comporte exactement 11 chiffres."},
    {"proof_not_yet_signed",
     "La preuve n'est pas encore disponible : le journal d'audit est signé toutes les quelques "
     "secondes. Réessayez dans un instant."},
    // ---- the objection forms (server/src/objections/forms.h) ----
    {"requester_invalid", "Indiquez qui fait la demande."},
    {"scope_choice_staff",
     "Choisissez tout l'entrepôt, ou un projet et sa référence (lettres, chiffres, « . », « _ », "
     "« - »)."},
    {"scope_choice_public", "Choisissez entre tout l'entrepôt et le projet indiqué."},
    {"channel_invalid", "Choisissez le canal de réception : courrier, téléphone ou en personne."},
    {"received_date_format",
     "Indiquez la date de réception sous la forme JJ/MM/AAAA, par exemple 02/12/2026."},
    // ---- the objection forms sent twice (garant/consent/idempotency.h,
    // server/src/objections/submission.h) ----
    {"idempotency_key_invalid",
     "Ce formulaire n'a pas pu être identifié : rien n'a été enregistré. Ouvrez de nouveau le "
     "formulaire, puis saisissez de nouveau votre demande."},
    {"idempotency_key_reused",
     "Ce formulaire a déjà été envoyé avec d'autres valeurs : rien de plus n'a été enregistré, "
     "et la première demande reste enregistrée avec son récépissé. Pour une autre demande, "
     "ouvrez de nouveau le formulaire."},
    {"idempotency_key_in_progress",
     "Ce formulaire est en cours d'enregistrement : patientez un instant, puis envoyez-le de "
     "nouveau pour afficher son récépissé."},
    // ---- consent: information notices (garant/consent/notice_register.h) ----
    {"notice_audience_invalid",
     "Choisissez le public : adultes, mineurs ou professionnels de santé."},
    {"notice_title_required", "Le titre est obligatoire."},
    {"notice_title_too_long", "Le titre ne doit pas dépasser {max} caractères."},
    {"notice_body_required", "Le texte de la notice est obligatoire."},
    {"notice_body_too_long", "Le texte de la notice ne doit pas dépasser {max} caractères."},
    {"notice_text_invalid", "Ce texte contient des caractères non autorisés."},
    {"notice_version_unknown", "Cette version de la notice d'information est inconnue."},
    // ---- consent: rights requests (garant/consent/rights_request.h) ----
    {"rights_transition_refused",
     "Cette étape n'est pas possible dans l'état actuel de la demande."},
    {"rights_already_extended",
     "Le délai de cette demande a déjà été prolongé : une seule prolongation est possible."},
    {"rights_extension_too_late",
     "Le délai est dépassé : la prolongation doit être décidée, et la personne informée, avant "
     "l'échéance."},
    {"rights_text_required", "Ce champ est obligatoire."},
    {"rights_text_invalid",
     "Le texte est invalide : de 1 à 2 000 caractères, sans caractère de contrôle."},
    {"rights_ground_invalid", "Choisissez le fondement juridique du refus."},
    {"rights_identity_method_invalid", "Indiquez comment l'identité a été vérifiée."},
    {"rights_type_invalid", "Choisissez le droit exercé."},
    {"rights_requester_invalid", "Indiquez qui fait la demande."},
    {"rights_channel_invalid", "Choisissez le canal de réception."},
    {"rights_received_invalid",
     "Indiquez la date de réception sous la forme JJ/MM/AAAA, par exemple 02/12/2026."},
    {"rights_objection_required",
     "Pour une opposition, indiquez la référence de l'opposition enregistrée (OPP-XXXX-XXXX)."},
    {"rights_objection_only_for_objection",
     "Une référence d'opposition ne s'indique que pour une demande d'opposition."},
    {"rights_requester_name_required",
     "Indiquez le nom de la personne qui écrit (parent, tuteur, héritier, avocat)."},
    {"rights_state_stale",
     "La demande a changé entre-temps (quelqu'un d'autre l'a traitée) : relisez-la avant d'agir."},
    // ---- access: the review of cases (garant/access/cases.h, server/src/access/cases.h) ----
    {"case_form_incomplete", "Le formulaire est incomplet : rechargez la page du dossier."},
    {"case_status_stale",
     "Le dossier a changé entre-temps (quelqu'un d'autre l'a traité) : relisez-le avant d'agir."},
    {"case_transition_refused", "Ce changement de statut n'est pas possible."},
    {"case_note_required",
     "Une note est obligatoire pour clore ou rouvrir un dossier : expliquez votre conclusion."},
    {"case_note_invalid",
     "La note est invalide : de 1 à 4 000 caractères, sans caractère de contrôle."},
    {"case_closed", "Le dossier est clos : rouvrez-le d'abord."},
    {"case_assignee_refused", "Seul un compte d'auditeur ou de DPO actif peut prendre un dossier."},
};

}  // namespace

std::string_view FrenchReason(std::string_view reason) {
  if (reason.empty()) return {};
  for (const FrenchReasonText& t : kTable) {
    if (t.reason == reason) return t.french;
  }
  return {};
}

std::span<const FrenchReasonText> FrenchReasonTable() { return kTable; }

std::string FrenchReasonWith(std::string_view reason,
                             std::span<const std::pair<std::string, std::string>> args) {
  std::string out(FrenchReason(reason));
  for (const auto& [name, value] : args) {
    const std::string placeholder = "{" + name + "}";
    for (size_t at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + value.size())) {
      out.replace(at, placeholder.size(), value);
    }
  }
  return out;
}

std::string FrenchFieldError(const consent::FieldError& e) {
  std::string text = FrenchReasonWith(e.reason, e.args);
  return text.empty() ? std::string(kFrenchFieldErrorFallback) : text;
}

}  // namespace garant::server
