#include "garant/core/config.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "garant/core/decimal.h"
#include "garant/core/files.h"

extern char** environ;

namespace garant {
namespace {

enum class Kind { kString, kInt, kBool };
struct KeyDef {
  const char* name;
  Kind kind;
  void* (*field)(Config&);
};

#define GARANT_KEY(NAME, KIND)                               \
  KeyDef {                                                   \
#NAME, KIND, [](Config & c) -> void* { return &c.NAME; } \
  }

const std::vector<KeyDef>& Defs() {
  static const std::vector<KeyDef> kDefs = {
      GARANT_KEY(bind, Kind::kString),
      GARANT_KEY(port, Kind::kInt),
      GARANT_KEY(threads, Kind::kInt),
      GARANT_KEY(max_body_bytes, Kind::kInt),
      GARANT_KEY(request_timeout_seconds, Kind::kInt),
      GARANT_KEY(request_deadline_seconds, Kind::kInt),
      GARANT_KEY(metrics_port, Kind::kInt),
      GARANT_KEY(public_url, Kind::kString),
      GARANT_KEY(trusted_proxies, Kind::kString),
      GARANT_KEY(tls_certificate_file, Kind::kString),
      GARANT_KEY(tls_key_file, Kind::kString),
      GARANT_KEY(tls_client_ca_file, Kind::kString),
      GARANT_KEY(dev, Kind::kBool),
      GARANT_KEY(demo, Kind::kBool),
      GARANT_KEY(demo_accesses, Kind::kBool),
      GARANT_KEY(data_dir, Kind::kString),
      GARANT_KEY(database_url, Kind::kString),
      GARANT_KEY(database_password_file, Kind::kString),
      GARANT_KEY(migration_database_url, Kind::kString),
      GARANT_KEY(pool_size, Kind::kInt),
      GARANT_KEY(pseudonymisation_key_file, Kind::kString),
      GARANT_KEY(previous_pseudonymisation_key_file, Kind::kString),
      GARANT_KEY(signing_key_file, Kind::kString),
      GARANT_KEY(encryption_key_file, Kind::kString),
      GARANT_KEY(previous_encryption_key_file, Kind::kString),
      GARANT_KEY(migration_database_password_file, Kind::kString),
      GARANT_KEY(consumer_ca_file, Kind::kString),
      GARANT_KEY(exclusion_publish_interval_seconds, Kind::kInt),
      GARANT_KEY(audit_origin, Kind::kString),
      GARANT_KEY(audit_state_file, Kind::kString),
      GARANT_KEY(audit_force_rollback_reason, Kind::kString),
      GARANT_KEY(tile_cache_mib, Kind::kInt),
      GARANT_KEY(audit_witness_quorum, Kind::kInt),
      GARANT_KEY(audit_witness_timeout_ms, Kind::kInt),
      GARANT_KEY(session_idle_minutes, Kind::kInt),
      GARANT_KEY(session_absolute_hours, Kind::kInt),
      GARANT_KEY(controller_name, Kind::kString),
      GARANT_KEY(controller_address, Kind::kString),
      GARANT_KEY(publication_director, Kind::kString),
      GARANT_KEY(dpo_postal_address, Kind::kString),
      GARANT_KEY(dpo_email, Kind::kString),
      GARANT_KEY(dpo_phone, Kind::kString),
      GARANT_KEY(hosting_provider, Kind::kString),
      GARANT_KEY(legal_basis, Kind::kString),
      GARANT_KEY(cnil_formality, Kind::kString),
      GARANT_KEY(data_retention, Kind::kString),
      GARANT_KEY(minors_notice, Kind::kString),
      GARANT_KEY(processing_purposes, Kind::kString),
      GARANT_KEY(processing_recipients, Kind::kString),
      GARANT_KEY(data_transfers, Kind::kString),
      GARANT_KEY(audit_retention_access_days, Kind::kInt),
      GARANT_KEY(audit_retention_staff_days, Kind::kInt),
      GARANT_KEY(log_retention, Kind::kString),
      GARANT_KEY(accessibility_status, Kind::kString),
      GARANT_KEY(log_format, Kind::kString),
      GARANT_KEY(log_level, Kind::kString),
  };
  return kDefs;
}
#undef GARANT_KEY

const KeyDef* Find(std::string_view key) {
  for (const auto& d : Defs()) {
    if (key == d.name) return &d;
  }
  return nullptr;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Sets one key; `where` names the layer for error messages.
Status Set(Config& c, std::string_view key, const std::string& value, std::string_view where) {
  const KeyDef* d = Find(key);
  if (d == nullptr) {
    return Status::InvalidArgument("unknown configuration key '" + std::string(key) + "' (" +
                                   std::string(where) + ")");
  }
  void* f = d->field(c);
  switch (d->kind) {
    case Kind::kString:
      *static_cast<std::string*>(f) = value;
      return Status::Ok();
    case Kind::kBool:
      if (value == "true" || value == "1" || value == "yes" || value.empty()) {
        *static_cast<bool*>(f) = true;
      } else if (value == "false" || value == "0" || value == "no") {
        *static_cast<bool*>(f) = false;
      } else {
        return Status::InvalidArgument("configuration key '" + std::string(key) +
                                       "' expects true or false (" + std::string(where) + ")");
      }
      return Status::Ok();
    case Kind::kInt: {
      const std::optional<int64_t> parsed = ParseDecimal(value);
      const int64_t v = parsed.value_or(0);
      if (!parsed) {
        return Status::InvalidArgument("configuration key '" + std::string(key) +
                                       "' expects a non-negative integer (" + std::string(where) +
                                       ")");
      }
      if (std::string_view(d->name) == "max_body_bytes") {
        *static_cast<int64_t*>(f) = v;
      } else {
        if (v > 1'000'000'000) {
          return Status::InvalidArgument("configuration key '" + std::string(key) +
                                         "' is out of range (" + std::string(where) + ")");
        }
        *static_cast<int*>(f) = static_cast<int>(v);
      }
      return Status::Ok();
    }
  }
  return Status::Internal("unreachable");
}

// "[name]": a new section, if its name is one the file may hold.
Status StartSection(Config& c, const std::string& line, const std::string& where) {
  if (line.back() != ']' || line.size() < 3) {
    return Status::InvalidArgument(where + ": expected a section header [name]");
  }
  std::string name = Trim(std::string_view(line).substr(1, line.size() - 2));
  bool known = false;
  for (const char* prefix : kConfigSectionPrefixes) {
    std::string_view p(prefix);
    if (name.size() > p.size() && name.compare(0, p.size(), p) == 0) known = true;
  }
  if (!known) {
    return Status::InvalidArgument(where + ": unknown section [" + name +
                                   "] (sections: [access.rules.<rule>], [audit.witness.<id>])");
  }
  for (const auto& s : c.sections) {
    if (s.name == name) {
      return Status::InvalidArgument(where + ": section [" + name + "] appears twice (first at " +
                                     s.where + ")");
    }
  }
  c.sections.push_back(ConfigSection{name, where, {}});
  return Status::Ok();
}

Status ApplyFile(Config& c, const std::string& path, const FileReader& read_file) {
  auto text = read_file(path);
  if (!text.ok()) return text.status().WithContext("config file " + path);
  std::istringstream in(*text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(n);
    if (t.front() == '[') {
      GARANT_RETURN_IF_ERROR(StartSection(c, t, where));
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument(where + ": expected key = value");
    }
    std::string key = Trim(std::string_view(t).substr(0, eq));
    std::string value = Trim(std::string_view(t).substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!c.sections.empty()) {
      ConfigSection& s = c.sections.back();
      for (const auto& e : s.entries) {
        if (e.key == key) {
          return Status::InvalidArgument(where + ": key '" + key + "' appears twice in [" + s.name +
                                         "] (first at " + e.where + ")");
        }
      }
      s.entries.push_back({key, value, where});
      continue;
    }
    GARANT_RETURN_IF_ERROR(Set(c, key, value, where));
  }
  c.config_file = path;
  return Status::Ok();
}

std::string EnvName(std::string_view key) {
  std::string s = "GARANT_";
  for (char ch : key) s += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  return s;
}

}  // namespace

const std::vector<std::string>& ConfigKeys() {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> k;
    for (const auto& d : Defs()) k.emplace_back(d.name);
    return k;
  }();
  return kKeys;
}

Result<Config> ResolveConfig(const std::vector<std::string>& args, const Environment& env,
                             const FileReader& read_file) {
  // Split flags first, so the config file named by --config is read before
  // the other flags are applied over it.
  std::vector<std::pair<std::string, std::string>> flags;
  std::optional<std::string> config_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a.size() == 2) {
      return Status::InvalidArgument("unexpected argument '" + a + "'");
    }
    std::string key = a.substr(2);
    std::string value;
    size_t eq = key.find('=');
    bool has_value = eq != std::string::npos;
    if (has_value) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    }
    for (char& ch : key) {
      if (ch == '-') ch = '_';
    }
    const KeyDef* d = Find(key);
    bool is_bool = d != nullptr && d->kind == Kind::kBool;
    if (!has_value && !is_bool) {
      if (i + 1 >= args.size()) {
        return Status::InvalidArgument("flag --" + key + " needs a value");
      }
      value = args[++i];
    }
    if (key == "config") {
      config_path = value;
      continue;
    }
    if (d == nullptr) {
      return Status::InvalidArgument("unknown flag --" + key);
    }
    flags.emplace_back(key, value);
  }
  if (!config_path) {
    auto it = env.find("GARANT_CONFIG");
    if (it != env.end() && !it->second.empty()) config_path = it->second;
  }

  Config c;
  if (config_path) GARANT_RETURN_IF_ERROR(ApplyFile(c, *config_path, read_file));
  for (const auto& [name, value] : env) {
    if (name.rfind("GARANT_", 0) != 0 || name == "GARANT_CONFIG") continue;
    bool known = false;
    for (const auto& d : Defs()) {
      if (EnvName(d.name) == name) {
        GARANT_RETURN_IF_ERROR(Set(c, d.name, value, "environment " + name));
        known = true;
        break;
      }
    }
    if (!known) {
      return Status::InvalidArgument("unknown configuration variable " + name +
                                     " in the environment");
    }
  }
  for (const auto& [key, value] : flags) {
    GARANT_RETURN_IF_ERROR(Set(c, key, value, "flag --" + key));
  }

  if (c.port < 0 || c.port > 65535) return Status::InvalidArgument("port must be 0..65535");
  if (c.threads < 1) return Status::InvalidArgument("threads must be at least 1");
  if (c.request_deadline_seconds < 1) {
    return Status::InvalidArgument("request_deadline_seconds must be at least 1");
  }
  if (c.metrics_port > 65535) return Status::InvalidArgument("metrics_port must be 0..65535");
  if (c.pool_size < 1) return Status::InvalidArgument("pool_size must be at least 1");
  if (c.tls_certificate_file.empty() != c.tls_key_file.empty()) {
    return Status::InvalidArgument(
        "tls_certificate_file and tls_key_file go together: set both (garantd serves https) or "
        "neither (plain HTTP behind a TLS proxy)");
  }
  if (!c.tls_client_ca_file.empty() && c.tls_certificate_file.empty()) {
    return Status::InvalidArgument(
        "tls_client_ca_file needs tls_certificate_file and tls_key_file (client certificates "
        "are checked only when garantd serves TLS itself)");
  }
  if (c.log_format != "text" && c.log_format != "json") {
    return Status::InvalidArgument("log_format must be text or json");
  }
  if (c.dev && c.data_dir.empty()) {
    return Status::InvalidArgument("--dev needs --data-dir (where the embedded database lives)");
  }
  if (c.demo && !c.dev) return Status::InvalidArgument("--demo needs --dev");
  if (c.demo_accesses && !c.demo) return Status::InvalidArgument("--demo-accesses needs --demo");
  return c;
}

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    if (kv.rfind("GARANT_", 0) != 0) continue;
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(kv.substr(0, eq));
    // Variables used by tests and scripts, not configuration keys.
    if (name.rfind("GARANT_TEST_", 0) == 0) continue;
    env[name] = std::string(kv.substr(eq + 1));
  }
  return env;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int e = errno;
    if (e == ENOENT) return Status::NotFound("no such file: " + path);
    if (e == EACCES) return Status::PermissionDenied("cannot read " + path);
    return Status::Unavailable("cannot open " + path + ": " + std::strerror(e));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<Bytes> ReadSecretFile(const std::string& path) {
  // One descriptor for the check and the read: the file checked is the file
  // read, even if the path is replaced in between.
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    const int e = errno;
    if (e == ENOENT) return Status::NotFound("secret file not found: " + path);
    if (e == EACCES) return Status::PermissionDenied("cannot read secret file " + path);
    return Status::Unavailable("cannot open secret file " + path + ": " + std::strerror(e));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return Status::Unavailable("cannot stat secret file " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::FailedPrecondition("secret file " + path + " is not a regular file");
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::FailedPrecondition("secret file " + path +
                                      " is readable by group or others; chmod 600 it");
  }
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable("cannot read secret file " + path + ": " + std::strerror(errno));
    }
    text.append(buf, static_cast<size_t>(n));
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  Bytes out(text.begin(), text.end());
  OPENSSL_cleanse(text.data(), text.size());
  OPENSSL_cleanse(buf, sizeof buf);
  return out;
}

}  // namespace garant
