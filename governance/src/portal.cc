// The directory fields of a project (portal.h): validation, JSON, changes.

#include "garant/governance/portal.h"

#include <algorithm>
#include <set>

#include "garant/core/bytes.h"
#include "garant/core/decimal.h"
#include "garant/governance/reasons.h"

namespace garant::governance {

namespace {

Status Refuse(std::string_view reason, const std::string& what, std::string_view name,
              std::string* field) {
  if (field != nullptr) *field = std::string(name);
  return Status::InvalidArgument("portal field '" + std::string(name) + "': " + what)
      .WithReason(reason);
}

std::string_view Trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

bool HasControl(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char ch) {
    auto c = static_cast<unsigned char>(ch);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return c < 0x20 || c == 0x7f;
  });
}

// A short text: required (1..max after trimming), one line.
Status CheckName(std::string_view s, size_t max, std::string_view name, std::string* field) {
  if (Trim(s).empty()) return Refuse(reason::kPortalInvalidValue, "empty", name, field);
  if (s.size() > max) return Refuse(reason::kPortalTextTooLong, "too long", name, field);
  if (!IsValidUtf8(s) || HasControl(s, false)) {
    return Refuse(reason::kPortalInvalidValue, "invalid characters", name, field);
  }
  return Status::Ok();
}

// A free text: optional, several lines.
Status CheckText(std::string_view s, size_t max, std::string_view name, std::string* field) {
  if (s.size() > max) return Refuse(reason::kPortalTextTooLong, "too long", name, field);
  if (!IsValidUtf8(s) || HasControl(s, true)) {
    return Refuse(reason::kPortalInvalidValue, "invalid characters", name, field);
  }
  return Status::Ok();
}

bool InRange(Date d) {
  const int y = static_cast<int>(std::chrono::year_month_day(d).year());
  return y >= 2000 && y <= 2100;
}

Status CheckDate(Date d, std::string_view name, std::string* field) {
  if (!InRange(d)) return Refuse(reason::kPortalInvalidDate, "outside 2000..2100", name, field);
  return Status::Ok();
}

}  // namespace

std::string_view ToString(FunderKind k) { return k == FunderKind::kPublic ? "public" : "private"; }
Result<FunderKind> ParseFunderKind(std::string_view s) {
  if (s == "public") return FunderKind::kPublic;
  if (s == "private") return FunderKind::kPrivate;
  return Status::InvalidArgument("unknown funder kind").WithReason(reason::kPortalInvalidValue);
}

std::string_view ToString(PortalPlatform p) {
  switch (p) {
    case PortalPlatform::kContact:
      return "contact";
    case PortalPlatform::kHealthDataHub:
      return "health_data_hub";
    case PortalPlatform::kOther:
      return "other";
  }
  return "other";
}
Result<PortalPlatform> ParsePortalPlatform(std::string_view s) {
  if (s == "contact") return PortalPlatform::kContact;
  if (s == "health_data_hub") return PortalPlatform::kHealthDataHub;
  if (s == "other") return PortalPlatform::kOther;
  return Status::InvalidArgument("unknown platform").WithReason(reason::kPortalInvalidValue);
}

std::string_view ToString(Linkage l) { return l == Linkage::kNone ? "none" : "linked"; }
Result<Linkage> ParseLinkage(std::string_view s) {
  if (s == "none") return Linkage::kNone;
  if (s == "linked") return Linkage::kLinked;
  return Status::InvalidArgument("unknown linkage").WithReason(reason::kPortalInvalidValue);
}

bool KnownSensitiveCategory(std::string_view s) {
  return std::find(std::begin(kSensitiveCategories), std::end(kSensitiveCategories), s) !=
         std::end(kSensitiveCategories);
}

Result<Date> ParsePortalDate(std::string_view s) {
  std::string iso;
  if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
    iso = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(3, 2)) + "-" +
          std::string(s.substr(0, 2));
  } else {
    iso = std::string(s);
  }
  auto d = ParseDate(iso);
  if (!d.ok() || !InRange(*d)) {
    return Status::InvalidArgument("date must be YYYY-MM-DD or DD/MM/YYYY, 2000..2100")
        .WithReason(reason::kPortalInvalidDate);
  }
  return *d;
}

bool ValidPortalUrl(std::string_view s) {
  if (s.size() > kPortalUrlMax) return false;
  size_t rest = 0;
  if (s.starts_with("https://"))
    rest = 8;
  else if (s.starts_with("http://"))
    rest = 7;
  else
    return false;
  if (s.size() <= rest || s[rest] == '/' || s[rest] == '.') return false;
  return std::none_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
           c == '`';
  });
}

