; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "logging"))
((import_from_statement) @import (#match? @import "logging"))
; `logger.warn(...)` on loggers.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#eq? @method "warn")) @warn
; `"strm": …` in a handler configuration.
(pair key: (string) @key (#match? @key "^[\'\"]strm[\'\"]$")) @pair
