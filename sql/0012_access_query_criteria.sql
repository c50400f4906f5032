-- 0012: repeated_query's differencing form (access/DESIGN.md, docs/access-events.md):
-- two count queries of an account whose criteria differ by one, with results a
-- few apart, isolate those few people. The checks compare an event with the
-- account's earlier count queries, so each event row keeps its criteria (the
-- fingerprints the warehouse sends in `query_criteria`) and its result count
-- (`true_count`, else `returned_count`). Old rows have neither (NULL).
-- Forward-only: never edit this file once applied; add a new numbered file.
ALTER TABLE access_events ADD COLUMN query_criteria text[];
ALTER TABLE access_events ADD COLUMN result_count bigint;
