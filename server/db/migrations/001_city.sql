-- The city's layers as loaded by `cim db load`: one row per feature, geometry in CGCS2000 (EPSG:4490).
CREATE TABLE city (
  key text PRIMARY KEY,
  manifest jsonb NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

-- One row per vector layer (an OGC API collection).
CREATE TABLE layers (
  name text PRIMARY KEY,
  title text NOT NULL,
  source_file text NOT NULL,
  geometry_type text NOT NULL,
  feature_count integer NOT NULL,
  extent double precision[] NOT NULL,
  fields jsonb NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE features (
  layer text NOT NULL REFERENCES layers(name) ON DELETE CASCADE,
  fid bigint NOT NULL,
  id text NOT NULL,
  props jsonb NOT NULL,
  geom geometry(Geometry, 4490),
  PRIMARY KEY (layer, fid)
);
CREATE INDEX features_geom ON features USING gist (geom);
CREATE UNIQUE INDEX features_id ON features (layer, id);

-- The editable grid. The base is the grid file as loaded (its bytes, so every client and the server import the same
-- node ids from it), the edits are an append-only log over it; grid_cells is the current state of every L1, L2 and
-- L3 grid, kept by each edit in the same transaction. grid_base.version is the newest edit's (the row edits lock).
CREATE TABLE grid_base (
  id integer PRIMARY KEY CHECK (id = 1),
  content_hash text NOT NULL,
  source_file text NOT NULL,
  file bytea NOT NULL,
  crs text NOT NULL,
  zone integer NOT NULL,
  version bigint NOT NULL DEFAULT 0
);

CREATE TABLE grid_cells (
  id text PRIMARY KEY,
  level smallint NOT NULL CHECK (level IN (1, 2, 3)),
  name text NOT NULL,
  parent_id text,
  l1_id text,
  props jsonb NOT NULL DEFAULT '{}',
  geom geometry(MultiPolygon, 4490),
  version bigint NOT NULL DEFAULT 0,
  updated_by text,
  updated_at timestamptz,
  deleted boolean NOT NULL DEFAULT false,
  fid bigserial UNIQUE
);
CREATE INDEX grid_cells_geom ON grid_cells USING gist (geom);
CREATE INDEX grid_cells_level ON grid_cells (level, fid);

CREATE TABLE grid_ops (
  version bigint PRIMARY KEY,
  op jsonb NOT NULL,
  inverse jsonb NOT NULL,
  text text NOT NULL,
  cells text[] NOT NULL,
  base_version bigint NOT NULL,
  client_id text,
  user_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX grid_ops_client ON grid_ops (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX grid_ops_cells ON grid_ops USING gin (cells);
