// GatherPackJson: the figures and tables of the pack, each read with one
// parameterised statement whose text goes into the pack with its result.
#include <boost/json.hpp>
#include <map>

#include "garant/compliance/pack.h"
#include "garant/consent/rights_request.h"

namespace garant::compliance {
namespace json = boost::json;
namespace {

// The period's bounds as statement parameters ($1, $2).
struct Period {
  std::string from, to;
  db::Params params() const { return {from, to}; }
};

// The French words of the stored codes that label grouped figures (the
// figure id keeps the code).
std::string French(const std::string& code) {
  static const std::map<std::string, std::string> kWords = {
      {"web", "formulaire en ligne"},
      {"letter", "courrier"},
      {"phone", "téléphone"},
      {"in_person", "en personne"},
      {"patient", "la personne elle-même"},
      {"parent", "un parent"},
      {"guardian", "un représentant légal"},
      {"new", "nouveau"},
      {"under_review", "en cours d'examen"},
      {"justified", "justifié"},
      {"incident", "incident"},
      {"success", "réussi"},
      {"failed", "échoué"},
      {"denied", "refusé"},
  };
  auto it = kWords.find(code);
  return it == kWords.end() ? code : it->second + " (" + code + ")";
}

class Gatherer {
 public:
  explicit Gatherer(db::Connection& conn) : conn_(conn) {}

  // One figure: `sql` returns one row (count, first audit index, last audit
  // index); the indexes may be NULL (rows not bound to log entries, or none).
  Status Figure(std::string id, std::string section, std::string label, std::string sql,
                db::Params params = {}) {
    GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn_.Exec(sql, params));
    if (rows.size() != 1) return Status::Internal("figure " + id + ": not one row");
    Add(std::move(id), std::move(section), std::move(label), rows, 0, sql, params);
    return Status::Ok();
  }

  // One figure per group: `sql` returns (key, count, first index, last index)
  // rows; the figure id is prefix + "." + key and the label label_prefix + key.
  Status Groups(const std::string& prefix, const std::string& section,
                const std::string& label_prefix, std::string sql, db::Params params = {}) {
    GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn_.Exec(sql, params));
    for (int i = 0; i < rows.size(); ++i) {
      const std::string key = rows.Str(i, 0);
      Add(prefix + "." + key, section, label_prefix + French(key), rows, i, sql, params, 1);
    }
    return Status::Ok();
  }

  json::array figures() { return std::move(figures_); }

 private:
  void Add(std::string id, std::string section, std::string label, const db::Rows& rows, int row,
           const std::string& sql, const db::Params& params, int offset = 0) {
    json::array ps;
    for (const auto& p : params) ps.push_back(json::string(p.data()));
    json::object f{{"id", std::move(id)},
                   {"section", std::move(section)},
                   {"label", std::move(label)},
                   {"value", rows.Int(row, offset)},
                   {"sql", sql},
                   {"params", std::move(ps)}};
    f["audit_index_first"] = rows.IsNull(row, offset + 1) ? json::value(nullptr)
                                                          : json::value(rows.Int(row, offset + 1));
    f["audit_index_last"] = rows.IsNull(row, offset + 2) ? json::value(nullptr)
                                                         : json::value(rows.Int(row, offset + 2));
    figures_.push_back(std::move(f));
  }

  db::Connection& conn_;
  json::array figures_;
};

std::string TimeText(const db::Rows& r, int row, int col) {
  return r.IsNull(row, col) ? std::string() : FormatRfc3339UtcSeconds(r.Time(row, col));
}

json::value OptTime(const db::Rows& r, int row, int col) {
  if (r.IsNull(row, col)) return nullptr;
  return json::string(FormatRfc3339UtcSeconds(r.Time(row, col)));
}

json::value OptInt(const db::Rows& r, int row, int col) {
  if (r.IsNull(row, col)) return nullptr;
  return r.Int(row, col);
}

// "{a,b}" (a text[] read as text) → ["a", "b"]. Values are identifiers
// (account names, domains, references): no quoting to undo beyond "".
json::array TextArray(std::string_view s) {
  json::array out;
  if (s.size() < 2) return out;
  s = s.substr(1, s.size() - 2);
  size_t p = 0;
  while (p < s.size()) {
    size_t e = s.find(',', p);
    if (e == std::string_view::npos) e = s.size();
    std::string_view v = s.substr(p, e - p);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    out.push_back(json::string(v));
    p = e + 1;
  }
  return out;
}

json::object RegisterJson(const RegisterEntry& r) {
  return {{"controller_name", r.controller_name},
          {"controller_address", r.controller_address},
          {"dpo_postal_address", r.dpo_postal_address},
          {"dpo_email", r.dpo_email},
          {"dpo_phone", r.dpo_phone},
          {"purposes", r.purposes},
          {"legal_basis", r.legal_basis},
          {"cnil_formality", r.cnil_formality},
          {"recipients", r.recipients},
          {"data_retention", r.data_retention},
          {"log_retention", r.log_retention},
          {"transfers", r.transfers},
          {"hosting_provider", r.hosting_provider}};
}

