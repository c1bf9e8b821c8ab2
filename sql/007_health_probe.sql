-- 007: one row that /healthz rewrites to learn whether the disk takes writes again, once a write
-- has failed with a full disk or an I/O error (nothing else uses it). The probe writes 64 KiB, more
-- than a sign-up writes, so a disk with room for the probe has room for real writes.
CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL, pad BLOB);
