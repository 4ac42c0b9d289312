; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "asyncio"))
((import_from_statement) @import (#match? @import "asyncio"))
; `asyncio.set_event_loop_policy(...)` statements.
((expression_statement (call function: (_) @function) @call) @statement (#match? @function "set_event_loop_policy$"))