// The objection deadline: one calendar month after receipt, to the same time
// of day, clamped to the month's last day (consent::AnswerDeadline; the
// session's time zone is UTC). An answer counts as in time when it left on or
// before the deadline's Paris day.
constexpr const char* kAnswerDeadline = "(o.received_at + interval '1 month')";
constexpr const char* kAnswerDueDay =
    "((o.received_at + interval '1 month') AT TIME ZONE 'Europe/Paris')::date";

// Each declaration of interest with the audit entry that recorded it: a
// member's n-th declaration (by id) and the n-th
// governance.member.interests_declared entry of "member/<id>" (by index) are
// written in the same transaction, both append-only. Defines dd (the
// declarations, with n) and ee (the entries, with n).
constexpr const char* kDeclarationEntries =
    "WITH dd AS (SELECT d.*, row_number() OVER (PARTITION BY d.member_id ORDER BY d.id) AS n "
    "FROM gov_interest_declarations d), ee AS (SELECT e.idx, e.object, row_number() OVER "
    "(PARTITION BY e.object ORDER BY e.idx) AS n FROM audit_entries e WHERE e.event_type = "
    "'governance.member.interests_declared') ";

// `generated_at`: the pack's time (RFC 3339), for "in office today".
Status GatherFigures(Gatherer& g, const Period& period, const std::string& generated_at) {
  const db::Params pp = period.params();
  auto between = [](const std::string& col) {
    return col + " >= $1::timestamptz AND " + col + " < $2::timestamptz";
  };
  // Rights: objections (the registry, and the period's activity).
  GARANT_RETURN_IF_ERROR(g.Figure(
      "objections.registered", "droits", "Oppositions enregistrées (registre entier)",
      "SELECT count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 FROM objections"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("objections.in_force", "droits", "Oppositions en vigueur (registre entier)",
               "SELECT count(*)::int8, min(audit_index)::int8, "
               "max(audit_index)::int8 FROM objections WHERE status = 'effective'"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("objections.withdrawn", "droits", "Oppositions retirées (registre entier)",
               "SELECT count(*)::int8, min(audit_index)::int8, "
               "max(audit_index)::int8 FROM objections WHERE status = 'withdrawn'"));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "objections.received", "droits", "Oppositions reçues pendant la période",
      "SELECT count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 FROM objections o "
      "WHERE " +
          between("o.received_at"),
      pp));
  GARANT_RETURN_IF_ERROR(g.Groups(
      "objections.channel", "droits", "Oppositions reçues pendant la période, canal : ",
      "SELECT o.channel, count(*)::int8, min(o.audit_index)::int8, max(o.audit_index)::int8 "
      "FROM objections o WHERE " +
          between("o.received_at") + " GROUP BY o.channel ORDER BY 1",
      pp));
  GARANT_RETURN_IF_ERROR(g.Groups(
      "objections.requester", "droits", "Oppositions reçues pendant la période, demandeur : ",
      "SELECT o.requester, count(*)::int8, min(o.audit_index)::int8, max(o.audit_index)::int8 "
      "FROM objections o WHERE " +
          between("o.received_at") + " GROUP BY o.requester ORDER BY 1",
      pp));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "objections.answered_in_time", "droits",
      "Oppositions de la période confirmées dans le délai d'un mois",
      std::string("SELECT count(*)::int8, min(o.audit_index)::int8, max(o.audit_index)::int8 "
                  "FROM objections o JOIN objection_answers a ON a.objection_id = o.id WHERE ") +
          between("o.received_at") + " AND a.sent_on <= " + kAnswerDueDay,
      pp));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "objections.answered_late", "droits",
      "Oppositions de la période confirmées après le délai d'un mois",
      std::string("SELECT count(*)::int8, min(o.audit_index)::int8, max(o.audit_index)::int8 "
                  "FROM objections o JOIN objection_answers a ON a.objection_id = o.id WHERE ") +
          between("o.received_at") + " AND a.sent_on > " + kAnswerDueDay,
      pp));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "objections.unanswered_overdue", "droits",
      "Oppositions de la période sans confirmation enregistrée, délai dépassé",
      std::string("SELECT count(*)::int8, min(o.audit_index)::int8, max(o.audit_index)::int8 "
                  "FROM objections o WHERE ") +
          between("o.received_at") +
          " AND NOT EXISTS (SELECT 1 FROM objection_answers a WHERE a.objection_id = o.id) AND " +
          kAnswerDeadline + " < now()",
      pp));
  // Rights requests (sql/0019): the register, and those received in the
  // period; "in time" is computed per request (the clock stops during the
  // identity check), in the table rights_requests of the pack.
  GARANT_RETURN_IF_ERROR(g.Figure(
      "rights.registered", "droits",
      "Demandes d'exercice des droits enregistrées (registre entier)",
      "SELECT count(*)::int8, min(e.audit_index)::int8, max(e.audit_index)::int8 FROM "
      "rights_requests r LEFT JOIN rights_request_events e ON e.request_id = r.id AND e.action = "
      "'created'"));
  GARANT_RETURN_IF_ERROR(g.Groups(
      "rights.type", "droits", "Demandes reçues pendant la période, droit : ",
      "SELECT r.right_type, count(*)::int8, min(e.audit_index)::int8, max(e.audit_index)::int8 "
      "FROM rights_requests r LEFT JOIN rights_request_events e ON e.request_id = r.id AND "
      "e.action = 'created' WHERE " +
          between("r.received_at") + " GROUP BY r.right_type ORDER BY 1",
      pp));
  // Information notices (sql/0025).
  GARANT_RETURN_IF_ERROR(
      g.Figure("notices.published", "droits",
               "Versions des notices d'information publiées (registre entier)",
               "SELECT count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 FROM "
               "information_notices"));
  // Exclusion lists.
  GARANT_RETURN_IF_ERROR(g.Figure(
      "exclusions.versions", "listes",
      "Versions de la liste d'exclusion publiées pendant la période",
      "SELECT (SELECT count(*) FROM exclusion_list_versions v WHERE " + between("v.issued_at") +
          ")::int8, min(e.idx)::int8, max(e.idx)::int8 FROM audit_entries e "
          "WHERE e.event_type = 'exclusion.list.published' AND " +
          between("e.event_time"),
      pp));
  GARANT_RETURN_IF_ERROR(
      g.Figure("exclusions.acknowledgements", "listes",
               "Accusés d'application des listes reçus pendant la période",
               "SELECT (SELECT count(*) FROM exclusion_acks k WHERE " + between("k.applied_at") +
                   ")::int8, min(e.idx)::int8, max(e.idx)::int8 FROM audit_entries e "
                   "WHERE e.event_type = 'exclusion.list.acknowledged' AND " +
                   between("e.event_time"),
               pp));
  // Access trail, findings, cases.
  GARANT_RETURN_IF_ERROR(g.Figure(
      "access.events", "traces", "Accès à l'entrepôt déclarés pendant la période",
      "SELECT count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 FROM access_events "
      "WHERE " +
          between("occurred_at"),
      pp));
  GARANT_RETURN_IF_ERROR(
      g.Groups("access.action", "traces", "Accès de la période, action : ",
               "SELECT action, count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 "
               "FROM access_events WHERE " +
                   between("occurred_at") + " GROUP BY action ORDER BY 1",
               pp));
  GARANT_RETURN_IF_ERROR(
      g.Groups("access.outcome", "traces", "Accès de la période, résultat : ",
               "SELECT outcome, count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 "
               "FROM access_events WHERE " +
                   between("occurred_at") + " GROUP BY outcome ORDER BY 1",
               pp));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "findings.raised", "surveillance", "Alertes levées sur les accès de la période",
      "SELECT count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 FROM access_findings "
      "WHERE " +
          between("occurred_at"),
      pp));
  GARANT_RETURN_IF_ERROR(
      g.Groups("findings.rule", "surveillance", "Alertes de la période, règle : ",
               "SELECT rule, count(*)::int8, min(audit_index)::int8, max(audit_index)::int8 "
               "FROM access_findings WHERE " +
                   between("occurred_at") + " GROUP BY rule ORDER BY 1",
               pp));
  // A case is an account's findings of one Paris day (docs/cases.md); its
  // status is its last transition's, "new" without one.
  GARANT_RETURN_IF_ERROR(g.Groups(
      "cases.status", "incidents", "Dossiers d'alertes de la période, statut : ",
      "WITH c AS (SELECT DISTINCT account, (occurred_at AT TIME ZONE 'Europe/Paris')::date AS day "
      "           FROM access_findings WHERE " +
          between("occurred_at") +
          "), "
          "s AS (SELECT c.account, c.day, "
          "  coalesce((SELECT e.to_status FROM access_case_events e WHERE e.account = c.account "
          "            AND e.day = c.day AND e.kind = 'transition' ORDER BY e.step DESC LIMIT 1), "
          "           'new') AS status, "
          "  (SELECT min(e.audit_index) FROM access_case_events e WHERE e.account = c.account "
          "   AND e.day = c.day) AS first, "
          "  (SELECT max(e.audit_index) FROM access_case_events e WHERE e.account = c.account "
          "   AND e.day = c.day) AS last FROM c) "
          "SELECT status, count(*)::int8, min(first)::int8, max(last)::int8 FROM s "
          "GROUP BY status ORDER BY 1",
      pp));
  // Governance.
  GARANT_RETURN_IF_ERROR(
      g.Figure("projects.registered", "projets", "Projets enregistrés (registre entier)",
               "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM gov_projects p "
               "LEFT JOIN audit_entries e ON e.object = 'project/' || p.reference "
               "AND e.event_type = 'governance.project.submitted'"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("decisions.recorded", "projets", "Décisions enregistrées (registre entier)",
               "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM gov_decisions d "
               "LEFT JOIN audit_entries e ON e.object = 'decision/' || d.id "
               "AND e.event_type = 'governance.decision.recorded'"));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "authorisations.recorded", "projets", "Autorisations d'accès enregistrées (registre entier)",
      "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM gov_authorisations a "
      "LEFT JOIN audit_entries e ON e.object = 'authorisation/' || a.id "
      "AND e.event_type = 'governance.authorisation.created'"));
  // The Comité stratégique: decisions not about a project (sql/0027) and the
  // members' declarations of interest (sql/0029).
  GARANT_RETURN_IF_ERROR(g.Figure(
      "topic_decisions.recorded", "comite",
      "Décisions hors projet enregistrées (chartes, règles d'accès, priorités ; registre entier)",
      "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM gov_decisions d "
      "LEFT JOIN audit_entries e ON e.object = 'decision/' || d.id "
      "AND e.event_type = 'governance.decision.recorded' WHERE d.topic_id IS NOT NULL"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("topic_decisions.cosigned", "comite", "Décisions hors projet signées et cosignées",
               "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM gov_decisions d "
               "LEFT JOIN audit_entries e ON e.object = 'decision/' || d.id "
               "AND e.event_type = 'governance.decision.cosigned' WHERE d.topic_id IS NOT NULL "
               "AND d.cosigned_at IS NOT NULL"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("topic_decisions.amended", "comite",
               "Décisions hors projet modifiées par une décision ultérieure",
               "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM gov_decisions d "
               "LEFT JOIN audit_entries e ON e.object = 'decision/' || d.id "
               "AND e.event_type = 'governance.decision.recorded' WHERE d.topic_id IS NOT NULL "
               "AND EXISTS (SELECT 1 FROM gov_decisions a WHERE a.amends_decision_id = d.id)"));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "declarations.recorded", "comite",
      "Déclarations d'intérêts des membres des comités (registre entier)",
      std::string(kDeclarationEntries) +
          "SELECT count(*)::int8, min(ee.idx)::int8, max(ee.idx)::int8 FROM dd LEFT JOIN ee "
          "ON ee.object = 'member/' || dd.member_id AND ee.n = dd.n"));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "declarations.members_without", "comite",
      "Membres en fonction aujourd'hui sans déclaration d'intérêts",
      "SELECT count(*)::int8, NULL::int8, NULL::int8 FROM gov_members m, "
      "(SELECT ($1::timestamptz AT TIME ZONE 'Europe/Paris')::date AS day) t WHERE "
      "m.term_start <= t.day AND (m.term_end IS NULL OR m.term_end >= t.day) AND NOT EXISTS "
      "(SELECT 1 FROM gov_interest_declarations d WHERE d.member_id = m.id)",
      {generated_at}));
  // Habilitations.
  GARANT_RETURN_IF_ERROR(
      g.Figure("staff.active", "habilitations", "Comptes du personnel actifs",
               "SELECT count(*)::int8, min(e.idx)::int8, max(e.idx)::int8 FROM staff_accounts s "
               "LEFT JOIN audit_entries e ON e.object = 'staff/' || s.id "
               "AND e.event_type = 'staff.account.created' WHERE s.disabled_at IS NULL"));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "staff.active_without_second_factor", "habilitations",
      "Comptes actifs sans second facteur confirmé",
      "SELECT count(*)::int8, NULL::int8, NULL::int8 FROM staff_accounts s WHERE s.disabled_at IS "
      "NULL AND NOT EXISTS (SELECT 1 FROM staff_totp t WHERE t.account_id = s.id AND "
      "t.confirmed_at IS NOT NULL)"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("staff.logins", "habilitations", "Connexions du personnel pendant la période",
               "SELECT count(*)::int8, min(idx)::int8, max(idx)::int8 FROM audit_entries "
               "WHERE event_type = 'staff.login' AND " +
                   between("event_time"),
               pp));
  // The log itself.
  GARANT_RETURN_IF_ERROR(
      g.Figure("log.entries", "horodatage", "Entrées du journal d'audit pendant la période",
               "SELECT count(*)::int8, min(idx)::int8, max(idx)::int8 FROM audit_entries WHERE " +
                   between("event_time"),
               pp));
  GARANT_RETURN_IF_ERROR(
      g.Figure("log.size", "horodatage", "Taille de l'arbre du journal (entrées, total)",
               "SELECT size::int8, CASE WHEN size > 0 THEN 0 END::int8, "
               "CASE WHEN size > 0 THEN size - 1 END::int8 FROM audit_tree_state WHERE id = 0"));
  GARANT_RETURN_IF_ERROR(
      g.Figure("keys.events", "pseudonymisation", "Rotations de clés enregistrées (journal entier)",
               "SELECT count(*)::int8, min(idx)::int8, max(idx)::int8 FROM audit_entries "
               "WHERE event_type LIKE 'keys.%'"));
  GARANT_RETURN_IF_ERROR(g.Figure(
      "packs.previous", "audits", "Dossiers de conformité générés auparavant (journal entier)",
      "SELECT count(*)::int8, min(idx)::int8, max(idx)::int8 FROM audit_entries "
      "WHERE event_type = 'compliance.pack.generated'"));
  return Status::Ok();
}

