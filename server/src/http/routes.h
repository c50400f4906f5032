// Route registration, one function per area. Each adds its routes with the
// roles allowed to call them (default deny: see router.h).
#pragma once

#include "http/router.h"
#include "services.h"

namespace garant::server {

// Every area's routes below, in the order requests are matched: what
// GarantServer serves, and what server/tests/openapi_routes_test.cc compares
// with docs/openapi.yaml. Starts the areas' background workers
// (Services::workers), whose loops end at once when services.draining is set.
// (/readyz and /metrics are added apart: AddOperationsRoutes.)
void AddAllRoutes(Router& router, Services& services);

// /healthz, /static/*, /api/v1/openapi.json.
void AddSystemRoutes(Router& router, Services& services);
// /readyz, /metrics: on the main router, or on the loopback listener's when
// metrics_port is set (docs/configuration.md).
void AddOperationsRoutes(Router& router, Services& services);
// /api/v1/session, /api/v1/me, /connexion, /deconnexion, /console.
void AddSessionRoutes(Router& router, Services& services);
// The public information pages: /, /questions, /mentions-legales,
// /donnees-personnelles, /accessibilite, /plan-du-site, /contact; then
// AddNoticeRoutes.
void AddInformationRoutes(Router& router, Services& services);
// The information notices (information/notice_routes.cc): /information,
// /information/historique, the DPO's /console/notices.
void AddNoticeRoutes(Router& router, Services& services);

// Public opposition pages and the DPO's objection console/API (consent).
void AddObjectionRoutes(Router& router, Services& services);
// Rights requests (access, rectification, erasure, restriction, objection):
// the DPO's console, letters and API (rights/).
void AddRightsRoutes(Router& router, Services& services);
// Exclusion lists: current, delta, acknowledgements, consumers (consent).
void AddExclusionRoutes(Router& router, Services& services);
// /console/exclusions: the DPO's page for list versions and consumers (exclusion_console.cc).
void AddExclusionConsoleRoutes(Router& router, Services& services);
// Committees, projects, decisions, authorisations, access check, /projets (governance).
void AddGovernanceRoutes(Router& router, Services& services);
// /tlog/ tiles and checkpoints, the audit API and the auditor console (audit).
void AddAuditRoutes(Router& router, Services& services);

// Access events, patient sets, findings (access).
void AddAccessRoutes(Router& router, Services& services);

}  // namespace garant::server
