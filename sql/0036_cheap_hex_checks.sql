-- 0036: the same lowercase-hex checks, without a regular expression, on the
-- two tables that take rows by the thousand. Forward-only: never edit this
-- file once applied; add a new numbered file.
--
-- `x ~ '^[0-9a-f]{64}$'` costs about 4 us a row in PostgreSQL 15 (measured
-- over 10^6 rows: 4.1 s), a third of the COPY of a batch of access events
-- (bench/access_bench.cc, --statements 1: 16.7 -> 11.9 ms per 1,000 rows
-- without it) and 0.4 s of a first exclusion list over 100,000 objections.
-- The check below says the same thing (64 bytes that decode as 32 bytes of
-- hex, so no whitespace, which decode() would skip, and no uppercase) in
-- 0.26 us a row. A string that is not hex at all is refused by decode()'s
-- own error (22023) instead of a check violation (23514): both refuse the
-- row, and garant computes these values itself (a content hash, a pseudonym),
-- so either would mean a bug, never a user's input.
--
-- NOT VALID, then VALIDATE: every stored row passed the stronger regular
-- expression already; the validation reads the table once without blocking
-- writes (SHARE UPDATE EXCLUSIVE).

ALTER TABLE access_events DROP CONSTRAINT access_events_content_sha256_check;
ALTER TABLE access_events ADD CONSTRAINT access_events_content_sha256_hex
  CHECK (octet_length(content_sha256) = 64
         AND octet_length(decode(content_sha256, 'hex')) = 32
         AND content_sha256 COLLATE "C" = lower(content_sha256 COLLATE "C")) NOT VALID;
ALTER TABLE access_events VALIDATE CONSTRAINT access_events_content_sha256_hex;

ALTER TABLE exclusion_list_entries DROP CONSTRAINT exclusion_list_entries_token_check;
ALTER TABLE exclusion_list_entries ADD CONSTRAINT exclusion_list_entries_token_hex
  CHECK (octet_length(token) = 64
         AND octet_length(decode(token, 'hex')) = 32
         AND token COLLATE "C" = lower(token COLLATE "C")) NOT VALID;
ALTER TABLE exclusion_list_entries VALIDATE CONSTRAINT exclusion_list_entries_token_hex;