Result<json::array> Projects(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows p,
      conn.Exec("SELECT p.id::int8, p.reference, p.title, p.purpose, p.legal_basis, p.formality, "
                "p.formality_reference, p.hdh_directory_number, p.status, p.published_at, "
                "c.code, p.organisation, p.recipients, p.duration_months::int8, "
                "(SELECT min(e.idx) FROM audit_entries e WHERE e.object = 'project/' || "
                "p.reference)::int8, "
                "(SELECT max(e.idx) FROM audit_entries e WHERE e.object = 'project/' || "
                "p.reference)::int8, c.name "
                "FROM gov_projects p JOIN gov_committees c ON c.id = p.committee_id "
                "ORDER BY p.reference"));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows d,
      conn.Exec(
          "SELECT d.project_id::int8, d.id::int8, d.outcome, m.held_at, d.recorded_at, "
          "d.signed_at, "
          "coalesce((SELECT s.username FROM staff_accounts s WHERE 'staff:' || s.id = "
          "d.signed_by), d.signed_by), d.cosigned_at, "
          "coalesce((SELECT s.username FROM staff_accounts s WHERE 'staff:' || s.id = "
          "d.cosigned_by), d.cosigned_by), "
          "d.amends_decision_id::int8, "
          "(SELECT min(e.idx) FROM audit_entries e WHERE e.object = 'decision/' || d.id)::int8 "
          "FROM gov_decisions d JOIN gov_meetings m ON m.id = d.meeting_id "
          "ORDER BY d.project_id, d.recorded_at, d.id"));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows a,
      conn.Exec("SELECT a.project_id::int8, a.id::int8, a.decision_id::int8, a.accounts::text, "
                "a.domains::text, a.valid_from, a.valid_until, a.revoked_at, a.confirmed_at, "
                "(SELECT min(e.idx) FROM audit_entries e WHERE e.object = 'authorisation/' || "
                "a.id)::int8 "
                "FROM gov_authorisations a ORDER BY a.project_id, a.id"));
  json::array out;
  for (int i = 0; i < p.size(); ++i) {
    const int64_t id = p.Int(i, 0);
    json::array decisions, authorisations;
    for (int j = 0; j < d.size(); ++j) {
      if (d.Int(j, 0) != id) continue;
      decisions.push_back(json::object{{"id", d.Int(j, 1)},
                                       {"outcome", d.Str(j, 2)},
                                       {"meeting_held_at", OptTime(d, j, 3)},
                                       {"recorded_at", OptTime(d, j, 4)},
                                       {"signed_at", OptTime(d, j, 5)},
                                       {"signed_by", d.Str(j, 6)},
                                       {"cosigned_at", OptTime(d, j, 7)},
                                       {"cosigned_by", d.Str(j, 8)},
                                       {"amends_decision_id", OptInt(d, j, 9)},
                                       {"audit_index", OptInt(d, j, 10)}});
    }
    for (int j = 0; j < a.size(); ++j) {
      if (a.Int(j, 0) != id) continue;
      authorisations.push_back(json::object{{"id", a.Int(j, 1)},
                                            {"decision_id", a.Int(j, 2)},
                                            {"accounts", TextArray(a.Text(j, 3))},
                                            {"domains", TextArray(a.Text(j, 4))},
                                            {"valid_from", OptTime(a, j, 5)},
                                            {"valid_until", OptTime(a, j, 6)},
                                            {"revoked_at", OptTime(a, j, 7)},
                                            {"confirmed_at", OptTime(a, j, 8)},
                                            {"audit_index", OptInt(a, j, 9)}});
    }
    out.push_back(json::object{{"reference", p.Str(i, 1)},
                               {"title", p.Str(i, 2)},
                               {"purpose", p.Str(i, 3)},
                               {"legal_basis", p.Str(i, 4)},
                               {"formality", p.Str(i, 5)},
                               {"formality_reference", p.Str(i, 6)},
                               {"hdh_directory_number", p.Str(i, 7)},
                               {"status", p.Str(i, 8)},
                               {"published_at", OptTime(p, i, 9)},
                               {"committee", p.Str(i, 10)},
                               {"committee_name", p.Str(i, 16)},
                               {"organisation", p.Str(i, 11)},
                               {"recipients", p.Str(i, 12)},
                               {"duration_months", p.Int(i, 13)},
                               {"audit_index_first", OptInt(p, i, 14)},
                               {"audit_index_last", OptInt(p, i, 15)},
                               {"decisions", std::move(decisions)},
                               {"authorisations", std::move(authorisations)}});
  }
  return out;
}

