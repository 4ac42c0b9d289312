; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "argparse"))
((import_from_statement) @import (#match? @import "argparse"))
; `parser.add_argument(..., action=argparse.BooleanOptionalAction, type=...)` and group nesting.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "add_argument" "add_argument_group" "add_mutually_exclusive_group")) @method_call
