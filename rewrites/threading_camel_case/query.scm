; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "threading"))
((import_from_statement) @import (#match? @import "threading"))
; `t.setDaemon(True)` and the other camelCase methods of threads, events and conditions.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "setDaemon" "isDaemon" "getName" "setName" "isSet" "notifyAll" "isAlive")) @call
