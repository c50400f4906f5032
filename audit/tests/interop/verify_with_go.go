// verify_with_go checks what garant's audit module wrote in a directory with
// Go's reference implementations, golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog (an independent implementation of signed
// notes and RFC 6962 trees). Run by audit/tests/go_interop_test.cc:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run verify_with_go.go DIR ORIGIN
//
// DIR holds: vkey (verifier key), entries (a C2SP entry bundle stream of all
// leaves), checkpoint.<size> (signed notes), <index>.tlog-proof (C2SP
// tlog-proof receipts) and consistency.<old>.<new> (base64 hashes, one per
// line). It prints "ok" and exits 0 only when everything verifies and every
// proof equals the one Go computes itself.
package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type head struct {
	size int64
	root tlog.Hash
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// openCheckpoint verifies a signed checkpoint note and parses its body.
func openCheckpoint(msg []byte, verifiers note.Verifiers, origin string) head {
	n, err := note.Open(msg, verifiers)
	if err != nil {
		fail("note.Open: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) != 3 || lines[0] != origin {
		fail("unexpected checkpoint text %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || strconv.FormatInt(size, 10) != lines[1] {
		fail("bad size line %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != 32 {
		fail("bad root line %q", lines[2])
	}
	var h head
	h.size = size
	copy(h.root[:], raw)
	return h
}

func decodeHashes(lines []string) []tlog.Hash {
	var out []tlog.Hash
	for _, l := range lines {
		raw, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(raw) != 32 {
			fail("bad hash line %q", l)
		}
		var h tlog.Hash
		copy(h[:], raw)
		out = append(out, h)
	}
	return out
}

func sameHashes(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: verify_with_go DIR ORIGIN")
	}
	dir, origin := os.Args[1], os.Args[2]
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			fail("%v", err)
		}
		return b
	}

	verifier, err := note.NewVerifier(strings.TrimSpace(string(read("vkey"))))
	if err != nil {
		fail("note.NewVerifier: %v", err)
	}
	verifiers := note.VerifierList(verifier)

	// The leaves, and Go's own stored hashes for them.
	var leaves [][]byte
	for b := read("entries"); len(b) > 0; {
		if len(b) < 2 {
			fail("truncated entry length")
		}
		n := int(b[0])<<8 | int(b[1])
		if len(b) < 2+n {
			fail("truncated entry")
		}
		leaves = append(leaves, b[2:2+n])
		b = b[2+n:]
	}
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x >= int64(len(stored)) {
				return nil, errors.New("hash not stored")
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashes(int64(i), leaf, reader)
		if err != nil {
			fail("StoredHashes: %v", err)
		}
		stored = append(stored, hs...)
	}

	heads := map[int64]head{}
	checkpoints, _ := filepath.Glob(filepath.Join(dir, "checkpoint.*"))
	for _, path := range checkpoints {
		msg, _ := os.ReadFile(path)
		h := openCheckpoint(msg, verifiers, origin)
		root, err := tlog.TreeHash(h.size, reader)
		if err != nil || root != h.root {
			fail("%s: root %v, Go computes %v (%v)", path, h.root, root, err)
		}
		heads[h.size] = h
	}

	proofs, _ := filepath.Glob(filepath.Join(dir, "*.tlog-proof"))
	for _, path := range proofs {
		text := string(read(filepath.Base(path)))
		header, checkpoint, ok := strings.Cut(text, "\n\n")
		if !ok {
			fail("%s: no blank line", path)
		}
		lines := strings.Split(header, "\n")
		if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
			fail("%s: bad header", path)
		}
		index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
		if err != nil {
			fail("%s: bad index", path)
		}
		proof := tlog.RecordProof(decodeHashes(lines[2:]))
		h := openCheckpoint([]byte(checkpoint), verifiers, origin)
		if err := tlog.CheckRecord(proof, h.size, h.root, index, tlog.RecordHash(leaves[index])); err != nil {
			fail("%s: CheckRecord: %v", path, err)
		}
		mine, err := tlog.ProveRecord(h.size, index, reader)
		if err != nil || !sameHashes(mine, proof) {
			fail("%s: Go's ProveRecord differs (%v)", path, err)
		}
	}

	consistency, _ := filepath.Glob(filepath.Join(dir, "consistency.*"))
	for _, path := range consistency {
		parts := strings.Split(filepath.Base(path), ".")
		old, _ := strconv.ParseInt(parts[1], 10, 64)
		size, _ := strconv.ParseInt(parts[2], 10, 64)
		body := strings.TrimSuffix(string(read(filepath.Base(path))), "\n")
		var proof tlog.TreeProof
		if body != "" {
			proof = decodeHashes(strings.Split(body, "\n"))
		}
		oh, nh := heads[old], heads[size]
		if oh.size != old || nh.size != size {
			fail("%s: no checkpoints for both sizes", path)
		}
		if err := tlog.CheckTree(proof, size, nh.root, old, oh.root); err != nil {
			fail("%s: CheckTree: %v", path, err)
		}
		mine, err := tlog.ProveTree(size, old, reader)
		if err != nil || !sameHashes(mine, proof) {
			fail("%s: Go's ProveTree differs (%v)", path, err)
		}
	}

	if len(checkpoints) == 0 || len(proofs) == 0 || len(consistency) == 0 {
		fail("nothing to check")
	}
	fmt.Printf("ok: %d leaves, %d checkpoints, %d inclusion proofs, %d consistency proofs\n",
		len(leaves), len(checkpoints), len(proofs), len(consistency))
}
