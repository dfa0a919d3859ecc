-- 多验合一 review cases, one per parcel: the case's version counts its sign-offs (If-Match on a sign-off compares it).
CREATE TABLE review_cases (
  parcel_id text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0,
  opened_by text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every sign-off is a new row (the history is kept); the latest per item counts. The department is the item's.
CREATE TABLE review_signoffs (
  id bigserial PRIMARY KEY,
  parcel_id text NOT NULL REFERENCES review_cases(parcel_id) ON DELETE CASCADE,
  item text NOT NULL,
  department text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('pass', 'fail')),
  comment text NOT NULL DEFAULT '',
  reviewer text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  case_version bigint NOT NULL
);
CREATE INDEX review_signoffs_case ON review_signoffs (parcel_id, item, id);

-- Printed reports as archived: the HTML and the JSON record (as written, byte for byte), and the SHA-256 of the canonical inputs they came from.
CREATE TABLE review_reports (
  id bigserial PRIMARY KEY,
  parcel_id text NOT NULL REFERENCES review_cases(parcel_id) ON DELETE CASCADE,
  case_version bigint NOT NULL,
  inputs_sha256 text NOT NULL,
  lang text NOT NULL,
  record text NOT NULL,
  html text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_reports_case ON review_reports (parcel_id, id);

-- Tours shared by the authoring desk and the video wall: the validated tour JSON and its version (the ETag).
CREATE TABLE tours (
  id text PRIMARY KEY,
  tour jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
