-- 007: one row that /healthz rewrites to learn whether the disk takes writes again, once a write
-- has failed with a full disk or an I/O error (nothing else uses it).
CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
