-- Rows updated after they are written keep room on their page, so that PostgreSQL can update them in
-- place (a heap-only tuple: no new entry in any index, the old version pruned on the page).
-- A receipt is claimed and settled in the same transaction; a position row is rewritten by every
-- event of its position. With full pages (the default fill factor of 100) most of these updates had
-- to move the row to another page and insert it again into every index of the table.
alter table ingest_receipt set (fillfactor = 70);
alter table qry_position set (fillfactor = 70);