Result<json::object> Habilitations(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows s,
      conn.Exec(
          "SELECT s.username, s.display_name, s.role, s.created_at, s.disabled_at, "
          "EXISTS (SELECT 1 FROM staff_totp t WHERE t.account_id = s.id AND "
          "t.confirmed_at IS NOT NULL), "
          "l.event_time, l.idx::int8 "
          "FROM staff_accounts s LEFT JOIN LATERAL (SELECT e.event_time, e.idx FROM "
          "audit_entries e WHERE e.event_type = 'staff.login' AND e.object = 'staff/' || s.id "
          "ORDER BY e.idx DESC LIMIT 1) l ON true ORDER BY s.username"));
  json::array staff;
  for (int i = 0; i < s.size(); ++i) {
    staff.push_back(json::object{{"username", s.Str(i, 0)},
                                 {"display_name", s.Str(i, 1)},
                                 {"role", s.Str(i, 2)},
                                 {"created_at", OptTime(s, i, 3)},
                                 {"disabled_at", OptTime(s, i, 4)},
                                 {"second_factor", s.Bool(i, 5)},
                                 {"last_login", OptTime(s, i, 6)},
                                 {"last_login_audit_index", OptInt(s, i, 7)}});
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows t, conn.Exec("SELECT name, role, created_at, expires_at, revoked_at, last_used_at "
                            "FROM service_tokens ORDER BY name, created_at"));
  json::array tokens;
  for (int i = 0; i < t.size(); ++i) {
    tokens.push_back(json::object{{"name", t.Str(i, 0)},
                                  {"role", t.Str(i, 1)},
                                  {"created_at", OptTime(t, i, 2)},
                                  {"expires_at", OptTime(t, i, 3)},
                                  {"revoked_at", OptTime(t, i, 4)},
                                  {"last_used_at", OptTime(t, i, 5)}});
  }
  // Warehouse accounts named in authorisations: in force when confirmed, not
  // revoked and now within [valid_from, valid_until).
  GARANT_ASSIGN_OR_RETURN(
      db::Rows w,
      conn.Exec("SELECT acc, string_agg(DISTINCT p.reference, ' ' ORDER BY p.reference), "
                "max(a.valid_until), bool_or(a.revoked_at IS NULL AND a.confirmed_at IS NOT NULL "
                "AND a.valid_from <= now() AND now() < a.valid_until) "
                "FROM gov_authorisations a JOIN gov_projects p ON p.id = a.project_id, "
                "unnest(a.accounts) acc GROUP BY acc ORDER BY acc"));
  json::array warehouse;
  for (int i = 0; i < w.size(); ++i) {
    json::array projects;
    std::string refs = w.Str(i, 1);
    for (size_t p = 0; p < refs.size();) {
      size_t e = refs.find(' ', p);
      if (e == std::string::npos) e = refs.size();
      projects.push_back(json::string(refs.substr(p, e - p)));
      p = e + 1;
    }
    warehouse.push_back(json::object{{"account", w.Str(i, 0)},
                                     {"projects", std::move(projects)},
                                     {"valid_until", OptTime(w, i, 2)},
                                     {"in_force", w.Bool(i, 3)}});
  }
  return json::object{{"staff_accounts", std::move(staff)},
                      {"service_tokens", std::move(tokens)},
                      {"warehouse_accounts", std::move(warehouse)}};
}

