-- 004: each published version of the memoria keeps the JSON of what it published (items, credits,
-- contact), so the public page shows exactly the published text while organizers edit the next one.
ALTER TABLE proceedings_versions ADD COLUMN content TEXT;
