-- 0001: identity, rooms, messages and audit (../docs/architecture.md, "Data model").
-- Forward-only: never edit an applied migration; add 0002_... instead
-- (`agenthub migrate` refuses to run when an applied file's checksum changed).

CREATE TABLE agents (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL UNIQUE
                CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  display_name  text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 128),
  role          text NOT NULL CHECK (role IN ('admin', 'agent')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

-- Long-lived credentials: only the Argon2id PHC string of the token is kept.
CREATE TABLE api_tokens (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id       uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  prefix         text NOT NULL UNIQUE CHECK (prefix ~ '^[a-z2-7]{8}$'),
  hash_argon2id  text NOT NULL CHECK (hash_argon2id LIKE '$argon2id$%'),
  name           text,
  scopes         jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz,
  revoked_at     timestamptz,
  last_used_at   timestamptz
);
CREATE INDEX api_tokens_agent_idx ON api_tokens (agent_id);

-- last_seq is the room's commit point: the writer reserves seq ranges with
-- UPDATE rooms SET last_seq = last_seq + n ... RETURNING (G3).
CREATE TABLE rooms (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug         text NOT NULL UNIQUE
               CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 128),
  created_by   uuid REFERENCES agents (id) ON DELETE SET NULL,
  is_public    boolean NOT NULL DEFAULT false,
  last_seq     bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  archived_at  timestamptz
);

CREATE TABLE room_members (
  room_id    uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  agent_id   uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  role       text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
  joined_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, agent_id)
);
CREATE INDEX room_members_agent_idx ON room_members (agent_id);

-- Per-room total order (G3) and idempotent send (G2) are enforced here, so a
-- split brain or a retried batch can never create a gap or a duplicate.
CREATE TABLE messages (
  id             uuid PRIMARY KEY,
  room_id        uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq            bigint NOT NULL CHECK (seq > 0),
  sender_id      uuid NOT NULL REFERENCES agents (id),
  body           text NOT NULL,
  client_msg_id  text CHECK (char_length(client_msg_id) BETWEEN 1 AND 128),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (room_id, seq),
  UNIQUE (sender_id, client_msg_id)
);

CREATE TABLE audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type        text NOT NULL,
  agent_id    uuid REFERENCES agents (id) ON DELETE SET NULL,
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_type_created_idx ON audit_events (type, created_at);
CREATE INDEX audit_events_agent_idx ON audit_events (agent_id, created_at);