bool ValidDoi(std::string_view s) {
  if (s.size() > 200 || !s.starts_with("10.")) return false;
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash < 7 || slash > 12 || slash + 1 >= s.size()) {
    return false;
  }
  for (size_t i = 3; i < slash; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return std::none_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>';
  });
}

Status ValidatePortalFields(const PortalFields& f, std::string* field) {
  if (f.funders.size() > kPortalListMax) {
    return Refuse(reason::kPortalInvalidValue, "too many funders", "funders", field);
  }
  for (const Funder& x : f.funders) {
    GARANT_RETURN_IF_ERROR(CheckName(x.name, kPortalNameMax, "funders", field));
    if (x.amount_eur && (*x.amount_eur < 0 || *x.amount_eur > kPortalAmountMax)) {
      return Refuse(reason::kPortalInvalidValue, "amount out of range", "funders", field);
    }
  }
  if (f.start) GARANT_RETURN_IF_ERROR(CheckDate(*f.start, "calendar", field));
  if (f.end) GARANT_RETURN_IF_ERROR(CheckDate(*f.end, "calendar", field));
  if (f.start && f.end && *f.end < *f.start) {
    return Refuse(reason::kPortalInvalidDate, "end before start", "calendar", field);
  }
  if (f.milestones.size() > kPortalListMax) {
    return Refuse(reason::kPortalInvalidValue, "too many milestones", "calendar", field);
  }
  for (const Milestone& m : f.milestones) {
    GARANT_RETURN_IF_ERROR(CheckDate(m.date, "calendar", field));
    GARANT_RETURN_IF_ERROR(CheckName(m.label, kPortalNameMax, "calendar", field));
  }
  if (f.sources.size() > kPortalListMax) {
    return Refuse(reason::kPortalInvalidValue, "too many sources", "sources", field);
  }
  for (const std::string& s : f.sources) {
    GARANT_RETURN_IF_ERROR(CheckName(s, kPortalNameMax, "sources", field));
  }
  if (f.linkage == Linkage::kLinked) {
    GARANT_RETURN_IF_ERROR(CheckName(f.linkage_bases, kPortalNameMax, "linkage", field));
    if (Trim(f.linkage_method).empty()) {
      return Refuse(reason::kPortalInvalidValue, "a linkage needs its method", "linkage", field);
    }
  } else if (!Trim(f.linkage_bases).empty() || !Trim(f.linkage_method).empty()) {
    return Refuse(reason::kPortalInvalidValue, "bases or method without a linkage", "linkage",
                  field);
  }
  GARANT_RETURN_IF_ERROR(CheckText(f.linkage_bases, kPortalNameMax, "linkage", field));
  GARANT_RETURN_IF_ERROR(CheckText(f.linkage_method, kPortalTextMax, "linkage", field));
  std::set<std::string_view> seen;
  for (const std::string& s : f.sensitive) {
    if (!KnownSensitiveCategory(s)) {
      return Refuse(reason::kPortalUnknownField, "unknown sensitive category", "sensitive", field);
    }
    if (!seen.insert(s).second) {
      return Refuse(reason::kPortalInvalidValue, "repeated category", "sensitive", field);
    }
  }
  GARANT_RETURN_IF_ERROR(CheckText(f.sensitive_details, kPortalTextMax, "sensitive", field));
  if (f.platform == PortalPlatform::kOther) {
    GARANT_RETURN_IF_ERROR(CheckName(f.platform_name, kPortalNameMax, "platform", field));
  } else {
    GARANT_RETURN_IF_ERROR(CheckText(f.platform_name, kPortalNameMax, "platform", field));
  }
  if (f.results.size() > kPortalResultsMax) {
    return Refuse(reason::kPortalInvalidValue, "too many results", "results", field);
  }
  std::set<int64_t> ids;
  for (const PortalResult& r : f.results) {
    if (r.id < 1 || !ids.insert(r.id).second) {
      return Refuse(reason::kPortalInvalidValue, "result ids are 1.. and distinct", "results",
                    field);
    }
    GARANT_RETURN_IF_ERROR(CheckName(r.title, kPortalTitleMax, "results", field));
    GARANT_RETURN_IF_ERROR(CheckText(r.note, kPortalNoteMax, "results", field));
    if (!r.note.empty() && !r.corrected_at && !r.withdrawn_at) {
      return Refuse(reason::kPortalInvalidValue, "a note without a correction", "results", field);
    }
    GARANT_RETURN_IF_ERROR(CheckDate(r.date, "results", field));
    if (!r.url.empty() && !ValidPortalUrl(r.url)) {
      return Refuse(reason::kPortalInvalidUrl, "invalid address", "results", field);
    }
    if (!r.doi.empty() && !ValidDoi(r.doi)) {
      return Refuse(reason::kPortalInvalidUrl, "invalid DOI", "results", field);
    }
  }
  GARANT_RETURN_IF_ERROR(CheckText(f.notice, kPortalNoticeMax, "notice", field));
  return Status::Ok();
}

