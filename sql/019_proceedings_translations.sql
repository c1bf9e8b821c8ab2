-- 019: each published memoria kept in every language of its chrome. The Spanish version stays in
-- proceedings_versions.pdf; the others (English today) are rendered by the same publish, from the
-- same snapshot, and stored here, immutable like their version, so ?lang=en serves the same bytes
-- on every download. Versions published before this migration have none: they are rendered on
-- request from their stored content.
CREATE TABLE proceedings_version_translations (
  version_id  INTEGER NOT NULL REFERENCES proceedings_versions(id) ON DELETE CASCADE,
  lang        TEXT NOT NULL CHECK (lang IN ('en')),
  pdf         BLOB NOT NULL,
  sha256      TEXT NOT NULL,
  PRIMARY KEY (version_id, lang)
);
CREATE TRIGGER proceedings_version_translations_immutable BEFORE UPDATE ON proceedings_version_translations
BEGIN SELECT RAISE(ABORT, 'published proceedings are immutable'); END;
