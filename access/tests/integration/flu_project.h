// The registry the store and trail tests start from: project
// CONTACT-2026-001 (active since 2025-12-01, committee "cse"), its favourable
// decision of 2025-10-01, and one authorisation for chercheur.moreau on
// "visits" valid through 2026, confirmed. Written as garant_owner.
#pragma once

#include <gtest/gtest.h>

#include "garant/core/db.h"

namespace garant::access {

inline void SeedFluProject(db::Connection& owner) {
  for (const char* sql :
       {"INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')",
        "INSERT INTO gov_projects (reference, title, public_summary, purpose, no_forbidden_use, "
        "legal_basis, formality, formality_reference, investigator, organisation, data_domains, "
        "duration_months, committee_id, status) VALUES ('CONTACT-2026-001', 't', 's', "
        "'research', true, 'lb', 'mr-004', 'R-1', 'inv', 'org', '{visits}', 12, 1, 'active')",
        "INSERT INTO gov_project_transitions (project_id, from_status, to_status, at, actor) "
        "VALUES (1, 'approved', 'active', '2025-12-01T00:00:00Z', 'staff:1')",
        "INSERT INTO gov_meetings (committee_id, held_at) VALUES (1, '2025-10-01T00:00:00Z')",
        "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
        "recorded_by, signed_at, signed_by) VALUES (1, 1, 'favourable', 'ok', "
        "'2025-10-01T00:00:00Z', 'staff:1', '2025-10-01T00:00:00Z', 'staff:1')",
        "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, valid_from, "
        "valid_until, created_at, created_by) VALUES (1, 1, '{chercheur.moreau}', '{visits}', "
        "'2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '2025-12-01T00:00:00Z', 'staff:1')",
        // Confirmed by a second secretary (two-person rule, sql/0017), when the
        // schema has it (some tests start from an earlier version: 0017
        // back-fills the confirmation then).
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = "
        "'gov_authorisations' AND column_name = 'confirmed_at') THEN UPDATE gov_authorisations "
        "SET confirmed_at = created_at, confirmed_by = 'staff:2' WHERE confirmed_at IS NULL; "
        "END IF; END $$"}) {
    auto r = owner.Exec(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
}

}  // namespace garant::access
