#include "garant/audit/note.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <utility>

#include "garant/audit/leaf.h"  // IsValidUtf8

namespace garant::audit {
namespace {

// Decodes the code point at s[i] (s is valid UTF-8) and advances i.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto c = static_cast<unsigned char>(s[*i]);
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  }
  *i += len;
  return cp;
}

// Unicode White_Space (what Go's unicode.IsSpace accepts).
bool IsUnicodeSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// The 32 bytes of a parsed key string, refused unless of type Ed25519 (0x01).
Result<std::array<uint8_t, 32>> Ed25519KeyOf(const TypedKey& key) {
  if (key.type != kSignatureTypeEd25519) {
    return Status::InvalidArgument("unsupported key algorithm (want Ed25519, 0x01)");
  }
  return key.key;
}

}  // namespace

Result<TypedKey> ParseTypedKey(std::string_view key_string) {
  const Status bad = Status::InvalidArgument(
      "malformed key (want name+8 hex digits+base64 of a type byte and 32 bytes)");
  const size_t p1 = key_string.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : key_string.find('+', p1 + 1);
  if (p2 == std::string_view::npos) {
    return bad;
  }
  TypedKey out;
  out.name = std::string(key_string.substr(0, p1));
  const std::string_view hex = key_string.substr(p1 + 1, p2 - p1 - 1);
  const auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), out.key_id, 16);
  if (hex.size() != 8 || ec != std::errc() || ptr != hex.data() + hex.size()) {
    return bad;
  }
  Result<Bytes> raw = Base64Decode(key_string.substr(p2 + 1));
  if (!raw.ok() || raw->size() != 1 + out.key.size()) {
    return bad;
  }
  out.type = (*raw)[0];
  std::copy(raw->begin() + 1, raw->end(), out.key.begin());
  OPENSSL_cleanse(raw->data(), raw->size());
  return out;
}

std::string FormatTypedKey(std::string_view name, uint32_t key_id, uint8_t type, ByteView key) {
  Bytes raw;
  raw.reserve(key.size() + 1);
  raw.push_back(type);
  raw.insert(raw.end(), key.begin(), key.end());
  std::string out = std::string(name) + "+" + Hex8(key_id) + "+" + Base64Encode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return out;
}

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) {
    return false;
  }
  size_t i = 0;
  while (i < name.size()) {
    const uint32_t cp = NextCodePoint(name, &i);
    if (cp == '+' || cp < 0x20 || cp == 0x7F || IsUnicodeSpace(cp)) {
      return false;
    }
  }
  return true;
}

uint32_t NoteKeyId(std::string_view name, uint8_t signature_type, ByteView public_key) {
  crypto::Sha256Hasher h;
  h.Update(name);
  const uint8_t sep[2] = {0x0A, signature_type};
  h.Update(ByteView(sep, 2));
  h.Update(public_key);
  const crypto::Digest d = h.Finish();
  return (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | d[3];
}

Status ValidateNoteText(std::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return Status::InvalidArgument("note text must end with a newline");
  }
  if (!IsValidUtf8(text)) {
    return Status::InvalidArgument("note text is not valid UTF-8");
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n') || u == 0x7F) {
      return Status::InvalidArgument("note text contains a control character");
    }
  }
  return Status::Ok();
}

std::string FormatSignatureLine(const NoteSignature& signature) {
  Bytes raw = {static_cast<uint8_t>(signature.key_id >> 24),
               static_cast<uint8_t>(signature.key_id >> 16),
               static_cast<uint8_t>(signature.key_id >> 8), static_cast<uint8_t>(signature.key_id)};
  raw.insert(raw.end(), signature.signature.begin(), signature.signature.end());
  std::string line(kEmDash);
  line.append(" ").append(signature.name).append(" ").append(Base64Encode(raw)).append("\n");
  return line;
}

Result<std::string> FormatNote(const Note& note) {
  GARANT_RETURN_IF_ERROR(ValidateNoteText(note.text));
  if (note.signatures.empty()) {
    return Status::InvalidArgument("a signed note needs a signature");
  }
  std::string out = note.text;
  out += "\n";
  for (const NoteSignature& s : note.signatures) {
    if (!IsValidKeyName(s.name)) {
      return Status::InvalidArgument("invalid key name");
    }
    out += FormatSignatureLine(s);
  }
  return out;
}

Result<Note> ParseNote(std::string_view message) {
  if (message.size() > kMaxNoteSize) {
    return Status::InvalidArgument("note too large");
  }
  if (!IsValidUtf8(message)) {
    return Status::InvalidArgument("note is not valid UTF-8");
  }
  for (char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n') || u == 0x7F) {
      return Status::InvalidArgument("note contains a control character");
    }
  }
  const size_t split = message.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("note has no signatures");
  }
  Note note;
  note.text = std::string(message.substr(0, split + 1));
  std::string_view sigs = message.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') {
    return Status::InvalidArgument("note signature block must end with a newline");
  }
  while (!sigs.empty()) {
    const size_t nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (note.signatures.size() == kMaxNoteSignatures) {
      return Status::InvalidArgument("note has too many signatures");
    }
    if (!line.starts_with(kEmDash) || line.size() <= kEmDash.size() ||
        line[kEmDash.size()] != ' ') {
      return Status::InvalidArgument("malformed note signature line");
    }
    line.remove_prefix(kEmDash.size() + 1);
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return Status::InvalidArgument("malformed note signature line");
    }
    NoteSignature sig;
    sig.name = std::string(line.substr(0, space));
    if (!IsValidKeyName(sig.name)) {
      return Status::InvalidArgument("invalid key name in note");
    }
    Result<Bytes> raw = Base64Decode(line.substr(space + 1));
    if (!raw.ok() || raw->size() < 5) {
      return Status::InvalidArgument("malformed note signature encoding");
    }
    sig.key_id = (uint32_t{(*raw)[0]} << 24) | (uint32_t{(*raw)[1]} << 16) |
                 (uint32_t{(*raw)[2]} << 8) | (*raw)[3];
    sig.signature.assign(raw->begin() + 4, raw->end());
    note.signatures.push_back(std::move(sig));
  }
  return note;
}