Result<json::object> ExclusionLists(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows v, conn.Exec("SELECT version::int8, issued_at, token_count::int8, pseudonym_key_id, "
                            "digest FROM exclusion_list_versions ORDER BY version DESC LIMIT 1"));
  json::value latest = nullptr;
  if (v.size() == 1) {
    latest = json::object{{"version", v.Int(0, 0)},
                          {"issued_at", OptTime(v, 0, 1)},
                          {"token_count", v.Int(0, 2)},
                          {"pseudonym_key_id", v.Str(0, 3)},
                          {"digest", v.Str(0, 4)}};
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows c,
      conn.Exec("SELECT c.name, c.disabled_at, k.version::int8, k.applied_at, "
                "(SELECT coalesce(sum(purged_count), 0) FROM exclusion_acks x "
                " WHERE x.consumer_id = c.id)::int8 "
                "FROM exclusion_consumers c LEFT JOIN LATERAL (SELECT version, applied_at FROM "
                "exclusion_acks a WHERE a.consumer_id = c.id ORDER BY version DESC LIMIT 1) k "
                "ON true ORDER BY c.name"));
  json::array consumers;
  for (int i = 0; i < c.size(); ++i) {
    consumers.push_back(json::object{{"name", c.Str(i, 0)},
                                     {"disabled_at", OptTime(c, i, 1)},
                                     {"acknowledged_version", OptInt(c, i, 2)},
                                     {"acknowledged_at", OptTime(c, i, 3)},
                                     {"purged_total", c.Int(i, 4)}});
  }
  return json::object{{"latest_version", std::move(latest)}, {"consumers", std::move(consumers)}};
}

