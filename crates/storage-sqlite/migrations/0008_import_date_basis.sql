-- Where an imported protocol's meeting date came from: its text, the importer's option, the
-- file name, or nowhere (an import awaiting review). Empty for meetings planned in the app.
ALTER TABLE meetings ADD COLUMN source_date_basis TEXT;
