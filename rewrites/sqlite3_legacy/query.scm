; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "sqlite3"))
((import_from_statement) @import (#match? @import "sqlite3"))
; `conn.execute("... :name ...", (a, b))` and `create_function(name=..., narg=..., func=...)`.
(call function: (attribute attribute: (identifier) @method) arguments: (argument_list) @arguments (#any-of? @method "execute" "executemany" "create_function" "set_authorizer" "set_progress_handler" "set_trace_callback")) @method_call
; `sqlite3.version` / `version_info`.
((attribute attribute: (identifier) @version) @version_use (#any-of? @version "version" "version_info"))
