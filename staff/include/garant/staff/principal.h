// Who is making a request, once authenticated. Value type.
#pragma once

#include <string>

namespace garant::staff {

// Role names used by routes. Staff roles come from staff_accounts.role,
// service roles from service_tokens.role. "auditor" is both: a staff auditor
// (a person, in the console) and an auditor service token (an external audit
// tool); the router keeps the service kind to read-only, non-HTML routes
// (server/src/http/router.h, Allowed).
inline constexpr const char* kRoleAdmin = "admin";
inline constexpr const char* kRoleDpo = "dpo";
inline constexpr const char* kRoleSecretary = "secretary";
inline constexpr const char* kRoleAuditor = "auditor";
inline constexpr const char* kRoleIngestion = "ingestion";
inline constexpr const char* kRoleWarehouse = "warehouse";
// Not an account's role: the principal of a restricted enrolment session (a
// dpo, auditor or admin who logged in with a password and has not enrolled
// the second factor yet). Only the enrolment page and logout list it.
inline constexpr const char* kRoleEnrolment = "enrolment";

struct Principal {
  enum class Kind { kAnonymous, kStaff, kService };
  Kind kind = Kind::kAnonymous;
  std::string id;            // staff account id or service token id
  std::string name;          // username or token name
  std::string display_name;  // staff only
  std::string role;          // one of the kRole* names; empty when anonymous
  std::string csrf_token;    // staff sessions only: the token forms and API calls must send

  bool authenticated() const { return kind != Kind::kAnonymous; }
  // The actor string written into audit leaves: "staff:<id>", "service:<id>", "public".
  std::string Actor() const {
    switch (kind) {
      case Kind::kStaff:
        return "staff:" + id;
      case Kind::kService:
        return "service:" + id;
      default:
        return "public";
    }
  }
};

}  // namespace garant::staff
