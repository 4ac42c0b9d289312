; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "html"))
((import_from_statement) @import (#match? @import "html"))
; `parser.unescape(s)`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "unescape")) @method_call
