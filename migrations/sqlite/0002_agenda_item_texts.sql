-- Vendor texts of agenda items (ratsinfo:text): questions, answers, motions.
ALTER TABLE agenda_item ADD COLUMN texts TEXT;
