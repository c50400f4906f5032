#include "session/qr_svg.h"

#include <qrencode.h>

#include <memory>

namespace garant::server {
namespace {

constexpr int kQuietZone = 4;

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

Result<std::vector<std::vector<bool>>> QrMatrix(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("nothing to encode");
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M));
  if (!code) return Status::InvalidArgument("the text does not fit in a QR code");
  const int n = code->width;
  std::vector<std::vector<bool>> m(static_cast<size_t>(n),
                                   std::vector<bool>(static_cast<size_t>(n)));
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      // Bit 0 of each byte: dark module (qrencode.h).
      m[static_cast<size_t>(y)][static_cast<size_t>(x)] = (code->data[y * n + x] & 1) != 0;
    }
  }
  return m;
}

Result<QrDrawing> DrawQr(std::string_view text) {
  GARANT_ASSIGN_OR_RETURN(auto m, QrMatrix(text));
  QrDrawing d;
  d.size = static_cast<int>(m.size()) + 2 * kQuietZone;
  for (size_t y = 0; y < m.size(); ++y) {
    for (size_t x = 0; x < m.size(); ++x) {
      if (!m[y][x]) continue;
      d.path += "M" + std::to_string(static_cast<int>(x) + kQuietZone) + " " +
                std::to_string(static_cast<int>(y) + kQuietZone) + "h1v1h-1z";
    }
  }
  return d;
}

Result<std::string> QrSvg(std::string_view text) {
  GARANT_ASSIGN_OR_RETURN(QrDrawing d, DrawQr(text));
  const std::string s = std::to_string(d.size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + s + " " + s +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + s + "\" height=\"" + s +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + d.path + "\"/></svg>";
}

}  // namespace garant::server
