-- Users, their sessions and the audit log. Passwords are argon2id hashes; session tokens are stored as SHA-256
-- hashes only, so a copy of the database gives no live session.
CREATE TABLE users (
  name text PRIMARY KEY,
  password_hash text NOT NULL,
  role text NOT NULL,
  department text,
  scope text[] NOT NULL DEFAULT '{}',
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);

CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_name text,
  action text NOT NULL,
  target text,
  ok boolean NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  ip text
);
CREATE INDEX audit_at ON audit (at);
