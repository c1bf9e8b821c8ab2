-- 012: the seat and waitlist counts of the capacity rule (confirmed or waitlisted registrations of
-- the seat-taking types, in sign-up order) read this index alone, instead of fetching every
-- registration of the status to look at its type.
CREATE INDEX registrations_seats ON registrations(edition_id, status, attendee_type);
