-- Guests and the face templates they enrol at the kiosk.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE guests (
    id          uuid PRIMARY KEY,
    full_name   text NOT NULL,
    id_card_no  text NOT NULL,
    phone       text,
    checked_out timestamptz
);

CREATE TABLE guest_faces (
    guest_id       uuid NOT NULL REFERENCES guests (id) ON DELETE CASCADE,
    face_embedding vector(512) NOT NULL,
    enrolled_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN guest_faces.face_embedding IS 'ArcFace template of the enrolment photo';
