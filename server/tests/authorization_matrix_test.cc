// docs/authorization-matrix.md is the route table's matrix: a route whose
// roles change without the file being regenerated fails here.
#include "http/authorization_matrix.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace garant::server {
namespace {

TEST(AuthorizationMatrixTest, TheCommittedFileIsTheRouteTable) {
  const std::string path = std::string(GARANT_SOURCE_DIR) + "/docs/authorization-matrix.md";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path << " is missing";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), GarantdAuthorizationMatrix())
      << "the route table's roles changed: regenerate the matrix with\n"
         "  ./build/bin/garantd --authorization-matrix > docs/authorization-matrix.md";
}

TEST(AuthorizationMatrixTest, ARoleChangeChangesTheMatrix) {
  Route r;
  r.method = "GET";
  r.pattern = "/x";
  r.kind = ResponseKind::kHtml;
  r.roles = {kRoleDpo};
  Router a;
  a.Add(r);
  r.roles.push_back(kRoleAdmin);
  Router b;
  b.Add(r);
  EXPECT_NE(AuthorizationMatrixMarkdown(a), AuthorizationMatrixMarkdown(b));
  const std::string m = AuthorizationMatrixMarkdown(a);
  EXPECT_NE(m.find("| GET | `/x` | page | session |  |  | ✓ |"), std::string::npos) << m;
}

TEST(AuthorizationMatrixTest, EnrolmentSessionsReachOnlyEnrolmentAndLogout) {
  const std::string m = GarantdAuthorizationMatrix();
  std::istringstream lines(m);
  std::string line;
  int enrolment_routes = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0 || line.find('`') == std::string::npos) continue;
    // Columns: method, path, answers, CSRF, anonymous, admin, dpo, secretary, auditor, enrolment.
    std::vector<std::string> cells;
    size_t start = 1;
    while (true) {
      size_t bar = line.find('|', start);
      if (bar == std::string::npos) break;
      cells.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    ASSERT_GE(cells.size(), 10u) << line;
    if (cells[9].find("✓") == std::string::npos || cells[4].find("✓") != std::string::npos)
      continue;
    ++enrolment_routes;
    EXPECT_TRUE(line.find("/console/compte/double-authentification") != std::string::npos ||
                line.find("/deconnexion") != std::string::npos ||
                line.find("DELETE | `/api/v1/session`") != std::string::npos)
        << "a restricted enrolment session reaches " << line;
  }
  EXPECT_EQ(enrolment_routes, 4);
}

// Separation of duties (issue #12): the admin manages accounts and
// configuration; it records no governance act (every state-changing
// governance route but the access check, and the secretary console), withdraws
// no objection and reads no clear identity.
TEST(AuthorizationMatrixTest, AdminRecordsNoGovernanceActWithdrawsNoObjectionReadsNoIdentity) {
  const std::string m = GarantdAuthorizationMatrix();
  std::istringstream lines(m);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0 || line.find('`') == std::string::npos) continue;
    std::vector<std::string> cells;
    size_t start = 1;
    while (true) {
      size_t bar = line.find('|', start);
      if (bar == std::string::npos) break;
      cells.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    ASSERT_GE(cells.size(), 10u) << line;
    const std::string& method = cells[0];
    const std::string& path = cells[1];
    const bool governance_write = method.find("POST") != std::string::npos &&
                                  path.find("/api/v1/governance/") != std::string::npos &&
                                  path.find("access-check") == std::string::npos;
    const bool secretariat = path.find("/console/gouvernance") != std::string::npos;
    const bool withdrawal =
        path.find("/withdraw`") != std::string::npos || path.find("/retrait`") != std::string::npos;
    const bool identity =
        path.find("/identite`") != std::string::npos || path.find("/lettre`") != std::string::npos;
    if (path.find("/opposition/retrait") != std::string::npos) continue;  // the public form
    if (!governance_write && !secretariat && !withdrawal && !identity) continue;
    ++checked;
    EXPECT_EQ(cells[5].find("✓"), std::string::npos) << "admin reaches " << line;
  }
  EXPECT_GE(checked, 40);
}

}  // namespace
}  // namespace garant::server
