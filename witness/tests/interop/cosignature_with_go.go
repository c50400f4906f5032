// cosignature_with_go opens a cosigned checkpoint with Go's reference
// implementation of signed notes, golang.org/x/mod/sumdb/note: the log's
// Ed25519 key through note.NewVerifier, and each witness's cosignature/v1 key
// (https://c2sp.org/tlog-cosignature) through a note.Verifier written here,
// independently of garant: key id = SHA-256(name || 0x0A || 0x04 || key)[:4],
// signature = u64 big-endian time || Ed25519 over
// "cosignature/v1\ntime <T>\n" || checkpoint text. Run by
// tests/e2e/preuve.test.mjs:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run cosignature_with_go.go NOTE LOGVKEY WITNESSVKEY...
//
// Prints "ok" and one line per verified signature ("<name> <kind>"), exit 0;
// exit 1 when note.Open refuses the note (a signature by a known key that
// does not verify, or none by a known key).
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

type cosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v *cosignatureVerifier) Name() string    { return v.name }
func (v *cosignatureVerifier) KeyHash() uint32 { return v.hash }
func (v *cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	signed := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(t, 10)+"\n"), msg...)
	return ed25519.Verify(v.key, signed, sig[8:])
}

func newCosignatureVerifier(vkey string) (*cosignatureVerifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("not a verifier key: %s", vkey)
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 0x04 {
		return nil, fmt.Errorf("not a cosignature/v1 key: %s", vkey)
	}
	h := sha256.New()
	h.Write([]byte(parts[0] + "\n"))
	h.Write(raw)
	id := h.Sum(nil)[:4]
	if hex.EncodeToString(id) != parts[1] {
		return nil, fmt.Errorf("key id %s is not %s", parts[1], hex.EncodeToString(id))
	}
	return &cosignatureVerifier{name: parts[0], hash: binary.BigEndian.Uint32(id), key: raw[1:]}, nil
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: cosignature_with_go NOTE LOGVKEY [WITNESSVKEY...]")
		os.Exit(2)
	}
	msg, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	logVerifier, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "log key:", err)
		os.Exit(2)
	}
	verifiers := []note.Verifier{logVerifier}
	kinds := map[string]string{logVerifier.Name(): "log"}
	for _, w := range os.Args[3:] {
		v, err := newCosignatureVerifier(w)
		if err != nil {
			fmt.Fprintln(os.Stderr, "witness key:", err)
			os.Exit(2)
		}
		verifiers = append(verifiers, v)
		kinds[v.Name()] = "cosignature/v1"
	}
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("ok")
	for _, s := range n.Sigs {
		fmt.Println(s.Name, kinds[s.Name])
	}
}
