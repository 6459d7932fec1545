-- Public participation: comments from citizens, the office's accounts and sessions, and the
-- shared state that lets several API processes run behind one load balancer (rate limits,
-- spent proof-of-work challenges, secrets). Same SQL on PGlite and PostgreSQL.

CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  receipt text NOT NULL UNIQUE,
  idempotency_key uuid NOT NULL UNIQUE,
  request_hash text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('opinion', 'report')),
  body text,
  contact text,
  consent_at timestamptz,
  target jsonb NOT NULL,
  lon double precision,
  lat double precision,
  county_codes text[] NOT NULL DEFAULT '{}',
  counties text[] NOT NULL DEFAULT '{}',
  cities text[] NOT NULL DEFAULT '{}',
  elements jsonb NOT NULL DEFAULT '[]',
  clause jsonb,
  lang text NOT NULL DEFAULT 'zh',
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processing', 'answered')),
  answer text,
  answered_at timestamptz,
  answered_by text,
  moderation text NOT NULL DEFAULT 'ok' CHECK (moderation IN ('ok', 'spam', 'abuse')),
  client_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  personal_data_purged_at timestamptz
);
CREATE INDEX comments_created_idx ON comments (created_at DESC);
CREATE INDEX comments_status_idx ON comments (status);
CREATE INDEX comments_county_idx ON comments USING gin (county_codes);

CREATE TABLE comment_events (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_id integer NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb
);
CREATE INDEX comment_events_comment_idx ON comment_events (comment_id);

CREATE TABLE consultation (
  id integer PRIMARY KEY CHECK (id = 1),
  opens_at timestamptz,
  closes_at timestamptz,
  reason_zh text,
  reason_en text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

CREATE TABLE office_users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text,
  password_hash text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE office_sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES office_users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE rate_limits (
  bucket text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);

CREATE TABLE pow_spent (
  challenge_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
