// The secretary console (/console/gouvernance/...): French pages, no script
// needed. Every form carries the session's CSRF token (CsrfRule::kSession).
// A refused form is shown again with a French message and nothing recorded;
// an accepted one redirects (303) to the page showing the result, with a
// fixed confirmation chosen by ?ok=<code> (never text from the request).

#include "governance/console.h"

#include <algorithm>
#include <chrono>

#include "garant/core/decimal.h"
#include "garant/governance/reasons.h"

namespace garant::server::gov {

using namespace garant::governance;
using namespace console;

namespace {
Result<Form> ReadForm(HttpExchange& ex) { return ex.FormBody(); }

std::string Trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(' ');
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(' ') - a + 1);
}
}  // namespace

void AddConsoleRoutes(Router& router, const ContextPtr& ctx) {
  ContextPtr c = ctx;
  const std::string base = "/console/gouvernance";
  auto get = [&](const std::string& path, Handler h) {
    router.Add({.method = "GET",
                .pattern = base + path,
                .kind = ResponseKind::kHtml,
                .access = Access::kRoles,
                .roles = kWriteRoles,
                .csrf = CsrfRule::kNone,
                .handler = std::move(h)});
  };
  auto post = [&](const std::string& path, Handler h) {
    router.Add({.method = "POST",
                .pattern = base + path,
                .kind = ResponseKind::kHtml,
                .access = Access::kRoles,
                .roles = kWriteRoles,
                .csrf = CsrfRule::kSession,
                .handler = std::move(h)});
  };

  get("", [c](HttpExchange& ex) { return RenderIndex(*c, ex, 200, ""); });

  post("/comites", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Committee cm;
    cm.code = Get(f, "code");
    cm.name = Get(f, "name");
    // The quorum as chosen in words (QuorumFromChoice); the fraction fields
    // of earlier forms are no longer read.
    std::optional<QuorumRule> rule = QuorumFromChoice(Get(f, "quorum"));
    auto pat = FormInt(f, "min_patient_representatives", 0, 100);
    Status st = !rule ? Status::InvalidArgument("choose the quorum among the proposed rules")
                            .WithReason(reason::kInvalidQuorumFraction)
                      : pat.status();
    if (st.ok()) {
      cm.quorum = *rule;
      cm.quorum.min_patient_representatives = static_cast<int>(*pat);
      bool code_ok =
          cm.code.size() >= 2 && cm.code.size() <= 32 && cm.code[0] >= 'a' && cm.code[0] <= 'z' &&
          std::all_of(cm.code.begin(), cm.code.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
          });
      if (!code_ok) st = Status::InvalidArgument("invalid committee code");
    }
    if (st.ok()) {
      auto created = c->store->CreateCommittee(ex.principal().Actor(), cm);
      if (created.ok()) {
        ex.Redirect(base + "/comites/" + std::to_string(created->id) + "?ok=comite");
        return Status::Ok();
      }
      st = created.status();
    }
    return RenderIndex(*c, ex, StatusFor(st), FrenchError(st));
  });

  // Two-person rule: the acts awaiting a second signature, and the second
  // signatures. A refusal (same signatory, already done) shows the list again
  // with the French reason.
  get("/a-cosigner", [c](HttpExchange& ex) { return RenderPending(*c, ex, 200, ""); });
  post("/decisions/{id}/cosignature", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    auto done = c->store->CosignDecision(ex.principal().Actor(), id);
    if (done.ok()) {
      ex.Redirect(base + "/a-cosigner?ok=cosignature");
      return Status::Ok();
    }
    if (done.status().code() == Code::kNotFound) return done.status();
    return RenderPending(*c, ex, StatusFor(done.status()), FrenchError(done.status()));
  });
  post("/autorisations/{id}/confirmation", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    auto done = c->store->ConfirmAuthorisation(ex.principal().Actor(), id);
    if (done.ok()) {
      ex.Redirect(base + "/a-cosigner?ok=confirmation");
      return Status::Ok();
    }
    if (done.status().code() == Code::kNotFound) return done.status();
    return RenderPending(*c, ex, StatusFor(done.status()), FrenchError(done.status()));
  });

  get("/comites/{id}", [c](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    return RenderCommittee(*c, ex, id, 200, "");
  });
  post("/comites/{id}/membres", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Member m;
    m.committee_id = id;
    m.full_name = Get(f, "full_name");
    m.voting = Get(f, "voting") != "non";
    Status st;
    auto role = ParseMemberRole(Get(f, "role"));
    auto start = ParseDate(Get(f, "term_start"));
    if (!role.ok())
      st = role.status();
    else if (!start.ok())
      st = start.status();
    if (st.ok()) {
      m.role = *role;
      m.term_start = *start;
      if (!Get(f, "term_end").empty()) {
        auto end = ParseDate(Get(f, "term_end"));
        if (end.ok())
          m.term_end = *end;
        else
          st = end.status();
      }
    }
    if (st.ok()) {
      auto added = c->store->AddMember(ex.principal().Actor(), m);
      if (added.ok()) {
        ex.Redirect(base + "/comites/" + std::to_string(id) + "?ok=membre");
        return Status::Ok();
      }
      st = added.status();
    }
    return RenderCommittee(*c, ex, id, StatusFor(st), FrenchError(st));
  });

  get("/projets/nouveau", [c](HttpExchange& ex) { return RenderNewProject(*c, ex, 200, ""); });
  post("/projets", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Project p;
    p.reference = Get(f, "reference");
    p.title = Get(f, "title");
    p.public_summary = Get(f, "public_summary");
    p.purpose = Get(f, "purpose");
    p.no_forbidden_use = !Get(f, "no_forbidden_use").empty();
    p.legal_basis = Get(f, "legal_basis");
    p.formality = Get(f, "formality");
    p.formality_reference = Get(f, "formality_reference");
    p.hdh_directory_number = Trimmed(Get(f, "hdh_directory_number"));
    if (std::string cohort = Trimmed(Get(f, "cohort_size")); !cohort.empty()) {
      // "12 000", as French people write it, is 12000; anything else but
      // digits is refused by the store (invalid_cohort_size), as 0.
      std::erase_if(cohort, [](char ch) { return ch == ' '; });
      p.cohort_size = ParseDecimal(cohort).value_or(0);
    }
    p.investigator = Get(f, "investigator");
    p.organisation = Get(f, "organisation");
    p.data_domains = CheckedDomains(f);
    p.data_description = Get(f, "data_description");
    p.recipients = Get(f, "recipients");
    auto months = FormInt(f, "duration_months", 1, 240);
    auto committee = FormInt(f, "committee_id", 1, INT64_MAX);
    Status st = !months.ok() ? months.status() : committee.status();
    if (st.ok()) {
      p.duration_months = static_cast<int>(*months);
      p.committee_id = *committee;
      auto created = c->store->CreateProject(ex.principal().Actor(), p);
      if (created.ok()) {
        ex.Redirect(base + "/projets/" + std::to_string(created->id) + "?ok=projet");
        return Status::Ok();
      }
      st = created.status();
    }
    return RenderNewProject(*c, ex, StatusFor(st), FrenchError(st));
  });
  get("/projets/{id}", [c](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    return RenderProject(*c, ex, id, 200, "");
  });
  post("/projets/{id}/statut", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    auto to = ParseProjectStatus(Get(f, "to"));
    Status st = to.status();
    if (st.ok()) {
      st = c->store->TransitionProject(ex.principal().Actor(), id, *to, Get(f, "note")).status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/projets/" + std::to_string(id) + "?ok=statut");
      return Status::Ok();
    }
    return RenderProject(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  post("/projets/{id}/conflits", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    auto member = FormInt(f, "member_id", 1, INT64_MAX);
    Status st = member.status();
    if (st.ok()) {
      st = c->store->DeclareConflict(ex.principal().Actor(), {*member, id, Get(f, "description")})
               .status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/projets/" + std::to_string(id) + "?ok=conflit");
      return Status::Ok();
    }
    return RenderProject(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  post("/projets/{id}/autorisations", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Authorisation a;
    a.project_id = id;
    a.accounts = CommaList(Get(f, "accounts"));
    a.scope.domains = CheckedDomains(f);
    a.scope.associations = CommaList(Get(f, "associations"));
    auto decision = FormInt(f, "decision_id", 1, INT64_MAX);
    auto from = ParseParisLocal(Get(f, "valid_from"));
    // The form asks for the last day of validity (inclusive); the stored end
    // is exclusive: 0 h (Paris) the next day.
    auto last_day = ParseDate(Get(f, "valid_until"));
    auto until = last_day.ok() ? ParseParisLocal(FormatDate(*last_day + std::chrono::days(1)))
                               : Result<TimePoint>(last_day.status());
    Status st = !decision.ok() ? decision.status() : !from.ok() ? from.status() : until.status();
    if (st.ok()) {
      a.decision_id = *decision;
      a.valid_from = *from;
      a.valid_until = *until;
      st = c->store->CreateAuthorisation(ex.principal().Actor(), a).status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/projets/" + std::to_string(id) + "?ok=autorisation");
      return Status::Ok();
    }
    return RenderProject(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  for (const std::string verb : {"suspendre", "reprendre", "revoquer"}) {
    post("/autorisations/{id}/" + verb, [c, base, verb](HttpExchange& ex) -> Status {
      GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
      GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
      GARANT_ASSIGN_OR_RETURN(int64_t project, FormInt(f, "projet", 1, INT64_MAX));
      std::string actor = ex.principal().Actor();
      Status st = verb == "suspendre"   ? c->store->SuspendAuthorisation(actor, id, "")
                  : verb == "reprendre" ? c->store->ResumeAuthorisation(actor, id)
                                        : c->store->RevokeAuthorisation(actor, id, "");
      if (st.ok()) {
        ex.Redirect(base + "/projets/" + std::to_string(project) + "?ok=" + verb);
        return Status::Ok();
      }
      return RenderProject(*c, ex, project, StatusFor(st), FrenchError(st));
    });
  }

  get("/seances/nouvelle", [c](HttpExchange& ex) -> Status {
    std::optional<int64_t> committee;
    if (auto q = ex.Query("comite")) {
      Form f{{"comite", *q}};
      GARANT_ASSIGN_OR_RETURN(int64_t id, FormInt(f, "comite", 1, INT64_MAX));
      committee = id;
    }
    return RenderNewMeeting(*c, ex, committee, 200, "");
  });
  post("/seances", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    GARANT_ASSIGN_OR_RETURN(int64_t committee, FormInt(f, "committee_id", 1, INT64_MAX));
    Meeting m;
    m.committee_id = committee;
    m.minutes = Get(f, "minutes");
    m.agenda = CheckedIds(f, "agenda_");
    m.present = CheckedIds(f, "present_");
    auto held = ParseParisLocal(Get(f, "held_at"));
    Status st = held.status();
    // Topic rows: a row with a blank title adds nothing.
    for (int n = 1; n <= kTopicRows && st.ok(); ++n) {
      std::string title = Trimmed(Get(f, "topic_title_" + std::to_string(n)));
      if (title.empty()) continue;
      auto category = ParseTopicCategory(Get(f, "topic_category_" + std::to_string(n)));
      if (!category.ok()) {
        st = category.status();
        break;
      }
      m.topics.push_back({0, 0, *category, title});
    }
    if (st.ok()) {
      m.held_at = *held;
      auto recorded = c->store->RecordMeeting(ex.principal().Actor(), m);
      if (recorded.ok()) {
        ex.Redirect(base + "/seances/" + std::to_string(recorded->id) + "?ok=seance");
        return Status::Ok();
      }
      st = recorded.status();
    }
    return RenderNewMeeting(*c, ex, committee, StatusFor(st), FrenchError(st));
  });
  get("/seances/{id}", [c](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    return RenderMeeting(*c, ex, id, 200, "", std::nullopt);
  });
  post("/seances/{id}/decisions", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    // The subject: a project of the agenda (project_id) or a topic
    // (topic_id); a form naming neither or both is refused by the store.
    DecisionDraft d;
    std::optional<int64_t> project, topic;
    if (!Get(f, "project_id").empty()) {
      GARANT_ASSIGN_OR_RETURN(project, FormInt(f, "project_id", 1, INT64_MAX));
    }
    if (!Get(f, "topic_id").empty()) {
      GARANT_ASSIGN_OR_RETURN(topic, FormInt(f, "topic_id", 1, INT64_MAX));
      d.is_public = Get(f, "public") == "oui";
    }
    d.project_id = project.value_or(0);
    d.topic_id = topic;
    d.meeting_id = id;
    d.reasons = Get(f, "reasons");
    d.conditions = Get(f, "conditions");
    auto outcome = ParseOutcome(Get(f, "outcome"));
    Status st = outcome.status();
    if (st.ok()) d.outcome = *outcome;
    if (st.ok() && !Get(f, "amends_decision_id").empty()) {
      auto amends = FormInt(f, "amends_decision_id", 1, INT64_MAX);
      if (amends.ok())
        d.amends_decision_id = *amends;
      else
        st = amends.status();
    }
    for (const auto& [k, v] : f) {
      if (!st.ok()) break;
      if (k.rfind("vote_", 0) != 0 || v.empty()) continue;
      Form one{{"id", k.substr(5)}};
      auto member = FormInt(one, "id", 1, INT64_MAX);
      auto choice = ParseVoteChoice(v);
      if (!member.ok())
        st = member.status();
      else if (!choice.ok())
        st = choice.status();
      else
        d.votes.push_back({*member, *choice});
    }
    // Recorded unsigned (validated in full: quorum, votes, conflicts), then
    // shown for signature with what the portal will publish: signing is
    // irreversible.
    if (st.ok()) {
      auto recorded = c->store->RecordDecision(ex.principal().Actor(), d, false);
      if (recorded.ok()) {
        ex.Redirect(base + "/seances/" + std::to_string(id) + "/decisions/" +
                    std::to_string(recorded->id) + "/signature");
        return Status::Ok();
      }
      st = recorded.status();
    }
    return RenderMeeting(*c, ex, id, StatusFor(st), FrenchError(st), project, topic);
  });
  // A conflict of interest declared at the meeting: the member withdraws from
  // that project (recusal, shown in the minutes).
  post("/seances/{id}/conflits", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    GARANT_ASSIGN_OR_RETURN(int64_t project, FormInt(f, "project_id", 1, INT64_MAX));
    auto member = FormInt(f, "member_id", 1, INT64_MAX);
    Status st = member.status();
    if (st.ok()) {
      st = c->store
               ->DeclareConflict(ex.principal().Actor(), {*member, project, Get(f, "description")},
                                 id)
               .status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/seances/" + std::to_string(id) + "?ok=conflit");
      return Status::Ok();
    }
    if (st.code() == Code::kNotFound) return st;
    return RenderMeeting(*c, ex, id, StatusFor(st), FrenchError(st), std::nullopt);
  });
  post("/comites/{id}/membres/{member}/declarations", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t member, IdParam(ex, "member"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    GARANT_ASSIGN_OR_RETURN(auto members, c->store->ListMembers(id));
    if (std::none_of(members.begin(), members.end(),
                     [&](const Member& m) { return m.id == member; })) {
      return Status::NotFound("member not found");
    }
    InterestDeclaration d;
    d.member_id = member;
    d.public_summary = Get(f, "public_summary");
    // One organisation per line.
    std::string orgs = Get(f, "organisations");
    size_t start = 0;
    while (start <= orgs.size()) {
      size_t nl = orgs.find('\n', start);
      std::string line =
          orgs.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      std::erase(line, '\r');
      if (!Trimmed(line).empty()) d.organisations.push_back(Trimmed(line));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    auto year = FormInt(f, "year", 2000, 2100);
    auto signed_on = ParseDate(Get(f, "signed_on"));
    Status st = !year.ok() ? Status::InvalidArgument("year").WithReason(reason::kInvalidDeclaration)
                           : signed_on.status();
    if (st.ok()) {
      d.year = static_cast<int>(*year);
      d.signed_on = *signed_on;
      st = c->store->RecordDeclaration(ex.principal().Actor(), d).status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/comites/" + std::to_string(id) + "?ok=declaration");
      return Status::Ok();
    }
    return RenderCommittee(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  get("/seances/{id}/decisions/{decision}/signature", [c](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t decision, IdParam(ex, "decision"));
    return RenderSignature(*c, ex, id, decision, 200, "");
  });
  post("/seances/{id}/decisions/{decision}/signature", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t decision, IdParam(ex, "decision"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    if (Get(f, "confirm") != "oui") {
      return RenderSignature(*c, ex, id, decision, 400,
                             "Cochez la case pour confirmer que vous avez relu la décision avant "
                             "de la signer.");
    }
    GARANT_ASSIGN_OR_RETURN(DecisionRecord dr, c->store->GetDecision(decision));
    if (dr.draft.meeting_id != id) return Status::NotFound("decision not found");
    auto signed_ = c->store->SignDecision(ex.principal().Actor(), decision);
    if (signed_.ok()) {
      ex.Redirect(base + "/seances/" + std::to_string(id) + "?ok=decision");
      return Status::Ok();
    }
    return RenderSignature(*c, ex, id, decision, StatusFor(signed_.status()),
                           FrenchError(signed_.status()));
  });

  // Discarding a decision recorded by mistake, before its signature: a
  // confirmation page, then the deletion (GovernanceStore::DiscardDecision).
  get("/seances/{id}/decisions/{decision}/abandon", [c](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t decision, IdParam(ex, "decision"));
    return RenderDiscard(*c, ex, id, decision, 200, "", "");
  });
  post("/seances/{id}/decisions/{decision}/abandon", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t decision, IdParam(ex, "decision"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    const std::string why = Get(f, "reason");
    if (Get(f, "confirm") != "oui") {
      return RenderDiscard(*c, ex, id, decision, 400,
                           "Cochez la case pour confirmer l'abandon de ce brouillon.", why);
    }
    GARANT_ASSIGN_OR_RETURN(DecisionRecord dr, c->store->GetDecision(decision));
    if (dr.draft.meeting_id != id) return Status::NotFound("decision not found");
    auto discarded = c->store->DiscardDecision(ex.principal().Actor(), decision, why);
    if (discarded.ok()) {
      ex.Redirect(base + "/seances/" + std::to_string(id) + "?ok=abandon");
      return Status::Ok();
    }
    return RenderDiscard(*c, ex, id, decision, StatusFor(discarded.status()),
                         FrenchError(discarded.status()), why);
  });

  // Corrections: the record changes, the previous text stays in its history.
  post("/projets/{id}/resume", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Status st = c->store
                    ->CorrectProjectSummary(ex.principal().Actor(), id, Get(f, "public_summary"),
                                            Get(f, "note"))
                    .status();
    if (st.ok()) {
      ex.Redirect(base + "/projets/" + std::to_string(id) + "?ok=resume");
      return Status::Ok();
    }
    return RenderProject(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  post("/projets/{id}/hdh", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Status st = c->store
                    ->SetProjectHdhNumber(ex.principal().Actor(), id,
                                          Trimmed(Get(f, "hdh_directory_number")), Get(f, "note"))
                    .status();
    if (st.ok()) {
      ex.Redirect(base + "/projets/" + std::to_string(id) + "?ok=hdh");
      return Status::Ok();
    }
    return RenderProject(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  post("/comites/{id}/membres/{member}/fin-de-mandat", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t member, IdParam(ex, "member"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    GARANT_ASSIGN_OR_RETURN(auto members, c->store->ListMembers(id));
    if (std::none_of(members.begin(), members.end(),
                     [&](const Member& m) { return m.id == member; })) {
      return Status::NotFound("member not found");
    }
    Status st;
    std::optional<Date> end;
    if (!Get(f, "term_end").empty()) {
      auto parsed = ParseDate(Get(f, "term_end"));
      if (parsed.ok())
        end = *parsed;
      else
        st = parsed.status();
    }
    // With a reason (term expired, resignation, other) the mandate ends
    // (EndMembership); without one, the date is corrected (or removed).
    const std::string why = Get(f, "end_reason");
    if (st.ok() && !why.empty()) {
      auto parsed = ParseMandateEnd(why);
      if (!parsed.ok() || *parsed == MandateEnd::kNone || *parsed == MandateEnd::kReplaced) {
        st = Status::InvalidArgument("choose a reason among the proposed ones")
                 .WithReason(reason::kInvalidMandateEnd);
      } else if (!end) {
        st = Status::InvalidArgument("the last day of the mandate is required")
                 .WithReason(reason::kInvalidTerm);
      } else {
        st = c->store->EndMembership(ex.principal().Actor(), member, *end, *parsed, Get(f, "note"))
                 .status();
      }
    } else if (st.ok()) {
      st = c->store->CorrectMemberTermEnd(ex.principal().Actor(), member, end, Get(f, "note"))
               .status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/comites/" + std::to_string(id) + "?ok=mandat");
      return Status::Ok();
    }
    return RenderCommittee(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  post("/comites/{id}/membres/{member}/remplacement", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(int64_t member, IdParam(ex, "member"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    GARANT_ASSIGN_OR_RETURN(auto members, c->store->ListMembers(id));
    if (std::none_of(members.begin(), members.end(),
                     [&](const Member& m) { return m.id == member; })) {
      return Status::NotFound("member not found");
    }
    Member successor;
    successor.full_name = Get(f, "full_name");
    successor.voting = Get(f, "voting") != "non";
    auto role = ParseMemberRole(Get(f, "role"));
    auto start = ParseDate(Get(f, "term_start"));
    Status st = !role.ok() ? role.status() : start.status();
    if (st.ok()) {
      successor.role = *role;
      successor.term_start = *start;
      st = c->store->ReplaceMember(ex.principal().Actor(), member, successor, Get(f, "note"))
               .status();
    }
    if (st.ok()) {
      ex.Redirect(base + "/comites/" + std::to_string(id) + "?ok=remplacement");
      return Status::Ok();
    }
    return RenderCommittee(*c, ex, id, StatusFor(st), FrenchError(st));
  });
  post("/seances/{id}/proces-verbal", [c, base](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Form f, ReadForm(ex));
    Status st =
        c->store->CorrectMinutes(ex.principal().Actor(), id, Get(f, "minutes"), Get(f, "note"))
            .status();
    if (st.ok()) {
      ex.Redirect(base + "/seances/" + std::to_string(id) + "?ok=pv");
      return Status::Ok();
    }
    return RenderMeeting(*c, ex, id, StatusFor(st), FrenchError(st), std::nullopt);
  });
}

}  // namespace garant::server::gov
