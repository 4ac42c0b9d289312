; Functions with a decorator (the rewrite keeps those decorated with `asyncio.coroutine`).
(decorated_definition
  (decorator) @decorator
  definition: (function_definition) @function) @decorated
; `from asyncio import coroutine`, removed once nothing uses it.
((import_from_statement) @import (#match? @import "coroutine"))
