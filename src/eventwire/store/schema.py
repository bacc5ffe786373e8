"""The store's tables, and the migrations that bring an older database up to date.

The schema version lives in SQLite's `user_version`. Migration N turns a version N-1
database into version N; a database newer than this code is refused rather than guessed at.
"""

from __future__ import annotations

SCHEMA_VERSION = 4

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, paths TEXT NOT NULL,
  options TEXT NOT NULL, articles_new INTEGER DEFAULT 0, articles_known INTEGER DEFAULT 0,
  errors INTEGER DEFAULT 0
);
CREATE TABLE articles (
  id TEXT PRIMARY KEY, url TEXT, canonical_url TEXT, source TEXT, outlet TEXT NOT NULL,
  title TEXT, published TEXT, published_from TEXT, language TEXT, text TEXT NOT NULL,
  captions TEXT NOT NULL, related TEXT NOT NULL, warnings TEXT NOT NULL, origin TEXT,
  ingested_at TEXT NOT NULL, run INTEGER REFERENCES runs(id), event_count INTEGER NOT NULL,
  duplicate_of TEXT REFERENCES articles(id), similarity REAL
);
CREATE UNIQUE INDEX articles_canonical_url ON articles(canonical_url)
  WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE TABLE signatures (article TEXT PRIMARY KEY REFERENCES articles(id), minhash BLOB NOT NULL);
CREATE TABLE events (
  id TEXT PRIMARY KEY, cameo TEXT NOT NULL, cameo_name TEXT, plover_type TEXT,
  plover_mode TEXT, plover_context TEXT, quad_class INTEGER, goldstein REAL,
  source_code TEXT, source_country TEXT, source_sector TEXT,
  target_code TEXT, target_country TEXT, target_sector TEXT,
  date TEXT, place_name TEXT, place_country TEXT, place_feature TEXT, lat REAL, lon REAL,
  geonameid INTEGER, num_mentions INTEGER NOT NULL DEFAULT 0,
  num_sources INTEGER NOT NULL DEFAULT 0, num_articles INTEGER NOT NULL DEFAULT 0,
  first_article TEXT NOT NULL REFERENCES articles(id)
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE TABLE mentions (
  id INTEGER PRIMARY KEY, event TEXT NOT NULL REFERENCES events(id),
  article TEXT NOT NULL REFERENCES articles(id), field TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL, text TEXT NOT NULL, trigger TEXT, modality TEXT,
  negated INTEGER, attribution TEXT, source_text TEXT, target_text TEXT, quantities TEXT,
  date_how TEXT, place_how TEXT, record TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions(event);
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE actors (
  article TEXT NOT NULL REFERENCES articles(id), field TEXT NOT NULL, start INTEGER NOT NULL,
  "end" INTEGER NOT NULL, text TEXT NOT NULL, code TEXT, country TEXT, sector TEXT,
  person TEXT, kind TEXT, acts INTEGER
);
CREATE INDEX actors_article ON actors(article);
CREATE INDEX actors_code ON actors(code);
CREATE TABLE places (
  article TEXT NOT NULL REFERENCES articles(id), field TEXT NOT NULL, start INTEGER NOT NULL,
  "end" INTEGER NOT NULL, text TEXT NOT NULL, name TEXT, country TEXT, lat REAL, lon REAL,
  geonameid INTEGER, feature TEXT, literal INTEGER, how TEXT
);
CREATE INDEX places_article ON places(article);
""",
    2: """
ALTER TABLE events ADD COLUMN place_confidence REAL;
ALTER TABLE places ADD COLUMN confidence REAL;
CREATE INDEX events_place_confidence ON events(place_confidence);
""",
    # 3: readers' corrections (kept beside, never over, the machine's records) and the
    # state `watch` keeps between rounds: feeds, items seen, alerts fired.
    3: """
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY, event TEXT NOT NULL REFERENCES events(id), made_at TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong', 'fix')),
  cameo TEXT, source_code TEXT, target_code TEXT, note TEXT, author TEXT
);
CREATE INDEX corrections_event ON corrections(event);
CREATE TABLE feeds (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, last_success TEXT, last_error TEXT,
  last_error_at TEXT, failures INTEGER NOT NULL DEFAULT 0, next_try TEXT,
  items_seen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE feed_items (
  url TEXT PRIMARY KEY, feed TEXT NOT NULL, first_seen TEXT NOT NULL, article TEXT,
  outcome TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE alerts_fired (
  rule TEXT NOT NULL, event TEXT NOT NULL, fired_at TEXT NOT NULL,
  PRIMARY KEY (rule, event)
);
""",
    # 4: the event coder's calibrated probability that the event is right (NULL when the
    # coder gives none: the rules, and every event stored before this version).
    4: """
ALTER TABLE events ADD COLUMN confidence REAL;
CREATE INDEX events_confidence ON events(confidence);
""",
}