boost::json::object PortalFieldsJson(const PortalFields& f) {
  boost::json::array funders;
  for (const Funder& x : f.funders) {
    boost::json::object o{{"name", x.name}, {"kind", ToString(x.kind)}};
    o["amount_eur"] = x.amount_eur ? boost::json::value(*x.amount_eur) : nullptr;
    funders.push_back(std::move(o));
  }
  boost::json::array milestones;
  for (const Milestone& m : f.milestones) {
    milestones.push_back({{"date", FormatDate(m.date)}, {"label", m.label}});
  }
  boost::json::object calendar;
  calendar["start"] = f.start ? boost::json::value(FormatDate(*f.start)) : nullptr;
  calendar["end"] = f.end ? boost::json::value(FormatDate(*f.end)) : nullptr;
  calendar["milestones"] = std::move(milestones);
  boost::json::array sources;
  for (const std::string& s : f.sources) sources.emplace_back(s);
  boost::json::array sensitive;
  for (const std::string& s : f.sensitive) sensitive.emplace_back(s);
  boost::json::array results;
  auto time = [](const std::optional<TimePoint>& t) {
    return t ? boost::json::value(FormatRfc3339Utc(*t)) : boost::json::value(nullptr);
  };
  for (const PortalResult& r : f.results) {
    results.push_back({{"id", r.id},
                       {"title", r.title},
                       {"date", FormatDate(r.date)},
                       {"url", r.url},
                       {"doi", r.doi},
                       {"corrected_at", time(r.corrected_at)},
                       {"withdrawn_at", time(r.withdrawn_at)},
                       {"note", r.note}});
  }
  boost::json::object platform;
  platform["kind"] = f.platform ? boost::json::value(ToString(*f.platform)) : nullptr;
  platform["name"] = f.platform_name;
  platform["hds_hosting"] = f.hds_hosting;
  return {
      {"funders", std::move(funders)},
      {"calendar", std::move(calendar)},
      {"sources", std::move(sources)},
      {"linkage",
       {{"kind", ToString(f.linkage)}, {"bases", f.linkage_bases}, {"method", f.linkage_method}}},
      {"sensitive", {{"categories", std::move(sensitive)}, {"details", f.sensitive_details}}},
      {"platform", std::move(platform)},
      {"results", std::move(results)},
      {"notice", f.notice}};
}

namespace {

// A strict reader of one JSON object: Take() each known key, then Done()
// refuses any left.
class Reader {
 public:
  Reader(const boost::json::value& v, std::string_view name, std::string* field)
      : name_(name), field_(field) {
    if (v.is_object()) obj_ = &v.as_object();
  }
  Status ok() const { return obj_ != nullptr ? Status::Ok() : Bad("must be an object"); }
  const boost::json::value* Take(std::string_view key) {
    if (obj_ == nullptr) return nullptr;
    taken_.insert(std::string(key));
    const boost::json::value* v = obj_->if_contains(key);
    return (v == nullptr || v->is_null()) ? nullptr : v;
  }
  Result<std::string> String(std::string_view key) {
    const boost::json::value* v = Take(key);
    if (v == nullptr) return std::string();
    if (!v->is_string()) return Bad(std::string(key) + " must be a string");
    return std::string(v->as_string());
  }
  Result<std::optional<Date>> OptionalDate(std::string_view key) {
    const boost::json::value* v = Take(key);
    if (v == nullptr) return std::optional<Date>();
    if (!v->is_string()) return Bad(std::string(key) + " must be a date");
    auto d = ParseDate(std::string_view(v->as_string()));
    if (!d.ok()) return Refuse(reason::kPortalInvalidDate, "invalid date", name_, field_);
    return std::optional<Date>(*d);
  }
  Result<std::optional<TimePoint>> OptionalTime(std::string_view key) {
    const boost::json::value* v = Take(key);
    if (v == nullptr) return std::optional<TimePoint>();
    TimePoint t{};
    if (!v->is_string() || !ParseRfc3339(std::string_view(v->as_string()), &t)) {
      return Refuse(reason::kPortalInvalidDate, std::string(key) + " must be an RFC 3339 time",
                    name_, field_);
    }
    return std::optional<TimePoint>(t);
  }
  Result<const boost::json::array*> Array(std::string_view key) {
    static const boost::json::array kEmpty;
    const boost::json::value* v = Take(key);
    if (v == nullptr) return &kEmpty;
    if (!v->is_array()) return Bad(std::string(key) + " must be an array");
    return &v->as_array();
  }
  Status Done() const {
    if (obj_ == nullptr) return Bad("must be an object");
    for (const auto& kv : *obj_) {
      if (!taken_.contains(std::string(kv.key()))) {
        return Refuse(reason::kPortalUnknownField, "unknown key " + std::string(kv.key()), name_,
                      field_);
      }
    }
    return Status::Ok();
  }
  Status Bad(const std::string& what) const {
    return Refuse(reason::kPortalInvalidValue, what, name_, field_);
  }

