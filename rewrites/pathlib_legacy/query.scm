; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "pathlib"))
((import_from_statement) @import (#match? @import "pathlib"))
; `with Path(...) as p:` (a single item).
(with_statement (with_clause . (with_item value: (as_pattern (call) @path_call alias: (as_pattern_target (identifier) @target))) .) body: (block) @body) @with
; `a.link_to(b)`, `p.relative_to(a, b)`, `p.is_reserved()`, `p.as_uri()`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "link_to" "relative_to" "is_relative_to" "is_reserved" "as_uri")) @method_call
