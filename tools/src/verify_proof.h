// garant audit verify-proof: a receipt (.tlog-proof) verified offline, with
// what it proves said in words (English, then French).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "garant/witness/cosignature.h"

namespace garant::cli {

int AuditVerifyProof(const Args& a);

// --witness [NAME=]VKEY (repeated; VKEY a key or a file holding one; NAME a
// label for the output, e.g. the witness's section name in garantd's
// configuration) and --quorum N (default: all the witnesses given).
// kInvalidArgument when malformed. `labels` (optional): key name → NAME.
Status ParseWitnessFlags(const Args& a, std::vector<witness::CosignatureVerifier>* witnesses,
                         size_t* quorum, std::map<std::string, std::string>* labels = nullptr);
// After a log or an export verified: the cosignatures by `witnesses` on
// `note` (`what` names it in the output: "the latest checkpoint"); prints
// what they are and returns kExitOk when the quorum is met, else
// kExitFailure ("NOT YET COSIGNED", or "FAILED:" for a cosignature by one of
// `witnesses` that does not verify).
int ReportCosignatures(std::string_view note,
                       const std::vector<witness::CosignatureVerifier>& witnesses, size_t quorum,
                       std::string_view what = "the latest checkpoint",
                       const std::map<std::string, std::string>& labels = {});

}  // namespace garant::cli
