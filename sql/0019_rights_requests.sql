-- 0019: rights requests (RGPD art. 15, 16, 17, 18, 21; issue 14): the DPO's
-- register of the requests of the people concerned, their states, the
-- answer deadline with its clock stop and extension, and their history.
-- docs/rights-requests.md. Forward-only: never edit this file once applied.

CREATE TABLE rights_requests (
  id                   uuid PRIMARY KEY,
  reference            text NOT NULL UNIQUE CHECK (reference ~ '^DRT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
  right_type           text NOT NULL CHECK (right_type IN ('access', 'rectification', 'erasure',
                                                           'restriction', 'objection')),
  requester            text NOT NULL CHECK (requester IN ('person', 'parent', 'guardian', 'heir',
                                                          'lawyer')),
  channel              text NOT NULL CHECK (channel IN ('letter', 'email', 'phone', 'in_person',
                                                        'web')),
  received_at          timestamptz NOT NULL,
  created_at           timestamptz NOT NULL,
  entered_by           bigint NOT NULL REFERENCES staff_accounts (id),
  state                text NOT NULL CHECK (state IN ('received', 'identity_check', 'in_progress',
                                                      'answered', 'refused')),
  -- The clock stop (décret 2019-536, art. 77): seconds spent in completed
  -- identity checks, and the start of the running one.
  paused_seconds       bigint NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
  paused_since         timestamptz,
  extended_at          timestamptz,
  extension_reason     text CHECK (length(extension_reason) BETWEEN 1 AND 2000),
  -- Identity checked: when, how and by whom. The proof itself is never kept.
  identity_checked_at  timestamptz,
  identity_method      text CHECK (identity_method IN ('known_contact', 'document_seen',
                                                       'in_person', 'authenticated', 'other')),
  identity_checked_by  bigint REFERENCES staff_accounts (id),
  identity_note        text CHECK (length(identity_note) <= 2000),
  closed_at            timestamptz,
  answer_summary       text CHECK (length(answer_summary) <= 2000),
  refusal_ground       text CHECK (refusal_ground IN ('manifestly_unfounded', 'excessive',
                                                      'identity_not_established',
                                                      'research_exception', 'legal_obligation',
                                                      'no_data_held')),
  refusal_reason       text CHECK (length(refusal_reason) <= 2000),
  -- Type objection: the objection record it concerns (linked both ways).
  objection_id         uuid REFERENCES objections (id),
  -- The person concerned, the contact address and the requester's name:
  -- one AES-256-GCM sealed JSON object, AAD garant-rights-identity-v1|<id>.
  identity_sealed      bytea NOT NULL,
  seal_key_id          integer NOT NULL,
  CHECK ((state = 'identity_check') = (paused_since IS NOT NULL)),
  CHECK ((state IN ('answered', 'refused')) = (closed_at IS NOT NULL)),
  CHECK ((state = 'refused') = (refusal_ground IS NOT NULL AND refusal_reason IS NOT NULL)),
  CHECK ((extended_at IS NULL) = (extension_reason IS NULL)),
  CHECK ((right_type = 'objection') = (objection_id IS NOT NULL)),
  CHECK (state NOT IN ('in_progress', 'answered') OR identity_checked_at IS NOT NULL)
);
CREATE INDEX rights_requests_received ON rights_requests (received_at DESC);
CREATE INDEX rights_requests_open ON rights_requests (state) WHERE closed_at IS NULL;
CREATE INDEX rights_requests_objection ON rights_requests (objection_id)
  WHERE objection_id IS NOT NULL;

-- Every step of a request, with the index of its audit entry. Append-only.
CREATE TABLE rights_request_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id   uuid NOT NULL REFERENCES rights_requests (id),
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  from_state   text,
  to_state     text,
  audit_index  bigint
);
CREATE INDEX rights_request_events_request ON rights_request_events (request_id, id);
CREATE TRIGGER rights_request_events_append_only BEFORE UPDATE OR DELETE ON rights_request_events
  FOR EACH ROW EXECUTE FUNCTION garant_append_only();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'garant_app') THEN
    GRANT SELECT, INSERT ON rights_requests, rights_request_events TO garant_app;
    GRANT UPDATE (state, paused_seconds, paused_since, extended_at, extension_reason,
      identity_checked_at, identity_method, identity_checked_by, identity_note, closed_at,
      answer_summary, refusal_ground, refusal_reason, identity_sealed, seal_key_id)
      ON rights_requests TO garant_app;
  END IF;
END
$$;
