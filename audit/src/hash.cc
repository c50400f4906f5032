#include "garant/audit/hash.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace garant::audit {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

TreeHasher& ThreadHasher() {
  thread_local TreeHasher hasher;
  return hasher;
}

}  // namespace

Digest TreeHasher::Leaf(ByteView leaf) {
  const uint8_t prefix = kLeafPrefix;
  sha_.Update(ByteView(&prefix, 1));
  sha_.Update(leaf);
  return sha_.Finish();
}

Digest TreeHasher::Node(const Digest& left, const Digest& right) {
  const uint8_t prefix = kNodePrefix;
  sha_.Update(ByteView(&prefix, 1));
  sha_.Update(left);
  sha_.Update(right);
  return sha_.Finish();
}

Digest TreeHasher::Chain(const Digest& previous, const Digest& leaf_hash) {
  sha_.Update(previous);
  sha_.Update(leaf_hash);
  return sha_.Finish();
}

Digest LeafHash(ByteView leaf) { return ThreadHasher().Leaf(leaf); }

Digest NodeHash(const Digest& left, const Digest& right) {
  return ThreadHasher().Node(left, right);
}

Digest EmptyTreeHash() {
  static const Digest kEmpty = crypto::Sha256(ByteView());
  return kEmpty;
}

Digest ChainGenesis() {
  static const Digest kGenesis = crypto::Sha256(kChainGenesisLabel);
  return kGenesis;
}

Digest ChainNext(const Digest& previous, const Digest& leaf_hash) {
  return ThreadHasher().Chain(previous, leaf_hash);
}

std::string DigestHex(const Digest& d) { return HexEncode(d); }

Result<Digest> DigestFromBytes(ByteView b) {
  if (b.size() != kDigestSize) {
    return Status::InvalidArgument("a hash must be 32 bytes, got " + std::to_string(b.size()));
  }
  Digest d;
  std::copy(b.begin(), b.end(), d.begin());
  return d;
}

Result<Digest> DigestFromBase64(std::string_view b64) {
  GARANT_ASSIGN_OR_RETURN(Bytes raw, Base64Decode(b64));
  return DigestFromBytes(raw);
}

Result<Digest> DigestFromHex(std::string_view hex) {
  GARANT_ASSIGN_OR_RETURN(Bytes raw, HexDecode(hex));
  return DigestFromBytes(raw);
}

}  // namespace garant::audit
