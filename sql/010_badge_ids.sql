-- 010: an opaque badge id per registration, carried by the check-in token instead of
-- registrations.id (a sequence: anyone holding a badge could read from its QR how many had
-- registered before). Random in 1..4294967295 (the token holds 32 bits) and unique within the
-- edition. Existing registrations get one here, new ones from the trigger, whatever code inserts
-- them. A draw that hits a badge id already taken is skipped (OR IGNORE) and drawn again; four
-- draws all taken would need about 10^-22 luck with ten thousand registrations in an edition.
ALTER TABLE registrations ADD COLUMN badge_id INTEGER;
CREATE UNIQUE INDEX registrations_badge_id ON registrations(edition_id, badge_id);

UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE badge_id IS NULL;
UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE badge_id IS NULL;
UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE badge_id IS NULL;
UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE badge_id IS NULL;

CREATE TRIGGER registrations_badge_id AFTER INSERT ON registrations WHEN NEW.badge_id IS NULL
BEGIN
  UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE id = NEW.id;
  UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE id = NEW.id AND badge_id IS NULL;
  UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE id = NEW.id AND badge_id IS NULL;
  UPDATE OR IGNORE registrations SET badge_id = 1 + abs(random() % 4294967295) WHERE id = NEW.id AND badge_id IS NULL;
END;
