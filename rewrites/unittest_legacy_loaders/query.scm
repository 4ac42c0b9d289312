; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "unittest"))
((import_from_statement) @import (#match? @import "unittest"))
