; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "mimetypes"))
((import_from_statement) @import (#match? @import "mimetypes"))
; `types.add_type(\"text/x\", \"ext\")`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "add_type")) @method_call