Result<json::array> KeyEvents(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(db::Rows r,
                          conn.Exec("SELECT idx::int8, event_type, event_time, object FROM "
                                    "audit_entries WHERE event_type LIKE 'keys.%' ORDER BY idx"));
  json::array out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(json::object{{"audit_index", r.Int(i, 0)},
                               {"type", r.Str(i, 1)},
                               {"time", TimeText(r, i, 2)},
                               {"object", r.Str(i, 3)}});
  }
  return out;
}

Result<json::object> Retention(db::Connection& conn, const RegisterEntry& reg) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r, conn.Exec("SELECT publication_delay_days::int8 FROM gov_settings WHERE id = 0"));
  return json::object{{"warehouse_data", reg.data_retention},
                      {"audit_log", reg.log_retention},
                      {"objection_registry",
                       "Registre des oppositions conservé pour la durée de l'entrepôt (il "
                       "continue d'exclure les personnes) ; traits d'identité chiffrés"},
                      {"publication_delay_days", r.size() == 1 ? r.Int(0, 0) : 0}};
}

// Every rights request (never the sealed identity nor the free texts): its
// deadline as consent::RightsDeadline computes it and whether it was met
// (null while open and not yet due).
Result<json::array> RightsRequests(db::Connection& conn, TimePoint now) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec("SELECT r.reference, r.right_type, r.requester, r.channel, r.state, "
                "r.received_at, r.paused_seconds::int8, r.paused_since, r.extended_at, "
                "r.closed_at, r.refusal_ground, "
                "(SELECT o.reference FROM objections o WHERE o.id = r.objection_id), "
                "(SELECT min(e.audit_index) FROM rights_request_events e WHERE e.request_id = "
                "r.id)::int8, "
                "(SELECT max(e.audit_index) FROM rights_request_events e WHERE e.request_id = "
                "r.id)::int8 "
                "FROM rights_requests r ORDER BY r.received_at, r.reference"));
  json::array out;
  for (int i = 0; i < r.size(); ++i) {
    consent::RightsClock clock;
    clock.received_at = r.Time(i, 5);
    clock.paused = std::chrono::seconds(r.Int(i, 6));
    clock.paused_since = r.OptionalTime(i, 7);
    clock.extended = !r.IsNull(i, 8);
    const std::optional<TimePoint> closed = r.OptionalTime(i, 9);
    const TimePoint deadline = consent::RightsDeadline(clock, closed.value_or(now));
    json::value met = nullptr;
    if (closed) {
      met = *closed <= deadline;
    } else if (now > deadline) {
      met = false;
    }
    out.push_back(json::object{
        {"reference", r.Str(i, 0)},
        {"type", r.Str(i, 1)},
        {"requester", r.Str(i, 2)},
        {"channel", r.Str(i, 3)},
        {"state", r.Str(i, 4)},
        {"received_at", OptTime(r, i, 5)},
        {"paused_seconds", r.Int(i, 6)},
        {"extended_at", OptTime(r, i, 8)},
        {"deadline", FormatRfc3339UtcSeconds(deadline)},
        {"closed_at", OptTime(r, i, 9)},
        {"delay_met", met},
        {"refusal_ground", r.IsNull(i, 10) ? json::value(nullptr) : json::value(r.Str(i, 10))},
        {"objection", r.IsNull(i, 11) ? json::value(nullptr) : json::value(r.Str(i, 11))},
        {"audit_index_first", OptInt(r, i, 12)},
        {"audit_index_last", OptInt(r, i, 13)}});
  }
  return out;
}

