-- Kept a thumbnail of each enrolment for the front desk.
ALTER TABLE guest_faces ADD COLUMN face_thumbnail bytea;
