// A QR code drawn on the server as SVG, for the TOTP enrolment page. The page
// writes the <svg> element inline from its template (account_totp.tpl) with
// the size and the path below as ordinary auto-escaped variables (the path is
// only letters, digits, spaces and '-': escaping leaves it as it is), so it
// needs no script and no unescaped markup. The QR matrix comes from
// libqrencode (Debian's libqrencode-dev); the drawing is ours.
//
// Thread-safe (libqrencode's encoder is reentrant).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"

namespace garant::server {

// The modules of the QR code of `text` (error correction level M, the
// smallest version that holds it): true = dark. Square, row by row.
// kInvalidArgument when the text cannot be encoded (too long, or empty).
Result<std::vector<std::vector<bool>>> QrMatrix(std::string_view text);

// The drawing: `size` modules a side (the matrix plus a 4-module quiet zone
// around it) and one SVG path of a unit square per dark module
// ("M4 4h1v1h-1z…"), in viewBox "0 0 size size".
struct QrDrawing {
  int size = 0;
  std::string path;
};
Result<QrDrawing> DrawQr(std::string_view text);

// The same as a standalone SVG document, black on white.
Result<std::string> QrSvg(std::string_view text);

}  // namespace garant::server
