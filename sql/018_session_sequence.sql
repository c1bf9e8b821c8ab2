-- 018: a revision counter for each session, for the calendar export (RFC 5545 SEQUENCE and
-- LAST-MODIFIED). sessions.sequence goes up by one, and sessions.updated_at moves to now, on every
-- change of what the session's calendar event shows: its kind, number, title, objective, times or
-- room; its room's name; its participants (who, in which role and order); a participant's name,
-- honorific, position or organization; the edition's venue or city. The triggers below catch every
-- writer (API, command line, import) and count only real changes: a write of the same values
-- bumps nothing.
ALTER TABLE sessions ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);

CREATE TRIGGER session_revised AFTER UPDATE OF kind, number, title, objective, starts_at, ends_at, room_id
ON sessions
WHEN old.kind IS NOT new.kind OR old.number IS NOT new.number OR old.title IS NOT new.title
  OR old.objective IS NOT new.objective OR old.starts_at IS NOT new.starts_at OR old.ends_at IS NOT new.ends_at
  OR old.room_id IS NOT new.room_id
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = new.id;
END;

CREATE TRIGGER session_participant_added AFTER INSERT ON session_participants
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE id = new.session_id;
END;

CREATE TRIGGER session_participant_removed AFTER DELETE ON session_participants
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE id = old.session_id;
END;

CREATE TRIGGER session_participant_revised AFTER UPDATE OF role, sort_order ON session_participants
WHEN old.role IS NOT new.role OR old.sort_order IS NOT new.sort_order
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE id = new.session_id;
END;

CREATE TRIGGER session_room_renamed AFTER UPDATE OF name ON rooms
WHEN old.name IS NOT new.name
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE room_id = new.id;
END;

CREATE TRIGGER session_person_revised AFTER UPDATE OF name, honorific, position, organization_id ON people
WHEN old.name IS NOT new.name OR old.honorific IS NOT new.honorific OR old.position IS NOT new.position
  OR old.organization_id IS NOT new.organization_id
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE id IN (SELECT session_id FROM session_participants WHERE person_id = new.id);
END;

CREATE TRIGGER session_organization_renamed AFTER UPDATE OF name ON organizations
WHEN old.name IS NOT new.name
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE id IN (SELECT sp.session_id FROM session_participants sp JOIN people p ON p.id = sp.person_id
               WHERE p.organization_id = new.id);
END;

CREATE TRIGGER session_venue_moved AFTER UPDATE OF venue, city ON editions
WHEN old.venue IS NOT new.venue OR old.city IS NOT new.city
BEGIN
  UPDATE sessions SET sequence = sequence + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
  WHERE edition_id = new.id;
END;

-- A deleted session stays in the calendar as cancelled (STATUS:CANCELLED, one revision more), so
-- that a calendar which imported it drops it. Should a new session get the same id (SQLite reuses
-- the highest one), it carries on from that revision: its UID's SEQUENCE never goes back.
CREATE TABLE cancelled_sessions (
  id           INTEGER PRIMARY KEY,  -- the deleted session's id: its UID in the calendar
  edition_id   INTEGER NOT NULL,     -- no foreign key: the row goes with the edition's other data below
  kind         TEXT NOT NULL,
  number       INTEGER,
  title        TEXT NOT NULL,
  objective    TEXT NOT NULL,
  starts_at    TEXT NOT NULL,
  ends_at      TEXT NOT NULL,
  sequence     INTEGER NOT NULL,     -- the session's last revision plus one
  cancelled_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX cancelled_sessions_by_edition ON cancelled_sessions(edition_id, starts_at);

CREATE TRIGGER session_cancelled AFTER DELETE ON sessions
BEGIN
  INSERT OR REPLACE INTO cancelled_sessions(id, edition_id, kind, number, title, objective, starts_at, ends_at, sequence)
  VALUES (old.id, old.edition_id, old.kind, old.number, old.title, old.objective, old.starts_at, old.ends_at,
          old.sequence + 1);
END;

CREATE TRIGGER session_id_reused AFTER INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM cancelled_sessions WHERE id = new.id)
BEGIN
  UPDATE sessions SET sequence = (SELECT sequence + 1 FROM cancelled_sessions WHERE id = new.id) WHERE id = new.id;
  DELETE FROM cancelled_sessions WHERE id = new.id;
END;

CREATE TRIGGER edition_deleted_cancellations AFTER DELETE ON editions
BEGIN
  DELETE FROM cancelled_sessions WHERE edition_id = old.id;
END;
