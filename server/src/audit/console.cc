// The auditor console (French): GET /audit shows the period overview of the
// access trail (desk.cc), the latest signed checkpoint, whether its signature
// verifies with garant's key, and a searchable list of entries with their
// decoded content. Each view is recorded as garant's own access event.
#include <ctemplate/template.h>

#include <chrono>

#include "audit/http.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/dates.h"
#include "garant/core/urlencoded.h"
#include "http/actor_names.h"
#include "http/pages.h"

namespace garant::server {
namespace {

void FillCheckpoint(AuditHttp& ctx, db::Connection& conn, ctemplate::TemplateDictionary& d) {
  auto latest = audit::ReadLatestCheckpoint(conn);
  auto head = audit::ReadTreeHead(conn);
  if (!latest.ok() || !latest->has_value()) {
    d.ShowSection("NO_CHECKPOINT");
    return;
  }
  const audit::LatestCheckpoint& cp = **latest;
  auto* c = d.AddSectionDictionary("CHECKPOINT");
  c->SetValue("ORIGIN", cp.checkpoint.origin);
  c->SetValue("SIZE", std::to_string(cp.checkpoint.head.size));
  c->SetValue("ROOT", Base64Encode(cp.checkpoint.head.root));
  c->SetValue("SIGNED_AT", cp.signed_at);
  c->SetValue("TREE_SIZE", head.ok() ? std::to_string(head->size) : "?");
  c->SetValue("PUBLIC_URL", ctx.s.config.public_url.empty() ? "https://<adresse de garant>/"
                                                            : ctx.s.config.public_url);
  std::vector<audit::NoteVerifier> verifiers = {ctx.verifier};
  auto opened = audit::OpenCheckpoint(cp.note, ctx.origin, verifiers);
  if (opened.ok()) {
    c->AddSectionDictionary("VERIFIED")->SetValue("KEY", ctx.verifier.KeyString());
  } else {
    c->AddSectionDictionary("NOT_VERIFIED")->SetValue("PROBLEM", opened.status().message());
  }
}

Status ShowConsole(HttpExchange& ex, AuditHttp& ctx) {
  audit::EntryFilter q;
  q.limit = 50;
  std::string error;
  std::string next_query;
  auto take = [&](const char* name, size_t max, std::optional<std::string>* into) {
    auto v = ex.Query(name);
    if (!v || v->empty()) return;
    if (v->size() > max || !IsValidUtf8(*v) || v->find('\0') != std::string::npos) {
      error = "Un critère de recherche est trop long.";
      return;
    }
    *into = *v;
    next_query += std::string(name) + "=" + UrlEncode(*v) + "&";
  };
  take("type", audit::kMaxTypeSize, &q.type);
  take("actor", 80, &q.actor);
  take("object", audit::kMaxObjectSize, &q.object);
  std::string from_text = ex.Query("from").value_or("");
  std::string to_text = ex.Query("to").value_or("");
  if (!from_text.empty()) {
    if (auto t = ParsePeriodBound(from_text, false)) {
      q.from = *t;
      next_query += "from=" + UrlEncode(from_text) + "&";
    } else {
      error = "La date de début doit être écrite JJ/MM/AAAA.";
    }
  }
  if (!to_text.empty()) {
    if (auto t = ParsePeriodBound(to_text, true)) {
      q.to = *t;
      next_query += "to=" + UrlEncode(to_text) + "&";
    } else {
      error = "La date de fin doit être écrite JJ/MM/AAAA.";
    }
  }
  if (auto c = ex.Query("cursor"); c && !c->empty()) {
    auto v = ParseLogIndex(*c, "cursor");
    if (v.ok()) q.before = *v;
  }
  GARANT_ASSIGN_OR_RETURN(OverviewPeriodQuery overview_period,
                          OverviewPeriod(ex, ctx.s.clock.Now()));
  GARANT_RETURN_IF_ERROR(RecordDeskView(ctx, ex, "audit/journal"));
  // Read before the page takes its connection (two lists, their own).
  const ActorNames names = ActorNames::Load(ctx.s);
  const std::optional<int64_t> open_cases = OpenCases(ctx);
  auto conn = ctx.s.pool.Acquire();
  if (!conn.ok()) return conn.status();
  std::vector<audit::EntryRow> rows;
  if (error.empty()) {
    auto found = audit::SearchEntries(**conn, q);
    if (!found.ok()) return found.status();
    rows = std::move(found->entries);
  }
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(
      200,
      RenderPage(
          "Journal d'audit", "audit_console.tpl", ex.principal(),
          [&](ctemplate::TemplateDictionary& d) {
            FillOverview(ctx, **conn, overview_period, open_cases, d);
            FillCheckpoint(ctx, **conn, d);
            d.SetValue("Q_TYPE", q.type.value_or(""));
            d.SetValue("Q_ACTOR", q.actor.value_or(""));
            d.SetValue("Q_OBJECT", q.object.value_or(""));
            d.SetValue("Q_FROM", DateInputValue(q.from, false));
            d.SetValue("Q_TO", DateInputValue(q.to, true));
            if (!error.empty()) {
              d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
            }
            d.SetValue("COUNT", std::to_string(rows.size()));
            for (const audit::EntryRow& r : rows) {
              auto* row = d.AddSectionDictionary("ROW");
              row->SetValue("INDEX", std::to_string(r.index));
              if (r.pruned) {
                // The content is gone; the search columns are what is left.
                const audit::PrunedEntry& p = *r.pruned;
                row->SetValue("TIME", FormatParisHuman(p.time));
                row->SetValue("TYPE", p.type);
                row->SetValue("ACTOR", names.Name(p.actor));
                if (names.Knows(p.actor)) {
                  row->AddSectionDictionary("ACTOR_CODE")->SetValue("CODE", p.actor);
                }
                row->SetValue("OBJECT", p.object);
                row->SetValue("ID", p.id);
                row->AddSectionDictionary("PRUNED")->SetValue(
                    "NOTICE", PrunedNoticeFr(p.pruned_at, p.retention_days));
                row->ShowSection(r.is_signed ? "SIGNED" : "UNSIGNED");
                continue;
              }
              row->AddSectionDictionary("CONTENT");
              auto e = audit::DecodeLeaf(r.leaf);
              if (!e.ok()) {
                row->AddSectionDictionary("UNDECODABLE")->SetValue("PROBLEM", e.status().message());
                continue;
              }
              row->SetValue("TIME", FormatParisHuman(e->time));
              row->SetValue("TYPE", e->type);
              row->SetValue("ACTOR", names.Name(e->actor));
              if (names.Knows(e->actor)) {
                row->AddSectionDictionary("ACTOR_CODE")->SetValue("CODE", e->actor);
              }
              row->SetValue("OBJECT", e->object);
              row->SetValue("PAYLOAD", e->payload);
              row->SetValue("ID", e->id);
              row->ShowSection(r.is_signed ? "SIGNED" : "UNSIGNED");
            }
            if (static_cast<int64_t>(rows.size()) == q.limit) {
              d.AddSectionDictionary("NEXT")->SetValue(
                  "HREF", "/audit?" + next_query + "cursor=" + std::to_string(rows.back().index));
            }
          }));
  return Status::Ok();
}

}  // namespace

void AddAuditConsoleRoutes(Router& router, std::shared_ptr<AuditHttp> ctx) {
  router.Add({.method = "GET",
              .pattern = "/audit",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kAuditReadRoles,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ShowConsole(ex, *ctx); }});
}

}  // namespace garant::server
