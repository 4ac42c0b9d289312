; Import statements; the rewrite reports those of modules that no longer exist.
(import_statement) @import
(import_from_statement) @import
