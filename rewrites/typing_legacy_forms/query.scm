; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "typing"))
((import_from_statement) @import (#match? @import "typing"))
