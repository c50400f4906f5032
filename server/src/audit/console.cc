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
#include "garant/core/urlencoded.h"
#include "http/actor_names.h"
#include "http/pages.h"

namespace garant::server {
namespace {

// "AAAA-MM-JJ" (a whole day; `end` gives the next midnight) or RFC 3339.
bool ParseDayOrTime(const std::string& s, bool end, TimePoint* out) {
  TimePoint t;
  if (s.size() == 10 && ParseRfc3339(s + "T00:00:00Z", &t)) {
    if (end) t += std::chrono::hours(24);
  } else if (!ParseRfc3339(s, &t)) {
    return false;
  }
  *out = t;
  return true;
}

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
    TimePoint t;
    if (ParseDayOrTime(from_text, false, &t)) {
      q.from = t;
      next_query += "from=" + UrlEncode(from_text) + "&";
    } else {
      error = "La date de début doit être écrite AAAA-MM-JJ.";
    }
  }
  if (!to_text.empty()) {
    TimePoint t;
    if (ParseDayOrTime(to_text, true, &t)) {
      q.to = t;
      next_query += "to=" + UrlEncode(to_text) + "&";
    } else {
      error = "La date de fin doit être écrite AAAA-MM-JJ.";
    }
  }
  if (auto c = ex.Query("cursor"); c && !c->empty()) {
    auto v = ParseLogIndex(*c, "cursor");
    if (v.ok()) q.before = *v;
  }
  GARANT_ASSIGN_OR_RETURN(access::Period overview_period, OverviewPeriod(ex, ctx.s.clock.Now()));
  GARANT_RETURN_IF_ERROR(RecordDeskView(ctx, ex, "audit/journal"));
  // Read before the page takes its connection (two lists, their own).
  const ActorNames names = ActorNames::Load(ctx.s);
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
            FillOverview(ctx, **conn, overview_period, d);
            FillCheckpoint(ctx, **conn, d);
            d.SetValue("Q_TYPE", q.type.value_or(""));
            d.SetValue("Q_ACTOR", q.actor.value_or(""));
            d.SetValue("Q_OBJECT", q.object.value_or(""));
            d.SetValue("Q_FROM", from_text);
            d.SetValue("Q_TO", to_text);
            if (!error.empty()) {
              d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
            }
            d.SetValue("COUNT", std::to_string(rows.size()));
            for (const audit::EntryRow& r : rows) {
              auto* row = d.AddSectionDictionary("ROW");
              row->SetValue("INDEX", std::to_string(r.index));
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