// The decisions of the committees that are not about a project (a charter,
// access rules, priorities: sql/0027), oldest meeting first, each with the
// decision that amends it, if any.
Result<json::array> TopicDecisions(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows d,
      conn.Exec("SELECT d.id::int8, c.code, t.category, t.title, d.outcome, m.held_at, "
                "d.recorded_at, d.signed_at, "
                "coalesce((SELECT s.username FROM staff_accounts s WHERE 'staff:' || s.id = "
                "d.signed_by), d.signed_by), d.cosigned_at, "
                "coalesce((SELECT s.username FROM staff_accounts s WHERE 'staff:' || s.id = "
                "d.cosigned_by), d.cosigned_by), d.amends_decision_id::int8, "
                "(SELECT min(a.id) FROM gov_decisions a WHERE a.amends_decision_id = d.id)::int8, "
                "d.public, "
                "(SELECT min(e.idx) FROM audit_entries e WHERE e.object = 'decision/' || d.id "
                "AND e.event_type = 'governance.decision.recorded')::int8, c.name "
                "FROM gov_decisions d JOIN gov_meeting_topics t ON t.id = d.topic_id "
                "JOIN gov_meetings m ON m.id = d.meeting_id "
                "JOIN gov_committees c ON c.id = m.committee_id ORDER BY m.held_at, d.id"));
  json::array out;
  for (int i = 0; i < d.size(); ++i) {
    out.push_back(json::object{{"id", d.Int(i, 0)},
                               {"committee", d.Str(i, 1)},
                               {"committee_name", d.Str(i, 15)},
                               {"category", d.Str(i, 2)},
                               {"title", d.Str(i, 3)},
                               {"outcome", d.Str(i, 4)},
                               {"meeting_held_at", OptTime(d, i, 5)},
                               {"recorded_at", OptTime(d, i, 6)},
                               {"signed_at", OptTime(d, i, 7)},
                               {"signed_by", d.Str(i, 8)},
                               {"cosigned_at", OptTime(d, i, 9)},
                               {"cosigned_by", d.Str(i, 10)},
                               {"amends_decision_id", OptInt(d, i, 11)},
                               {"amended_by_decision_id", OptInt(d, i, 12)},
                               {"public", d.Bool(i, 13)},
                               {"audit_index", OptInt(d, i, 14)}});
  }
  return out;
}

