// The hashes of the audit log: RFC 6962 Merkle tree hashing and the linear
// hash chain (see audit/DESIGN.md, "Hashes").
//
//   LeafHash(leaf)   = SHA-256(0x00 || leaf)          (RFC 6962 section 2.1)
//   NodeHash(l, r)   = SHA-256(0x01 || l || r)
//   EmptyTreeHash()  = SHA-256("")                    (the root of the empty tree)
//   ChainGenesis()   = SHA-256("garant-audit-chain-genesis-v1")   (chain[-1])
//   ChainNext(p, lh) = SHA-256(p || lh)               (chain[i] = ChainNext(chain[i-1],
//   leafhash[i]))
//
// Pure functions, thread-safe. The free functions use a per-thread hasher;
// TreeHasher lets a hot loop own its hasher explicitly.
#pragma once

#include <string>
#include <string_view>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::audit {

using Digest = crypto::Digest;
inline constexpr size_t kDigestSize = 32;

// The label hashed to obtain chain[-1]. Part of the format: never change it.
inline constexpr std::string_view kChainGenesisLabel = "garant-audit-chain-genesis-v1";

Digest LeafHash(ByteView leaf);
Digest NodeHash(const Digest& left, const Digest& right);
Digest EmptyTreeHash();
Digest ChainGenesis();
Digest ChainNext(const Digest& previous, const Digest& leaf_hash);

// A hasher owned by one thread at a time (move-only), for loops over millions
// of entries. Results are identical to the free functions.
class TreeHasher {
 public:
  TreeHasher() = default;
  Digest Leaf(ByteView leaf);
  Digest Node(const Digest& left, const Digest& right);
  Digest Chain(const Digest& previous, const Digest& leaf_hash);

 private:
  crypto::Sha256Hasher sha_;
};

// Lowercase hex of a digest.
std::string DigestHex(const Digest& d);
// A digest from exactly 32 bytes (kInvalidArgument otherwise).
Result<Digest> DigestFromBytes(ByteView b);
// A digest from standard padded base64 of exactly 32 bytes.
Result<Digest> DigestFromBase64(std::string_view b64);
// A digest from 64 hex characters.
Result<Digest> DigestFromHex(std::string_view hex);

}  // namespace garant::audit