Result<NoteVerifier> NoteVerifier::Ed25519(std::string name,
                                           const crypto::Ed25519PublicKeyBytes& public_key) {
  if (!IsValidKeyName(name)) {
    return Status::InvalidArgument("invalid key name");
  }
  NoteVerifier v;
  v.key_id_ = NoteKeyId(name, kSignatureTypeEd25519, public_key);
  v.name_ = std::move(name);
  v.public_key_ = public_key;
  return v;
}

Result<NoteVerifier> NoteVerifier::Parse(std::string_view verifier_key) {
  Result<TypedKey> parts = ParseTypedKey(verifier_key);
  if (!parts.ok()) {
    return Status::InvalidArgument("malformed verifier key");
  }
  GARANT_ASSIGN_OR_RETURN(auto key, Ed25519KeyOf(*parts));
  GARANT_ASSIGN_OR_RETURN(NoteVerifier v, Ed25519(std::move(parts->name), key));
  if (v.key_id_ != parts->key_id) {
    return Status::InvalidArgument("verifier key id does not match the key");
  }
  return v;
}

std::string NoteVerifier::KeyString() const {
  return FormatTypedKey(name_, key_id_, kSignatureTypeEd25519, public_key_);
}

bool NoteVerifier::Verify(std::string_view text, ByteView signature) const {
  if (signature.size() != 64) {
    return false;
  }
  crypto::Ed25519Signature sig;
  std::copy(signature.begin(), signature.end(), sig.begin());
  return crypto::Ed25519Verify(public_key_, AsBytes(text), sig);
}

Result<NoteSigner> NoteSigner::Ed25519(std::string name, const crypto::Ed25519Seed& seed) {
  if (!IsValidKeyName(name)) {
    return Status::InvalidArgument("invalid key name");
  }
  GARANT_ASSIGN_OR_RETURN(crypto::Ed25519PublicKeyBytes pub, crypto::Ed25519PublicFromSeed(seed));
  NoteSigner s;
  s.key_id_ = NoteKeyId(name, kSignatureTypeEd25519, pub);
  s.name_ = std::move(name);
  s.public_key_ = pub;
  s.seed_ = seed;
  return s;
}

Result<NoteSigner> NoteSigner::Parse(std::string_view signer_key) {
  const Status bad = Status::InvalidArgument("malformed signer key");  // never echo the seed
  if (!signer_key.starts_with(kSignerKeyPrefix)) {
    return bad;
  }
  Result<TypedKey> parts = ParseTypedKey(signer_key.substr(kSignerKeyPrefix.size()));
  if (!parts.ok() || !Ed25519KeyOf(*parts).ok()) {
    return bad;
  }
  Result<NoteSigner> s = Ed25519(parts->name, parts->key);
  OPENSSL_cleanse(parts->key.data(), parts->key.size());
  if (!s.ok()) {
    return bad;
  }
  if (s->key_id_ != parts->key_id) {
    return Status::InvalidArgument("signer key id does not match the key");
  }
  return s;
}

NoteVerifier NoteSigner::Verifier() const {
  NoteVerifier v;
  v.name_ = name_;
  v.key_id_ = key_id_;
  v.public_key_ = public_key_;
  return v;
}

std::string NoteSigner::KeyString() const {
  return std::string(kSignerKeyPrefix) +
         FormatTypedKey(name_, key_id_, kSignatureTypeEd25519, seed_);
}

Result<NoteSignature> NoteSigner::Sign(std::string_view text) const {
  GARANT_RETURN_IF_ERROR(ValidateNoteText(text));
  GARANT_ASSIGN_OR_RETURN(crypto::Ed25519Signature sig, crypto::Ed25519Sign(seed_, AsBytes(text)));
  return NoteSignature{name_, key_id_, Bytes(sig.begin(), sig.end())};
}

Result<std::string> SignNote(std::string_view text, std::span<const NoteSigner> signers) {
  Note note;
  note.text = std::string(text);
  for (const NoteSigner& s : signers) {
    GARANT_ASSIGN_OR_RETURN(NoteSignature sig, s.Sign(text));
    note.signatures.push_back(std::move(sig));
  }
  return FormatNote(note);
}

Result<OpenedNote> OpenNote(std::string_view message, std::span<const NoteVerifier> verifiers) {
  GARANT_ASSIGN_OR_RETURN(Note note, ParseNote(message));
  OpenedNote out;
  out.text = std::move(note.text);
  for (NoteSignature& sig : note.signatures) {
    const auto known = std::find_if(verifiers.begin(), verifiers.end(), [&](const NoteVerifier& v) {
      return v.name() == sig.name && v.key_id() == sig.key_id;
    });
    if (known == verifiers.end()) {
      out.unknown.push_back(std::move(sig));
      continue;
    }
    if (!known->Verify(out.text, sig.signature)) {
      return Status::DataLoss("note signature by " + sig.name + " does not verify");
    }
    out.verified.push_back(std::move(sig));
  }
  if (out.verified.empty()) {
    return Status::Unauthenticated("note is not signed by a known key");
  }
  return out;
}

}  // namespace garant::audit