// The members' declarations of interest: the public summary only (never the
// organisations named, which only derive conflicts), with the audit entry
// that recorded each (kDeclarationEntries).
Result<json::array> InterestDeclarations(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec(std::string(kDeclarationEntries) +
                "SELECT dd.id::int8, m.full_name, c.code, m.role, dd.year::int8, "
                "dd.signed_on::text, dd.public_summary, dd.recorded_at, ee.idx::int8, c.name "
                "FROM dd "
                "JOIN gov_members m ON m.id = dd.member_id "
                "JOIN gov_committees c ON c.id = m.committee_id "
                "LEFT JOIN ee ON ee.object = 'member/' || dd.member_id AND ee.n = dd.n "
                "ORDER BY c.code, m.full_name, dd.year, dd.id"));
  json::array out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(json::object{{"id", r.Int(i, 0)},
                               {"member", r.Str(i, 1)},
                               {"committee", r.Str(i, 2)},
                               {"committee_name", r.Str(i, 9)},
                               {"role", r.Str(i, 3)},
                               {"year", r.Int(i, 4)},
                               {"signed_on", r.Str(i, 5)},
                               {"public_summary", r.Str(i, 6)},
                               {"recorded_at", OptTime(r, i, 7)},
                               {"audit_index", OptInt(r, i, 8)}});
  }
  return out;
}

// Every version of the information notices, oldest first, with the SHA-256
// of its text (the text itself is public: /information/historique).
Result<json::array> Notices(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r, conn.Exec("SELECT version, audience, number::int8, title, published_at, "
                            "published_by, audit_index::int8, encode(sha256(convert_to(body, "
                            "'UTF8')), 'hex') FROM information_notices ORDER BY published_at, id"));
  json::array out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(json::object{{"version", r.Str(i, 0)},
                               {"audience", r.Str(i, 1)},
                               {"number", r.Int(i, 2)},
                               {"title", r.Str(i, 3)},
                               {"published_at", OptTime(r, i, 4)},
                               {"published_by", r.Str(i, 5)},
                               {"audit_index", r.Int(i, 6)},
                               {"body_sha256", r.Str(i, 7)}});
  }
  return out;
}

}  // namespace

Result<std::string> GatherPackJson(db::Connection& conn, const PackOptions& o) {
  Period period{FormatRfc3339Utc(o.from), FormatRfc3339Utc(o.to)};
  Gatherer g(conn);
  GARANT_RETURN_IF_ERROR(GatherFigures(g, period, FormatRfc3339Utc(o.generated_at)));
  GARANT_ASSIGN_OR_RETURN(json::array projects, Projects(conn));
  GARANT_ASSIGN_OR_RETURN(json::object habilitations, Habilitations(conn));
  GARANT_ASSIGN_OR_RETURN(json::object lists, ExclusionLists(conn));
  GARANT_ASSIGN_OR_RETURN(json::array key_events, KeyEvents(conn));
  GARANT_ASSIGN_OR_RETURN(json::object retention, Retention(conn, o.register_entry));
  GARANT_ASSIGN_OR_RETURN(json::array rights, RightsRequests(conn, o.generated_at));
  GARANT_ASSIGN_OR_RETURN(json::array notices, Notices(conn));
  GARANT_ASSIGN_OR_RETURN(json::array topic_decisions, TopicDecisions(conn));
  GARANT_ASSIGN_OR_RETURN(json::array declarations, InterestDeclarations(conn));
  json::array headings;
  for (const auto& h : o.security_headings) headings.push_back(json::string(h));
  const KeyFacts& k = o.keys;
  json::object pack{
      {"format", kPackFormat},
      {"generated_at", FormatRfc3339UtcSeconds(o.generated_at)},
      {"period", json::object{{"from", period.from},
                              {"to", period.to},
                              {"from_day", o.from_day},
                              {"to_day", o.to_day}}},
      {"register", RegisterJson(o.register_entry)},
      {"figures", g.figures()},
      {"projects", std::move(projects)},
      {"topic_decisions", std::move(topic_decisions)},
      {"interest_declarations", std::move(declarations)},
      {"habilitations", std::move(habilitations)},
      {"exclusion_lists", std::move(lists)},
      {"rights_requests", std::move(rights)},
      {"notices", std::move(notices)},
      {"keys",
       json::object{{"verify_key", k.verify_key_hex},
                    {"signing_key_id", k.signing_key_id},
                    {"audit_verifier_key", k.audit_verifier_key},
                    {"pseudonym_key_id", k.pseudonym_key_id},
                    {"previous_pseudonym_key_id", k.previous_pseudonym_key_id},
                    {"encryption_key_id", k.encryption_key_id},
                    {"previous_encryption_key_id", k.previous_encryption_key_id
                                                       ? json::value(*k.previous_encryption_key_id)
                                                       : json::value(nullptr)},
                    {"events", std::move(key_events)}}},
      {"retention", std::move(retention)},
      {"security", json::object{{"file", o.security_file},
                                {"source", o.security_source},
                                {"headings", std::move(headings)}}},
      {"log", json::object{{"verified", o.verification.ok},
                           {"verification", o.verification.summary},
                           {"checkpoint_size", o.verification.checkpoint_size},
                           {"checkpoint_root", o.verification.checkpoint_root},
                           {"checkpoint_file", "checkpoint.txt"}}},
  };
  return json::serialize(pack) + "\n";
}

}  // namespace garant::compliance
