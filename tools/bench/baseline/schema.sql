-- The seed's tables (agents, rooms, room_members, messages, audit_events), as
-- the Node baseline uses them. Its own database: never AgentHub's.
-- Differences from the seed, each needed to drive it with agenthub-loadgen:
--   * rooms are keyed by the name the client gives (text), created at
--     room:join (the seed created them over REST; setup is not measured);
--   * rooms.last_seq gives each message a per-room seq in the same
--     transaction (the loadgen checks order and completeness by seq; the
--     seed ordered by SERIAL + created_at).
CREATE TABLE IF NOT EXISTS agents (
  id            uuid PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  role          text NOT NULL DEFAULT 'agent',
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rooms (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_by  uuid REFERENCES agents (id),
  last_seq    bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS room_members (
  room_id    text NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  agent_id   uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  joined_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, agent_id)
);

CREATE TABLE IF NOT EXISTS messages (
  id             uuid PRIMARY KEY,
  room_id        text NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq            bigint NOT NULL,
  sender_id      uuid NOT NULL REFERENCES agents (id),
  body           text NOT NULL,
  client_msg_id  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (room_id, seq)
);
CREATE INDEX IF NOT EXISTS messages_room_created_idx
  ON messages (room_id, created_at DESC);

CREATE TABLE IF NOT EXISTS audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type        text NOT NULL,
  agent_id    uuid REFERENCES agents (id) ON DELETE SET NULL,
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_events_type_created_idx
  ON audit_events (type, created_at);
