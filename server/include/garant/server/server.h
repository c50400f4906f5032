// garantd's lifecycle, as a library so that main() stays thin and tests can
// start a server in-process.
//
// The process-level parts (keys, database target, demo seed) come from
// garant::runtime, shared with the garant CLI.
//
// Start(): in --dev mode starts (or reuses) the embedded PostgreSQL in
// data_dir and generates the dev secrets there; applies the migrations with
// the owner role; opens the application pool; creates the demo accounts with
// --demo; loads the pages; starts the HTTP server. Stop(): stops accepting,
// drains in-flight requests (up to 10 s), closes the pool and stops the
// embedded PostgreSQL if this process started it.
#pragma once

#include <memory>
#include <string>

#include "garant/core/config.h"
#include "garant/core/status.h"

namespace garant::server {

class GarantServer {
 public:
  explicit GarantServer(Config config);
  ~GarantServer();
  GarantServer(const GarantServer&) = delete;
  GarantServer& operator=(const GarantServer&) = delete;

  Status Start();
  void Stop();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The route × role matrix of garantd's full route table, as the Markdown of
// docs/authorization-matrix.md (`garantd --authorization-matrix`). Builds the
// routes over services that never connect; runs no handler.
std::string GarantdAuthorizationMatrix();

}  // namespace garant::server
