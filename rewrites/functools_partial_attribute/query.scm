; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "functools"))
((import_from_statement) @import (#match? @import "functools"))
; `name = partial(...)` in a class body.
(class_definition body: (block (expression_statement (assignment left: (identifier) right: (call function: (_) @function) @partial))))
