-- 003: an edition's roster of people (invited speakers and moderators), so that people can be
-- gathered for an edition before they are placed in sessions, and copied from an earlier edition.
-- People themselves stay shared across editions.
CREATE TABLE edition_people (
  edition_id  INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  PRIMARY KEY (edition_id, person_id)
);
CREATE INDEX edition_people_by_person ON edition_people(person_id);