 private:
  const boost::json::object* obj_ = nullptr;
  std::string name_;
  std::string* field_;
  std::set<std::string> taken_;
};

}  // namespace

Result<PortalFields> PortalFieldsFromJson(const boost::json::value& v, std::string* field) {
  PortalFields f;
  Reader top(v, "", field);
  GARANT_RETURN_IF_ERROR(top.ok());
  for (const auto& kv : v.as_object()) {
    if (std::find(std::begin(kPortalFieldNames), std::end(kPortalFieldNames), kv.key()) ==
        std::end(kPortalFieldNames)) {
      return Refuse(reason::kPortalUnknownField, "unknown field", kv.key(), field);
    }
  }
  {
    GARANT_ASSIGN_OR_RETURN(const boost::json::array* a, top.Array("funders"));
    for (const auto& item : *a) {
      Reader r(item, "funders", field);
      GARANT_ASSIGN_OR_RETURN(std::string name, r.String("name"));
      GARANT_ASSIGN_OR_RETURN(std::string kind, r.String("kind"));
      Funder x;
      x.name = name;
      auto k = ParseFunderKind(kind);
      if (!k.ok()) return r.Bad("kind");
      x.kind = *k;
      if (const boost::json::value* amount = r.Take("amount_eur")) {
        if (!amount->is_int64()) return r.Bad("amount_eur must be an integer");
        x.amount_eur = amount->as_int64();
      }
      GARANT_RETURN_IF_ERROR(r.Done());
      f.funders.push_back(std::move(x));
    }
  }
  if (const boost::json::value* cal = top.Take("calendar")) {
    Reader r(*cal, "calendar", field);
    GARANT_RETURN_IF_ERROR(r.ok());
    GARANT_ASSIGN_OR_RETURN(f.start, r.OptionalDate("start"));
    GARANT_ASSIGN_OR_RETURN(f.end, r.OptionalDate("end"));
    GARANT_ASSIGN_OR_RETURN(const boost::json::array* a, r.Array("milestones"));
    for (const auto& item : *a) {
      Reader m(item, "calendar", field);
      GARANT_ASSIGN_OR_RETURN(std::optional<Date> d, m.OptionalDate("date"));
      if (!d) return m.Bad("a milestone needs its date");
      GARANT_ASSIGN_OR_RETURN(std::string label, m.String("label"));
      GARANT_RETURN_IF_ERROR(m.Done());
      f.milestones.push_back({*d, label});
    }
    GARANT_RETURN_IF_ERROR(r.Done());
  }
  {
    GARANT_ASSIGN_OR_RETURN(const boost::json::array* a, top.Array("sources"));
    for (const auto& item : *a) {
      if (!item.is_string()) return Refuse(reason::kPortalInvalidValue, "text", "sources", field);
      f.sources.emplace_back(item.as_string());
    }
  }
  if (const boost::json::value* l = top.Take("linkage")) {
    Reader r(*l, "linkage", field);
    GARANT_RETURN_IF_ERROR(r.ok());
    GARANT_ASSIGN_OR_RETURN(std::string kind, r.String("kind"));
    auto k = ParseLinkage(kind.empty() ? "none" : kind);
    if (!k.ok()) return r.Bad("kind");
    f.linkage = *k;
    GARANT_ASSIGN_OR_RETURN(f.linkage_bases, r.String("bases"));
    GARANT_ASSIGN_OR_RETURN(f.linkage_method, r.String("method"));
    GARANT_RETURN_IF_ERROR(r.Done());
  }
  if (const boost::json::value* s = top.Take("sensitive")) {
    Reader r(*s, "sensitive", field);
    GARANT_RETURN_IF_ERROR(r.ok());
    GARANT_ASSIGN_OR_RETURN(const boost::json::array* a, r.Array("categories"));
    for (const auto& item : *a) {
      if (!item.is_string()) return r.Bad("categories are texts");
      f.sensitive.emplace_back(item.as_string());
    }
    GARANT_ASSIGN_OR_RETURN(f.sensitive_details, r.String("details"));
    GARANT_RETURN_IF_ERROR(r.Done());
  }
  if (const boost::json::value* p = top.Take("platform")) {
    Reader r(*p, "platform", field);
    GARANT_RETURN_IF_ERROR(r.ok());
    GARANT_ASSIGN_OR_RETURN(std::string kind, r.String("kind"));
    if (!kind.empty()) {
      auto k = ParsePortalPlatform(kind);
      if (!k.ok()) return r.Bad("kind");
      f.platform = *k;
    }
    GARANT_ASSIGN_OR_RETURN(f.platform_name, r.String("name"));
    if (const boost::json::value* h = r.Take("hds_hosting")) {
      if (!h->is_bool()) return r.Bad("hds_hosting must be a boolean");
      f.hds_hosting = h->as_bool();
    }
    GARANT_RETURN_IF_ERROR(r.Done());
  }
  {
    GARANT_ASSIGN_OR_RETURN(const boost::json::array* a, top.Array("results"));
    for (const auto& item : *a) {
      Reader r(item, "results", field);
      PortalResult x;
      GARANT_ASSIGN_OR_RETURN(x.title, r.String("title"));
      GARANT_ASSIGN_OR_RETURN(std::optional<Date> d, r.OptionalDate("date"));
      if (!d) return r.Bad("a result needs its date");
      x.date = *d;
      GARANT_ASSIGN_OR_RETURN(x.url, r.String("url"));
      GARANT_ASSIGN_OR_RETURN(x.doi, r.String("doi"));
      x.id = static_cast<int64_t>(f.results.size()) + 1;
      if (const boost::json::value* id = r.Take("id")) {
        if (!id->is_int64()) return r.Bad("id must be an integer");
        x.id = id->as_int64();
      }
      GARANT_ASSIGN_OR_RETURN(x.corrected_at, r.OptionalTime("corrected_at"));
      GARANT_ASSIGN_OR_RETURN(x.withdrawn_at, r.OptionalTime("withdrawn_at"));
      GARANT_ASSIGN_OR_RETURN(x.note, r.String("note"));
      GARANT_RETURN_IF_ERROR(r.Done());
      f.results.push_back(std::move(x));
    }
  }
  GARANT_ASSIGN_OR_RETURN(f.notice, top.String("notice"));
  GARANT_RETURN_IF_ERROR(ValidatePortalFields(f, field));
  return f;
}

