-- The thumbnails went after the 2025 review; guests' rows are purged 30 days after check-out,
-- and their templates go with them.
ALTER TABLE guest_faces DROP COLUMN face_thumbnail;

CREATE EXTENSION IF NOT EXISTS pg_cron;
SELECT cron.schedule('purge-checked-out-guests', '30 3 * * *',
    $$DELETE FROM guests WHERE checked_out < now() - interval '30 days'$$);
