; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "array"))
((import_from_statement) @import (#match? @import "array"))
; `arr.tostring()`, `arr.fromstring(data)`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "tostring" "fromstring")) @method_call
