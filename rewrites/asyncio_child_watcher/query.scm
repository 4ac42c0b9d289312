; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "asyncio"))
((import_from_statement) @import (#match? @import "asyncio"))
; `asyncio.set_child_watcher(...)` and `asyncio.get_child_watcher()` calls.
(call function: (_) @function (#match? @function "(set|get)_child_watcher$")) @call
