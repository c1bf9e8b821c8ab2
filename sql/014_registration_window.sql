-- 014: the public registration window of an edition: instants in UTC ("YYYY-MM-DDTHH:MM:SSZ"),
-- NULL when that side is not limited. The window never closes before it opens.
ALTER TABLE editions ADD COLUMN registration_opens_at TEXT;
ALTER TABLE editions ADD COLUMN registration_closes_at TEXT
  CHECK (registration_closes_at IS NULL OR registration_opens_at IS NULL OR registration_closes_at > registration_opens_at);
