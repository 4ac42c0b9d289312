; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "xml"))
((import_from_statement) @import (#match? @import "xml"))
; `elem.getchildren()`, `tree.getiterator(tag)`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "getchildren" "getiterator")) @method_call
; `if elem:` where `elem = root.find(...)`.
(if_statement condition: (identifier) @tested) @if
