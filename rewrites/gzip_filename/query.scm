; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "gzip"))
((import_from_statement) @import (#match? @import "gzip"))
; `f.filename`.
((attribute object: (identifier) @receiver attribute: (identifier) @attr) @use (#eq? @attr "filename"))
