-- 017: custom questions of an edition's sign-up form, and the answers given to them.
-- editions.questions is a JSON array [{id, label, label_en?, kind, options?, required}] (checked by
-- server/questions.c on every write). registrations.answers and pending_signups.answers are a JSON
-- object {id: {label, value}}: each answer keeps the label the person was asked, so it stays
-- readable after the question is renamed or deleted.
ALTER TABLE editions ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE registrations ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE pending_signups ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
