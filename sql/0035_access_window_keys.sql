-- 0035: the window indexes of two checks keyed so that only they can serve
-- them (access/src/checks.cc, CountInWindows). Forward-only: never edit this
-- file once applied; add a new numbered file.
--
-- repeated_query counts an account's successful events with one query
-- fingerprint in a window, repeated_denials its refusals in a window. With
-- the account as a plain key column (0008), access_events_account
-- (account, occurred_at) served the same conditions, and the planner, which
-- cannot see how busy an account is through the batch's unnest(), took it:
-- each count then read every event of the account in the window (30 days for
-- repeated_query). Measured in bench/access_bench.cc at 40,000 events: 94 ms
-- for 800 counts, 198 rows read each, against 21 ms and 4 rows through the
-- fingerprint index. The key is now one expression, the account's byte
-- length, a colon, the account, then a space and the fingerprint for
-- repeated_query: no other index has it.
--
-- On a large access_events the CREATE INDEX reads the table once each
-- (minutes at 10^8 rows, writes waiting): apply it in a maintenance window.

DROP INDEX access_events_fingerprint;
DROP INDEX access_events_denials;

CREATE INDEX access_events_fingerprint
  ON access_events ((octet_length(account)::text || ':' || account || ' ' || query_fingerprint),
                    occurred_at)
  WHERE query_fingerprint IS NOT NULL AND outcome = 'success';

CREATE INDEX access_events_denials
  ON access_events ((octet_length(account)::text || ':' || account), occurred_at)
  WHERE outcome = 'denied' OR action = 'login_failed';
