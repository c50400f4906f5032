// RuleConfigFromSections: the [access.rules.<name>] sections of the config
// file over RuleConfig::Defaults() (docs/configuration.md).
#include <algorithm>
#include <chrono>
#include <string>

#include "garant/access/rules.h"
#include "garant/core/decimal.h"

namespace garant::access {
namespace {

constexpr std::string_view kPrefix = "access.rules.";

// The thresholds a rule takes, beside enabled and severity.
std::vector<std::string_view> ThresholdKeys(std::string_view rule) {
  if (rule == rule::kSmallCount) return {"threshold"};
  if (rule == rule::kLateReport) return {"hours"};
  if (rule == rule::kRepeatedQuery) return {"count", "days"};
  if (rule == rule::kVolumeSpike) return {"factor", "min", "days"};
  if (rule == rule::kOffHours) return {"start", "end"};
  if (rule == rule::kDormantAccount) return {"days"};
  if (rule == rule::kRepeatedDenials) return {"count", "window_minutes"};
  return {};
}

std::string Join(const std::vector<std::string_view>& v) {
  std::string out;
  for (auto s : v) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

Status Bad(const ConfigSection::Entry& e, const std::string& section, const std::string& what) {
  return Status::InvalidArgument(e.where + ": [" + section + "] " + e.key + ": " + what);
}

// An integer in [min, max].
Result<int64_t> Int(const ConfigSection::Entry& e, const std::string& section, int64_t min,
                    int64_t max) {
  std::optional<int64_t> v = ParseDecimal(e.value);
  if (!v || *v < min || *v > max) {
    return Bad(e, section,
               "expects an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                   ", not '" + e.value + "'");
  }
  return *v;
}

// "HH:MM", 00:00 to 24:00, as minutes after midnight.
Result<int> Clock(const ConfigSection::Entry& e, const std::string& section) {
  const std::string& v = e.value;
  std::optional<int64_t> h, m;
  if (v.size() == 5 && v[2] == ':') {
    h = ParseDecimal(std::string_view(v).substr(0, 2));
    m = ParseDecimal(std::string_view(v).substr(3, 2));
  }
  if (!h || !m || *m > 59 || *h * 60 + *m > 24 * 60) {
    return Bad(e, section, "expects a Paris time HH:MM (00:00 to 24:00), not '" + v + "'");
  }
  return static_cast<int>(*h * 60 + *m);
}

}  // namespace

Result<RuleConfig> RuleConfigFromSections(const std::vector<ConfigSection>& sections) {
  RuleConfig c = RuleConfig::Defaults();
  const auto& names = RuleNames();
  for (const ConfigSection& s : sections) {
    // Other modules' sections are theirs to check: the configuration reader
    // already refuses a section no module declares (kConfigSectionPrefixes).
    if (!s.name.starts_with(kPrefix)) continue;
    const std::string name = s.name.substr(kPrefix.size());
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::vector<std::string_view> known(names.begin(), names.end());
      return Status::InvalidArgument(s.where + ": unknown rule '" + name + "' in [" + s.name +
                                     "] (rules: " + Join(known) + ")");
    }
    RuleSetting* setting = nullptr;
    for (auto& [n, st] : c.rules) {
      if (n == name) setting = &st;
    }
    const std::vector<std::string_view> thresholds = ThresholdKeys(name);
    for (const ConfigSection::Entry& e : s.entries) {
      if (e.key == "enabled") {
        if (e.value == "true") {
          setting->enabled = true;
        } else if (e.value == "false") {
          if (name == rule::kCheckFailed) {
            return Bad(e, s.name,
                       "check_failed cannot be disabled (an event whose checks did not run must "
                       "be seen)");
          }
          setting->enabled = false;
        } else {
          return Bad(e, s.name, "expects true or false, not '" + e.value + "'");
        }
      } else if (e.key == "severity") {
        bool found = false;
        for (Severity sv :
             {Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
          if (e.value == ToString(sv)) {
            setting->severity = sv;
            found = true;
          }
        }
        if (!found) {
          return Bad(e, s.name, "expects low, medium, high or critical, not '" + e.value + "'");
        }
      } else if (std::find(thresholds.begin(), thresholds.end(), e.key) != thresholds.end()) {
        using std::chrono::hours;
        using std::chrono::minutes;
        if (name == rule::kSmallCount) {
          GARANT_ASSIGN_OR_RETURN(c.small_count_threshold, Int(e, s.name, 1, 1'000'000));
        } else if (name == rule::kLateReport) {
          GARANT_ASSIGN_OR_RETURN(int64_t h, Int(e, s.name, 1, 24 * 365));
          c.late_report_after = hours(h);
        } else if (name == rule::kRepeatedQuery && e.key == "count") {
          GARANT_ASSIGN_OR_RETURN(c.repeated_query_count, Int(e, s.name, 2, kCountCap));
        } else if (name == rule::kRepeatedQuery) {
          GARANT_ASSIGN_OR_RETURN(int64_t d, Int(e, s.name, 1, 366));
          c.repeated_query_window = hours(24 * d);
        } else if (name == rule::kVolumeSpike && e.key == "factor") {
          GARANT_ASSIGN_OR_RETURN(c.volume_spike_factor, Int(e, s.name, 1, 1'000'000));
        } else if (name == rule::kVolumeSpike && e.key == "min") {
          GARANT_ASSIGN_OR_RETURN(c.volume_spike_min, Int(e, s.name, 1, 1'000'000'000));
        } else if (name == rule::kVolumeSpike) {
          GARANT_ASSIGN_OR_RETURN(c.volume_spike_days, Int(e, s.name, 1, 366));
        } else if (name == rule::kOffHours && e.key == "start") {
          GARANT_ASSIGN_OR_RETURN(c.off_hours_start, Clock(e, s.name));
        } else if (name == rule::kOffHours) {
          GARANT_ASSIGN_OR_RETURN(c.off_hours_end, Clock(e, s.name));
        } else if (name == rule::kDormantAccount) {
          GARANT_ASSIGN_OR_RETURN(int64_t d, Int(e, s.name, 1, 3650));
          c.dormant_after = hours(24 * d);
        } else if (name == rule::kRepeatedDenials && e.key == "count") {
          GARANT_ASSIGN_OR_RETURN(c.repeated_denials_count, Int(e, s.name, 2, kCountCap));
        } else if (name == rule::kRepeatedDenials) {
          GARANT_ASSIGN_OR_RETURN(int64_t m, Int(e, s.name, 1, 24 * 60));
          c.repeated_denials_window = minutes(m);
        }
      } else {
        std::vector<std::string_view> keys = {"enabled", "severity"};
        keys.insert(keys.end(), thresholds.begin(), thresholds.end());
        return Status::InvalidArgument(e.where + ": unknown key '" + e.key + "' in [" + s.name +
                                       "] (keys: " + Join(keys) + ")");
      }
    }
  }
  if (c.off_hours_start >= c.off_hours_end) {
    return Status::InvalidArgument(
        "[access.rules.off_hours]: start must be before end (working hours are [start, end) in "
        "Paris time)");
  }
  return c;
}

}  // namespace garant::access