std::vector<std::string> ChangedPortalFields(const PortalFields& a, const PortalFields& b) {
  std::vector<std::string> out;
  auto add = [&](bool differs, const char* name) {
    if (differs) out.emplace_back(name);
  };
  add(a.funders != b.funders, "funders");
  add(a.start != b.start || a.end != b.end || a.milestones != b.milestones, "calendar");
  add(a.sources != b.sources, "sources");
  add(a.linkage != b.linkage || a.linkage_bases != b.linkage_bases ||
          a.linkage_method != b.linkage_method,
      "linkage");
  add(a.sensitive != b.sensitive || a.sensitive_details != b.sensitive_details, "sensitive");
  add(a.platform != b.platform || a.platform_name != b.platform_name ||
          a.hds_hosting != b.hds_hosting,
      "platform");
  add(a.results != b.results, "results");
  add(a.notice != b.notice, "notice");
  return out;
}

int64_t NextPortalResultId(const PortalFields& f) {
  int64_t top = 0;
  for (const PortalResult& r : f.results) top = std::max(top, r.id);
  return top + 1;
}

const PortalResult* FindPortalResult(const PortalFields& f, int64_t id) {
  for (const PortalResult& r : f.results) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<PortalResultChange> PortalResultChanges(const PortalFields& before,
                                                    const PortalFields& after) {
  std::vector<PortalResultChange> out;
  for (const PortalResult& r : after.results) {
    const PortalResult* was = FindPortalResult(before, r.id);
    if (was == nullptr) {
      out.push_back({PortalResultChange::Kind::kAdded, {}, r});
    } else if (r.withdrawn_at && !was->withdrawn_at) {
      out.push_back({PortalResultChange::Kind::kWithdrawn, *was, r});
    } else if (!(r == *was)) {
      out.push_back({PortalResultChange::Kind::kCorrected, *was, r});
    }
  }
  return out;
}

}  // namespace garant::governance
